import type { Printer } from './printer.js';
import type { NestedDevlinkView } from './views.js';

/**
 * Prints a nested devlink instance as its own object (`nested_devlink:` group with the
 * `bus/dev` handle), as iproute2 does under a device and under a port function.
 * iproute2 resolves a netns id to a name through rtnetlink; we print the id (`netnsid N`).
 */
export function printNestedDevlink(p: Printer, nested: NestedDevlinkView, first: boolean, last: boolean): void {
  if (first) {
    p.objectStart('nested_devlink');
    p.beginItem();
  }
  p.handleStart(nested.busName, nested.devName, nested.netnsId !== undefined, false);
  if (nested.netnsId !== undefined) {
    const id = nested.netnsId | 0;
    if (id >= 0) p.uint('netnsid', id, ' netnsid %s');
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
