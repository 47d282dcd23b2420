import { decodeHealthReporter } from '../../../devlink/ops/health.js';
import type { DevlinkEvent } from '../../../devlink/ops/events.js';
import { commandName } from '../../../devlink/spec/commands.js';
import { Printer } from '../../print/printer.js';
import { printDevice } from '../dev/print.js';
import { printParam } from '../dev/param-print.js';
import { printPort } from '../port/print.js';
import { printRate } from '../rate/print.js';
import { printHealthReporter } from '../health/print.js';
import { printRegion } from '../region/print.js';
import { printLinecard } from '../lc/print.js';
import { printFlashEvent } from '../flash/print.js';
import { printTrap, printTrapGroup, printTrapPolicer } from '../trap/print.js';

/** iproute2's monitor words for the objects whose spec command names differ from them. */
const MONITOR_OBJECT: ReadonlyMap<string, string> = new Map([
  ['', 'dev'], ['port', 'port'], ['param', 'param'], ['port-param', 'param'], ['region', 'region'], ['trap', 'trap'],
  ['trap-group', 'trap-group'], ['trap-policer', 'trap-policer'], ['rate', 'rate'], ['linecard', 'lc'],
]);
const SPECIAL: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['health-reporter-recover', ['health', 'status']],
  ['flash-update', ['flash', 'begin']],
  ['flash-update-end', ['flash', 'end']],
  ['flash-update-status', ['flash', 'status']],
]);

/**
 * The object name (`port`) and verb (`new`) iproute2's monitor prints for a devlink command,
 * derived from the spec's command names (`port-new`, `linecard-del`, `flash-update-end`).
 */
export function commandNames(command: number): readonly [string, string] {
  const name = commandName(command);
  const special = SPECIAL.get(name);
  if (special) return special;
  const match = /^(?:(.+)-)?(get|set|new|del)$/.exec(name);
  const object = match && MONITOR_OBJECT.get(match[1] ?? '');
  return object && match[2] ? [object, match[2]] : ['<unknown obj>', '<unknown cmd>'];
}

/** Printing options of `monitor` (the global options that affect it). */
export interface MonitorPrintOptions {
  json: boolean;
  pretty: boolean;
  iec: boolean;
  verbose?: boolean;
  statistics?: boolean;
}

/**
 * Prints one notification as iproute2's `devlink monitor` does in text
 * (`[port,new] pci/0000:06:00.0/32768: type eth ...`), or as one JSON object on its own line
 * (`{"command":"new","port":{"pci/...":{...}}}`), a documented difference from iproute2, which
 * wraps the whole stream in one `{"mon":[...]}` that is only complete when the monitor exits.
 * Returns undefined for notifications it does not print (unknown commands, as iproute2).
 */
export function printMonitorEvent(text: Printer, event: DevlinkEvent, options: MonitorPrintOptions): string | undefined {
  if (event.kind === 'resync' || event.kind === 'unknown') return undefined;
  const [object, verb] = commandNames(event.command);
  const p = options.json ? new Printer({ json: true, pretty: options.pretty }) : text;
  if (p.json) {
    p.openObject(null);
    p.string('command', verb, '', 'json');
    p.openObject(object);
  } else {
    p.out(`[${object},${verb}] `);
  }
  if (!printObject(p, event, options)) {
    // An object this monitor does not detail (or one whose message lacks what it needs): the
    // device alone, as iproute2 prints it.
    const handle = 'handle' in event ? event.handle : '';
    const at = handle.indexOf('/');
    if (at >= 0) {
      p.handleStart(handle.slice(0, at), handle.slice(at + 1), false, false);
      p.handleEnd();
    } else if (!p.json) {
      p.newline();
    }
  }
  if (p.json) {
    // Closes the event's objects and a per-handle array a health event opened.
    p.sectionEnd();
    return `${p.drain()}\n`;
  }
  return p.drain();
}

/** Prints the event's object; false when there is nothing but its device to print. */
function printObject(p: Printer, event: DevlinkEvent, options: MonitorPrintOptions): boolean {
  const flags = { verbose: options.verbose ?? false, statistics: options.statistics ?? false };
  switch (event.kind) {
    case 'dev':
      printDevice(p, event.device, true);
      return true;
    case 'port':
      printPort(p, event.port);
      return true;
    case 'param':
      printParam(p, event.param, false);
      return true;
    case 'rate':
      printRate(p, event.rate, options.iec);
      return true;
    case 'health': {
      let reporter;
      try {
        reporter = decodeHealthReporter(event.attributes);
      } catch {
        return false;
      }
      printHealthReporter(p, reporter);
      return true;
    }
    case 'trap':
      if (!event.trap) return false;
      printTrap(p, event.trap, flags, false);
      return true;
    case 'trap-group':
      if (!event.group) return false;
      printTrapGroup(p, event.group, flags.statistics, false);
      return true;
    case 'trap-policer':
      if (!event.policer) return false;
      printTrapPolicer(p, event.policer, flags.statistics, false);
      return true;
    case 'region':
      printRegion(p, event.handle, {
        name: event.region ?? '',
        ...(event.size !== undefined ? { size: event.size } : {}),
        ...(event.snapshotId !== undefined ? { snapshotId: event.snapshotId } : {}),
      });
      return true;
    case 'linecard':
      if (!event.linecard) return false;
      printLinecard(p, event.linecard);
      return true;
    case 'flash':
      printFlashEvent(p, event);
      return true;
    default:
      return false;
  }
}
