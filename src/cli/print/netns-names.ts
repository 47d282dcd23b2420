import type { NestedDevlinkHandle } from '../../devlink/types.js';
import { netnsNameOfId } from '../../netlink/netns-names.js';

/** Network namespace names by peer netns id: what the printers show instead of `netnsid N`. */
export type NetnsNames = ReadonlyMap<number, string>;

/**
 * Names the namespaces the given nested instances live in (iproute2 resolves them with
 * RTM_GETNSID before printing; an id no name under /var/run/netns has stays out of the map, so
 * it prints as `netnsid N`). Each id is looked up once.
 */
export async function nameNestedNetns(nested: Iterable<NestedDevlinkHandle | undefined>): Promise<NetnsNames> {
  const names = new Map<number, string>();
  const looked = new Set<number>();
  for (const item of nested) {
    const id = item?.netnsId;
    if (id === undefined || id < 0 || looked.has(id)) continue;
    looked.add(id);
    const name = await netnsNameOfId(id);
    if (name !== undefined) names.set(id, name);
  }
  return names;
}
