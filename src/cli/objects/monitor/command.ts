import type { Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { commandNames, printMonitorEvent } from './print.js';
import { MONITOR_USAGE } from '../../usage.js';
import { printUsage } from '../common.js';

/** Objects `monitor` can filter on: iproute2's, plus `rate` and `param`. */
export const MONITOR_OBJECTS: ReadonlySet<string> = new Set(['all', 'dev', 'port', 'rate', 'param', 'region', 'flash', 'health', 'trap', 'trap-group', 'trap-policer', 'lc']);

/**
 * `devlink-ts monitor [ all | OBJECT-LIST ]`: prints configuration notifications as they come
 * (rate events included, which iproute2 drops) until interrupted. With `-j` each event is one
 * JSON object on its own line. A lost-notification overflow is reported on stderr and the stream
 * continues.
 */
export const monitorCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, MONITOR_USAGE);
  const wanted = cursor.rest();
  for (const word of wanted) {
    if (!MONITOR_OBJECTS.has(word)) throw new CliError(`Unknown object "${word}"`);
  }
  const selected = (object: string): boolean =>
    wanted.length === 0 || wanted.includes('all') || wanted.includes(object);
  const devlink = await context.devlink();
  const signal = context.stopSignal;
  context.lineBasedJson = true;
  // The stream is subscribed as soon as it exists and ends when the signal aborts.
  for await (const event of devlink.events({ signal })) {
    if (event.kind === 'resync') {
      context.io.stderr(`devlink-ts: monitor: notifications were lost (${event.reason.message}); state may have changed unseen\n`);
      continue;
    }
    if (event.kind === 'unknown' || !selected(commandNames(event.command)[0])) continue;
    const text = printMonitorEvent(context.printer, event, {
      json: context.options.json,
      pretty: context.options.pretty,
      iec: context.options.iec,
      verbose: context.options.verbose,
      statistics: context.options.statistics,
    });
    if (text) context.io.stdout(text);
  }
};
