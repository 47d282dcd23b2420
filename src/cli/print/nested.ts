import type { NestedDevlinkHandle } from '../../devlink/types.js';
import type { NetnsNames } from './netns-names.js';
import type { Printer } from './printer.js';

/**
 * Prints a nested devlink instance as its own object (`nested_devlink:` group with the
 * `bus/dev` handle), as iproute2 does under a device and under a port function.
 * Another namespace shows as iproute2 shows it: `netns NAME` when a name under /var/run/netns has
 * the id (resolved by the command before printing, see netns-names.ts, and passed in `netnsNames`),
 * else `netnsid N`.
 */
export function printNestedDevlink(p: Printer, nested: NestedDevlinkHandle, first: boolean, last: boolean, netnsNames?: NetnsNames): void {
  if (first) {
    p.objectStart('nested_devlink');
    p.beginItem();
  }
  p.handleStart(nested.busName, nested.deviceName, nested.netnsId !== undefined, false);
  if (nested.netnsId !== undefined) {
    const id = nested.netnsId | 0;
    const name = id >= 0 ? netnsNames?.get(id) : undefined;
    if (name !== undefined) p.string('netns', name, ' netns %s');
    else if (id >= 0) p.uint('netnsid', id, ' netnsid %s');
    else {
      p.string(null, 'unknown', ' netnsid %s', 'text');
      p.uint('netnsid', id, '%s', 'json');
    }
  }
  p.handleEnd();
  if (last) {
    if (!p.json) p.indentDecrease();
    p.objectEnd();
  }
}
