import { netnsNameOfId } from '../netlink/netns-names.js';
import type { NestedDevlinkView } from './output/views.js';

/**
 * Fills `netnsName` of the nested instances of `views` that live in another namespace, looking
 * each id up once (iproute2 resolves them the same way before printing). Returns `views`.
 */
export async function nameNestedNetns<T>(views: T[], nested: (view: T) => readonly (NestedDevlinkView | undefined)[]): Promise<T[]> {
  const names = new Map<number, Promise<string | undefined>>();
  for (const view of views) {
    for (const item of nested(view)) {
      if (item?.netnsId === undefined || item.netnsId < 0) continue;
      let name = names.get(item.netnsId);
      if (!name) {
        name = netnsNameOfId(item.netnsId);
        names.set(item.netnsId, name);
      }
      const found = await name;
      if (found !== undefined) item.netnsName = found;
    }
  }
  return views;
}
