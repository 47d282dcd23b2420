import type { ArgCursor } from '../grammar/cursor.js';
import type { DeviceHandle } from '../../devlink/handles.js';
import { parseDeviceArg } from '../grammar/handles.js';
import { parseSbOptions } from '../grammar/sb-options.js';
import type { DpipeBackend, DpipeHeaderView } from '../backend-dpipe.js';
import type { ResourceView } from '../backend-resource.js';
import type { CliContext, Command } from '../context.js';
import { CliError } from '../errors.js';
import { DpipeNames, printDpipeEntry, printDpipeHeader, printDpipeTable } from '../output/print-dpipe.js';
import { describeFailure } from '../report.js';
import { commandNotFound, inSection, printUsage } from '../objects/common.js';

/** `devlink-ts dpipe help` (iproute2's words). */
export const DPIPE_USAGE = [
  'Usage: devlink dpipe table show DEV [ name TABLE_NAME ]',
  '       devlink dpipe table set DEV name TABLE_NAME',
  '                               [ counters_enabled { true | false } ]',
  '       devlink dpipe table dump DEV name TABLE_NAME',
  '       devlink dpipe header show DEV',
];

async function dpipe(context: CliContext): Promise<DpipeBackend> {
  return (await import('../devlink-backend-dpipe.js')).dpipeBackend(await context.devlink());
}

/**
 * The headers every dpipe command reads first. iproute2 reports a refusal, then
 * `error get headers <strerror>` of its own error variable, which is 0 for a kernel refusal.
 */
async function readHeaders(backend: DpipeBackend, dev: DeviceHandle): Promise<DpipeHeaderView[]> {
  try {
    return await backend.headers(dev);
  } catch (error) {
    throw new CliError([describeFailure(error).text, 'error get headers Success']);
  }
}

/**
 * Runs a listing whose refusal iproute2 reports but does not fail on (exit status 0): its table
 * show and table dump ignore the result of the last request.
 */
async function reportedOnly(context: CliContext, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    context.io.stderr(describeFailure(error).text);
  }
}

/** `devlink-ts dpipe ...`: header show, table show|set|dump. */
export const dpipeCommand: Command = async (cursor, context) => {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, DPIPE_USAGE);
  if (cursor.accept('header')) {
    if (cursor.matches('help') || cursor.atEnd) return printUsage(context, DPIPE_USAGE);
    if (cursor.accept('show')) return headerShow(cursor, context);
    throw commandNotFound(cursor);
  }
  if (cursor.accept('table')) {
    if (cursor.matches('help') || cursor.atEnd) return printUsage(context, DPIPE_USAGE);
    if (cursor.accept('show')) return tableShow(cursor, context);
    if (cursor.accept('set')) return tableSet(cursor, context);
    if (cursor.accept('dump')) return tableDump(cursor, context);
    throw commandNotFound(cursor);
  }
  throw commandNotFound(cursor);
};

async function headerShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  const dev = parseDeviceArg(cursor.next());
  parseSbOptions(cursor, []);
  const backend = await dpipe(context);
  await inSection(context, 'header', async () => {
    const names = new DpipeNames(await readHeaders(backend, dev));
    for (const header of names.ordered) printDpipeHeader(context.printer, dev.busName, dev.deviceName, header, context.options.verbose);
  });
}

async function tableShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  const dev = parseDeviceArg(cursor.next());
  const { name } = parseSbOptions(cursor, [], ['name']);
  const backend = await dpipe(context);
  const names = new DpipeNames(await readHeaders(backend, dev));
  // The resource tree names a table's resource; when it cannot be read iproute2 reports the
  // refusal and prints the tables without resource fields.
  let resources: ResourceView[] | undefined;
  try {
    resources = await (await (await import('../devlink-backend-resource.js')).resourceBackend(await context.devlink())).resources(dev);
  } catch (error) {
    context.io.stderr(describeFailure(error).text);
  }
  await reportedOnly(context, () => inSection(context, 'table', async () => {
    const tables = await backend.tables(dev, name);
    for (const table of tables) printDpipeTable(context.printer, dev.busName, dev.deviceName, table, names, resources);
  }));
}

async function tableSet(cursor: ArgCursor, context: CliContext): Promise<void> {
  const dev = parseDeviceArg(cursor.next());
  const options = parseSbOptions(cursor, ['name', 'counters']);
  await (await dpipe(context)).setCounters(dev, options.name ?? '', options.counters ?? false);
}

async function tableDump(cursor: ArgCursor, context: CliContext): Promise<void> {
  const dev = parseDeviceArg(cursor.next());
  const { name } = parseSbOptions(cursor, ['name']);
  const backend = await dpipe(context);
  const names = new DpipeNames(await readHeaders(backend, dev));
  await reportedOnly(context, () => inSection(context, 'table_entry', async () => {
    const entries = await backend.entries(dev, name ?? '');
    for (const entry of entries) printDpipeEntry(context.printer, dev.busName, dev.deviceName, entry, names);
  }));
}
