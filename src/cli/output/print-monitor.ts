import { Printer } from './printer.js';
import { printDevice } from './print-dev.js';
import { printParam } from './print-param.js';
import { printPort } from './print-port.js';
import { printRate } from './print-rate.js';
import { printHealthReporter } from './print-health.js';
import { printRegion } from './print-region.js';
import { printLinecard } from './print-linecard.js';
import { printFlashEvent } from './print-flash-event.js';
import { printTrap, printTrapGroup, printTrapPolicer } from './print-trap.js';
import type { MonitorEvent } from '../backend.js';

/** (object, verb) per devlink command number, as iproute2's monitor names them; rate added. */
const COMMANDS = new Map<number, readonly [string, string]>();
function span(first: number, object: string, verbs: readonly string[]): void {
  verbs.forEach((verb, i) => COMMANDS.set(first + i, [object, verb]));
}
span(1, 'dev', ['get', 'set', 'new', 'del']);
span(5, 'port', ['get', 'set', 'new', 'del']);
span(38, 'param', ['get', 'set', 'new', 'del']);
span(42, 'region', ['get', 'set', 'new', 'del']);
span(47, 'param', ['get', 'set', 'new', 'del']);
span(54, 'health', ['status']);
span(58, 'flash', ['begin', 'end', 'status']);
span(61, 'trap', ['get', 'set', 'new', 'del']);
span(65, 'trap-group', ['get', 'set', 'new', 'del']);
span(69, 'trap-policer', ['get', 'set', 'new', 'del']);
span(74, 'rate', ['get', 'set', 'new', 'del']);
span(78, 'lc', ['get', 'set', 'new', 'del']);

/** The object name (`port`) and verb (`new`) of a devlink command number. */
export function commandNames(command: number): readonly [string, string] {
  return COMMANDS.get(command) ?? ['<unknown obj>', '<unknown cmd>'];
}

/**
 * Prints one notification as iproute2's `devlink monitor` does in text
 * (`[port,new] pci/0000:06:00.0/32768: type eth ...`), or as one JSON object on its own line
 * (`{"command":"new","port":{"pci/...":{...}}}`), a documented difference from iproute2, which
 * wraps the whole stream in one `{"mon":[...]}` that is only complete when the monitor exits.
 * Returns false for events this printer does not render.
 */
export function printMonitorEvent(
  text: Printer,
  event: Exclude<MonitorEvent, { kind: 'resync' }>,
  options: { json: boolean; pretty: boolean; iec: boolean; verbose?: boolean; statistics?: boolean },
): string | undefined {
  const [object, verb] = commandNames(event.command);
  const p = options.json ? new Printer({ json: true, pretty: options.pretty }) : text;
  if (p.json) {
    p.openObject(null);
    p.string('command', verb, '', 'json');
    p.openObject(object);
  } else {
    p.out(`[${object},${verb}] `);
  }
  switch (event.kind) {
    case 'dev':
      printDevice(p, event.view, true);
      break;
    case 'port':
      printPort(p, event.view);
      break;
    case 'param':
      printParam(p, event.view, false);
      break;
    case 'rate':
      printRate(p, event.view, options.iec);
      break;
    case 'health':
      printHealthReporter(p, event.view);
      break;
    case 'trap':
      printTrap(p, event.view, { verbose: options.verbose ?? false, statistics: options.statistics ?? false }, false);
      break;
    case 'trap-group':
      printTrapGroup(p, event.view, options.statistics ?? false, false);
      break;
    case 'trap-policer':
      printTrapPolicer(p, event.view, options.statistics ?? false, false);
      break;
    case 'region':
      printRegion(p, event.view);
      break;
    case 'linecard':
      printLinecard(p, event.view);
      break;
    case 'flash':
      printFlashEvent(p, event.view);
      break;
    case 'other':
      if (event.handle) {
        p.handleStart(event.handle.busName, event.handle.devName, false, false);
        p.handleEnd();
      } else if (!p.json) {
        p.newline();
      }
      break;
  }
  if (p.json) {
    // Closes the event's objects and a per-handle array a health event opened.
    p.sectionEnd();
    return `${p.drain()}\n`;
  }
  return p.drain();
}
