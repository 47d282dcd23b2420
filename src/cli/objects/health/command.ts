import type { DeviceOrPortHandle } from '../../../devlink/handles.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceOrPortArg } from '../../grammar/handles.js';
import { parseObjectOptions, type ObjectOptionId } from '../../grammar/object-options.js';
import { commandNotFound, inSection, printUsage, resolvePort } from '../common.js';
import type { CliContext, Command } from '../../context.js';
import { printFmsg } from './fmsg.js';
import { printHealthReporter } from './print.js';

/** `devlink-ts health help` (iproute2 6.1's words). */
export const HEALTH_USAGE = [
  'Usage: devlink health show [ { DEV | DEV/PORT_INDEX } reporter REPORTER_NAME ]',
  '       devlink health recover { DEV | DEV/PORT_INDEX } reporter REPORTER_NAME',
  '       devlink health diagnose { DEV | DEV/PORT_INDEX } reporter REPORTER_NAME',
  '       devlink health test { DEV | DEV/PORT_INDEX } reporter REPORTER_NAME',
  '       devlink health dump show { DEV | DEV/PORT_INDEX } reporter REPORTER_NAME',
  '       devlink health dump clear { DEV | DEV/PORT_INDEX } reporter REPORTER_NAME',
  '       devlink health set { DEV | DEV/PORT_INDEX } reporter REPORTER_NAME',
  '                          [ grace_period MSEC ]',
  '                          [ auto_recover { true | false } ]',
  '                          [ auto_dump    { true | false } ]',
];

/** `devlink-ts health ...`: show, recover, diagnose, dump show|clear, set, test. */
export const healthCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, HEALTH_USAGE);
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    return healthShow(cursor, context);
  }
  if (cursor.accept('recover')) {
    const [target, reporter] = await reporterArgs(cursor, context);
    return (await context.devlink()).recoverHealthReporter(target, reporter);
  }
  if (cursor.accept('diagnose')) return healthMessage(cursor, context, 'diagnose');
  if (cursor.accept('dump')) {
    if (cursor.accept('show')) return healthMessage(cursor, context, 'dump');
    if (cursor.accept('clear')) {
      const [target, reporter] = await reporterArgs(cursor, context);
      return (await context.devlink()).clearHealthReporterDump(target, reporter);
    }
    throw commandNotFound(cursor);
  }
  if (cursor.accept('set')) {
    const [target, reporter, options] = await reporterArgs(cursor, context, ['gracePeriod', 'autoRecover', 'autoDump']);
    const settings = {
      ...(options.gracePeriod !== undefined ? { gracefulPeriod: options.gracePeriod } : {}),
      ...(options.autoRecover !== undefined ? { autoRecover: options.autoRecover } : {}),
      ...(options.autoDump !== undefined ? { autoDump: options.autoDump } : {}),
    };
    const devlink = await context.devlink();
    // iproute2 sends a set with nothing in it, which the kernel accepts once it finds the reporter;
    // the library refuses an empty set, so a lookup gives the same answer (and the same refusal).
    if (Object.keys(settings).length === 0) return void (await devlink.getHealthReporter(target, reporter));
    return devlink.setHealthReporter(target, reporter, settings);
  }
  if (cursor.accept('test')) {
    const [target, reporter] = await reporterArgs(cursor, context);
    return (await context.devlink()).testHealthReporter(target, reporter);
  }
  throw commandNotFound(cursor);
};

/** `{ DEV | DEV/PORT_INDEX | NETDEV } reporter NAME [options]`, as iproute2 reads it. */
async function reporterArgs(
  cursor: ArgCursor,
  context: CliContext,
  optional: readonly ObjectOptionId[] = [],
): Promise<[DeviceOrPortHandle, string, ReturnType<typeof parseObjectOptions>]> {
  const handle = parseDeviceOrPortArg(cursor.next());
  // iproute2 looks a netdev name up before it reads the options.
  const target: DeviceOrPortHandle = 'device' in handle ? handle.device : await resolvePort(context, handle.port);
  const options = parseObjectOptions(cursor, optional, ['reporter']);
  return [target, options.reporter ?? '', options];
}

/**
 * `health show`, and `port health [list|show]` with `portsOnly` (iproute2 then prints only the
 * reporters of ports).
 */
export async function healthShow(cursor: ArgCursor, context: CliContext, portsOnly = false): Promise<void> {
  const selected = cursor.atEnd ? undefined : await reporterArgs(cursor, context);
  const devlink = await context.devlink();
  await inSection(context, 'health', async () => {
    const reporters = selected ? [await devlink.getHealthReporter(selected[0], selected[1])] : await devlink.listHealthReporters();
    for (const reporter of reporters) {
      if (!portsOnly || reporter.portIndex !== undefined) printHealthReporter(context.printer, reporter);
    }
  });
}

/**
 * `diagnose` and `dump show`: the driver's message stream, printed as iproute2 prints it, with no
 * section around it. Where iproute2's walk of the stream fails (see printFmsg) it reports
 * `kernel answers: Success` and still succeeds; so does devlink-ts.
 */
async function healthMessage(cursor: ArgCursor, context: CliContext, which: 'diagnose' | 'dump'): Promise<void> {
  const [target, reporter] = await reporterArgs(cursor, context);
  const devlink = await context.devlink();
  const items = which === 'diagnose' ? await devlink.diagnoseHealthReporterItems(target, reporter) : await devlink.dumpHealthReporterItems(target, reporter);
  const complete = printFmsg(context.printer, items);
  context.flush();
  if (!complete) context.io.stderr('kernel answers: Success\n');
}
