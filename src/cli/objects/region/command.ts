import type { DeviceHandle } from '../../../devlink/handles.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseObjectOptions } from '../../grammar/object-options.js';
import type { CliContext, Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { commandNotFound, inSection, printUsage } from '../common.js';
import { printRegion, printRegionChunks } from './print.js';

/** A region named on the command line (`bus/dev/region`): its device and its name. */
interface RegionRef {
  readonly device: DeviceHandle;
  readonly region: string;
}

const deviceText = (device: DeviceHandle): string => `${device.busName}/${device.deviceName}`;

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
  return { device: { busName, deviceName }, region };
}

/** `devlink-ts region ...`: show, new, del, dump, read. */
export const regionCommand: Command = async (cursor, context) => {
  if (cursor.atEnd) return regionShow(cursor, context);
  if (cursor.matches('help')) return printUsage(context, REGION_USAGE);
  if (cursor.accept('show')) return regionShow(cursor, context);
  if (cursor.accept('del')) {
    const ref = parseRegionArg(cursor.next());
    const options = parseObjectOptions(cursor, [], ['snapshot']);
    return (await context.devlink()).deleteRegionSnapshot(ref.device, ref.region, options.snapshot ?? 0);
  }
  if (cursor.accept('dump')) return regionRead(cursor, context, 'dump');
  if (cursor.accept('read')) return regionRead(cursor, context, 'read');
  if (cursor.accept('new')) {
    const ref = parseRegionArg(cursor.next());
    const options = parseObjectOptions(cursor, ['snapshot']);
    const devlink = await context.devlink();
    await inSection(context, 'regions', async () => {
      const snapshotId = await devlink.newRegionSnapshot(ref.device, ref.region, options.snapshot === undefined ? {} : { snapshotId: options.snapshot });
      // The kernel answers (and iproute2 prints) only an id it chose; a given id gets no reply.
      if (options.snapshot === undefined) printRegion(context.printer, deviceText(ref.device), { name: ref.region, snapshotId });
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
  const devlink = await context.devlink();
  await inSection(context, 'regions', async () => {
    const list = ref ? [await devlink.getRegion(ref.device, ref.region)] : await devlink.listRegions();
    for (const region of list) printRegion(context.printer, deviceText(region), region);
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
  const devlink = await context.devlink();
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
      const source = options.snapshot === undefined ? { direct: true as const } : { snapshotId: options.snapshot };
      printRegionChunks(context.printer, (await devlink.readRegion(ref.device, ref.region, source, range ?? {})).chunks, counter);
    });
  } finally {
    if (!context.printer.json) {
      context.printer.out('\n');
      context.flush();
    }
  }
}
