import type { Printer } from './printer.js';
import type { NestedDevlinkView } from './views.js';

/**
 * Prints a nested devlink instance as its own object (`nested_devlink:` group with the
 * `bus/dev` handle), as iproute2 does under a device and under a port function.
 * Another namespace shows as iproute2 shows it: `netns NAME` when a name under /var/run/netns has
 * the id (resolved before printing, see netns-names.ts), else `netnsid N`.
 */
export function printNestedDevlink(p: Printer, nested: NestedDevlinkView, first: boolean, last: boolean): void {
  if (first) {
    p.objectStart('nested_devlink');
    p.beginItem();
  }
  p.handleStart(nested.busName, nested.devName, nested.netnsId !== undefined, false);
  if (nested.netnsId !== undefined) {
    const id = nested.netnsId | 0;
    if (id >= 0 && nested.netnsName !== undefined) p.string('netns', nested.netnsName, ' netns %s');
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
