import type { TrapGroupView, TrapPolicerView, TrapStatsView, TrapView } from '../backend-trap.js';
import type { Printer } from './printer.js';

const TYPE_NAMES = ['drop', 'exception', 'control'];
const ACTION_NAMES = ['drop', 'trap', 'mirror'];

/** `stats: rx: bytes N packets N [dropped N]` with `-s` (iproute2's pr_out_stats). */
function printStats(p: Printer, stats: TrapStatsView | undefined, show: boolean): void {
  if (!show || !stats) return;
  p.objectStart('stats');
  p.objectStart('rx');
  if (stats.rxBytes !== undefined) p.u64('bytes', stats.rxBytes);
  if (stats.rxPackets !== undefined) p.u64('packets', stats.rxPackets);
  if (stats.rxDropped !== undefined) p.u64('dropped', stats.rxDropped);
  p.objectEnd();
  p.objectEnd();
}

/**
 * Starts a trap object's output: in listings one JSON array (and one text header) per device;
 * in monitor events (`array` false) the handle on the object's own line.
 */
function start(p: Printer, view: { busName: string; deviceName: string }, array: boolean): void {
  p.handleStart(view.busName, view.deviceName, true, array);
  p.beginItem();
}

/** One trap as `devlink trap show` prints it (`-v` adds metadata, `-s` statistics). */
export function printTrap(p: Printer, trap: TrapView, options: { verbose: boolean; statistics: boolean }, array = true): void {
  start(p, trap, array);
  p.string('name', trap.name, 'name %s');
  p.string('type', TYPE_NAMES[trap.type] ?? '<unknown type>', ' type %s');
  p.bool('generic', trap.generic, ' generic %s');
  p.string('action', ACTION_NAMES[trap.action] ?? '<unknown action>', ' action %s');
  p.string('group', trap.group, ' group %s');
  if (options.verbose) {
    p.arrayStart('metadata');
    for (const item of trap.metadata) {
      p.beginItem();
      p.string(null, item, '%s');
    }
    p.arrayEnd();
  }
  printStats(p, trap.stats, options.statistics);
  p.handleEnd();
}

/** One trap group as `devlink trap group show` prints it. */
export function printTrapGroup(p: Printer, group: TrapGroupView, statistics: boolean, array = true): void {
  start(p, group, array);
  p.string('name', group.name, 'name %s');
  p.bool('generic', group.generic, ' generic %s');
  if (group.policerId !== undefined) p.uint('policer', group.policerId, ' policer %s');
  printStats(p, group.stats, statistics);
  p.handleEnd();
}

/** One trap policer as `devlink trap policer show` prints it. */
export function printTrapPolicer(p: Printer, policer: TrapPolicerView, statistics: boolean, array = true): void {
  start(p, policer, array);
  p.uint('policer', policer.id, 'policer %s');
  p.uint('rate', policer.rate, ' rate %s');
  p.uint('burst', policer.burst, ' burst %s');
  printStats(p, policer.stats, statistics);
  p.handleEnd();
}
