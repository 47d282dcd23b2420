import type { ArgCursor } from '../grammar/cursor.js';
import { parseObjectOptions } from '../grammar/object-options.js';
import type { RegionRef } from '../backend-region.js';
import type { CliContext, Command } from '../context.js';
import { CliError } from '../errors.js';
import { printRegion, printRegionChunks } from '../output/print-region.js';
import { commandNotFound, inSection, printUsage } from '../objects/common.js';

/** `devlink-ts region help` (iproute2 6.1's words). */
export const REGION_USAGE = [
  'Usage: devlink region show [ DEV/REGION ]',
  '       devlink region del DEV/REGION snapshot SNAPSHOT_ID',
  '       devlink region new DEV/REGION [ snapshot SNAPSHOT_ID ]',
  '       devlink region dump DEV/REGION [ snapshot SNAPSHOT_ID ]',
  '       devlink region read DEV/REGION [ snapshot SNAPSHOT_ID ] address ADDRESS length LENGTH',
];

/**
 * Bytes printed so far by this run (a batch counts on): iproute2 keeps this count in a static
 * variable, so a second dump in one batch starts with a line break.
 */
const printedBytes = new WeakMap<CliContext, { count: number }>();

/** Parses `bus/dev/region` (iproute2's `dl_argv_handle_region`). */
function parseRegionArg(word: string | undefined): RegionRef {
  const expected = 'Expected "bus_name/dev_name/region" identification.';
  if (word === undefined) throw new CliError(expected);
  const parts = word.split('/');
  if (parts.length !== 3) throw new CliError(['Wrong identification string format.', expected]);
  const [busName = '', deviceName = '', region = ''] = parts;
  return { busName, deviceName, region };
}

/** `devlink-ts region ...`: show, new, del, dump, read. */
export const regionCommand: Command = async (cursor, context) => {
  if (cursor.atEnd) return regionShow(cursor, context);
  if (cursor.matches('help')) return printUsage(context, REGION_USAGE);
  if (cursor.accept('show')) return regionShow(cursor, context);
  if (cursor.accept('del')) {
    const ref = parseRegionArg(cursor.next());
    const options = parseObjectOptions(cursor, [], ['snapshot']);
    return (await (await import('../devlink-backend-region.js')).regionBackend(await context.devlink())).deleteSnapshot(ref, options.snapshot ?? 0);
  }
  if (cursor.accept('dump')) return regionRead(cursor, context, 'dump');
  if (cursor.accept('read')) return regionRead(cursor, context, 'read');
  if (cursor.accept('new')) {
    const ref = parseRegionArg(cursor.next());
    const options = parseObjectOptions(cursor, ['snapshot']);
    const regions = await (await import('../devlink-backend-region.js')).regionBackend(await context.devlink());
    await inSection(context, 'regions', async () => {
      for (const reply of await regions.newSnapshot(ref, options.snapshot)) printRegion(context.printer, reply);
    });
    return;
  }
  throw commandNotFound(cursor);
};

async function regionShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let ref: RegionRef | undefined;
  if (!cursor.atEnd) {
    ref = parseRegionArg(cursor.next());
    parseObjectOptions(cursor, []);
  }
  const regions = await (await import('../devlink-backend-region.js')).regionBackend(await context.devlink());
  await inSection(context, 'regions', async () => {
    const list = ref ? [await regions.getRegion(ref)] : await regions.listRegions();
    for (const region of list) printRegion(context.printer, region);
  });
}

/**
 * `dump` (a whole snapshot) and `read` (address and length, of a snapshot or, without one, of the
 * live region as iproute2 6.2+ reads it): hex rows, or JSON chunks.
 */
async function regionRead(cursor: ArgCursor, context: CliContext, which: 'dump' | 'read'): Promise<void> {
  const ref = parseRegionArg(cursor.next());
  const options = which === 'dump'
    ? parseObjectOptions(cursor, [], ['snapshot'])
    : parseObjectOptions(cursor, ['snapshot'], ['address', 'length']);
  const regions = await (await import('../devlink-backend-region.js')).regionBackend(await context.devlink());
  let position = printedBytes.get(context);
  if (!position) {
    position = { count: 0 };
    printedBytes.set(context, position);
  }
  const range = options.address !== undefined && options.length !== undefined ? { address: options.address, length: options.length } : undefined;
  const counter = position;
  try {
    await inSection(context, which, async () => {
      // `dump` always names a snapshot; `read` without one reads the live region (`direct`)
      printRegionChunks(context.printer, await regions.read(ref, options.snapshot, range), counter);
    });
  } finally {
    if (!context.printer.json) {
      context.printer.out('\n');
      context.flush();
    }
  }
}
