import type { Devlink } from '../../../devlink/client.js';
import type { DeviceHandle } from '../../../devlink/handles.js';
import type { DpipeHeader } from '../../../devlink/ops/dpipe.js';
import type { DevlinkResource } from '../../../devlink/ops/resources.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceArg } from '../../grammar/handles.js';
import { parseSbOptions } from '../../grammar/sb-options.js';
import type { CliContext, Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { describeFailure } from '../../report.js';
import { commandNotFound, inSection, printUsage } from '../common.js';
import { DpipeNames, printDpipeEntry, printDpipeHeader, printDpipeTable } from './print.js';

/** `devlink-ts dpipe help` (iproute2's words). */
export const DPIPE_USAGE = [
  'Usage: devlink dpipe table show DEV [ name TABLE_NAME ]',
  '       devlink dpipe table set DEV name TABLE_NAME',
  '                               [ counters_enabled { true | false } ]',
  '       devlink dpipe table dump DEV name TABLE_NAME',
  '       devlink dpipe header show DEV',
];

/**
 * The headers every dpipe command reads first. iproute2 reports a refusal, then
 * `error get headers <strerror>` of its own error variable, which is 0 for a kernel refusal.
 */
async function readHeaders(devlink: Devlink, dev: DeviceHandle): Promise<readonly DpipeHeader[]> {
  try {
    return (await devlink.getDpipeHeaders(dev)).headers;
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
  const devlink = await context.devlink();
  await inSection(context, 'header', async () => {
    const names = new DpipeNames(await readHeaders(devlink, dev));
    for (const header of names.ordered) printDpipeHeader(context.printer, dev.busName, dev.deviceName, header, context.options.verbose);
  });
}

async function tableShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  const dev = parseDeviceArg(cursor.next());
  const { name } = parseSbOptions(cursor, [], ['name']);
  const devlink = await context.devlink();
  const names = new DpipeNames(await readHeaders(devlink, dev));
  // The resource tree names a table's resource; when it cannot be read iproute2 reports the
  // refusal and prints the tables without resource fields.
  let resources: readonly DevlinkResource[] | undefined;
  try {
    resources = (await devlink.getResources(dev)).resources;
  } catch (error) {
    context.io.stderr(describeFailure(error).text);
  }
  await reportedOnly(context, () => inSection(context, 'table', async () => {
    const tables = await devlink.getDpipeTables(dev, name);
    for (const table of tables) printDpipeTable(context.printer, dev.busName, dev.deviceName, table, names, resources);
  }));
}

async function tableSet(cursor: ArgCursor, context: CliContext): Promise<void> {
  const dev = parseDeviceArg(cursor.next());
  const options = parseSbOptions(cursor, ['name', 'counters']);
  await (await context.devlink()).setDpipeTableCounters(dev, options.name ?? '', options.counters ?? false);
}

async function tableDump(cursor: ArgCursor, context: CliContext): Promise<void> {
  const dev = parseDeviceArg(cursor.next());
  const { name } = parseSbOptions(cursor, ['name']);
  const devlink = await context.devlink();
  const names = new DpipeNames(await readHeaders(devlink, dev));
  await reportedOnly(context, () => inSection(context, 'table_entry', async () => {
    const entries = await devlink.getDpipeEntries(dev, name ?? '');
    for (const entry of entries) printDpipeEntry(context.printer, dev.busName, dev.deviceName, entry, names);
  }));
}
