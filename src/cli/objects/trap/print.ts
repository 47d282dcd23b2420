import type { DevlinkTrap, DevlinkTrapGroup, DevlinkTrapPolicer, TrapStats } from '../../../devlink/ops/traps.js';
import type { DeviceHandle } from '../../../devlink/handles.js';
import { enumText } from '../../print/names.js';
import type { Printer } from '../../print/printer.js';

/** `stats: rx: bytes N packets N [dropped N]` with `-s` (iproute2's pr_out_stats). */
function printStats(p: Printer, stats: TrapStats | undefined, show: boolean): void {
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
function start(p: Printer, device: DeviceHandle, array: boolean): void {
  p.handleStart(device.busName, device.deviceName, true, array);
  p.beginItem();
}

/** One trap as `devlink trap show` prints it (`-v` adds metadata, `-s` statistics). */
export function printTrap(p: Printer, trap: DevlinkTrap, options: { verbose: boolean; statistics: boolean }, array = true): void {
  start(p, trap, array);
  p.string('name', trap.name, 'name %s');
  p.string('type', enumText(trap.type, '<unknown type>'), ' type %s');
  p.bool('generic', trap.generic, ' generic %s');
  p.string('action', enumText(trap.action, '<unknown action>'), ' action %s');
  p.string('group', trap.group ?? '', ' group %s');
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
export function printTrapGroup(p: Printer, group: DevlinkTrapGroup, statistics: boolean, array = true): void {
  start(p, group, array);
  p.string('name', group.name, 'name %s');
  p.bool('generic', group.generic, ' generic %s');
  if (group.policerId !== undefined) p.uint('policer', group.policerId, ' policer %s');
  printStats(p, group.stats, statistics);
  p.handleEnd();
}

/** One trap policer as `devlink trap policer show` prints it. */
export function printTrapPolicer(p: Printer, policer: DevlinkTrapPolicer, statistics: boolean, array = true): void {
  start(p, policer, array);
  p.uint('policer', policer.id, 'policer %s');
  p.uint('rate', policer.rate ?? 0n, ' rate %s');
  p.uint('burst', policer.burst ?? 0n, ' burst %s');
  printStats(p, policer.stats, statistics);
  p.handleEnd();
}
