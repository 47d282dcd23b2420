/**
 * Names of network namespaces from their peer ids, the way iproute2 shows a nested devlink
 * instance that lives in another namespace (`auxiliary/mlx5_core.sf.4: netns tenant1`).
 *
 * Why: the kernel names the namespace of a nested instance only by a peer id (DEVLINK_ATTR_NETNS_ID,
 * an id valid in the reader's namespace). Ids mean nothing to an admin; the names `ip netns add`
 * gave do. As iproute2's netns_name_from_id() does, each name under /var/run/netns is asked for
 * its id with rtnetlink RTM_GETNSID (by file descriptor) until one matches.
 */
import { syncFs } from '../native/sync-fs.js';
import { join } from 'node:path';
import { readS32 } from './attribute-values.js';
import { AttributeWriter, parseAttributes } from './attributes.js';
import { NetlinkConnection } from './connection.js';
import { openSocketTransport } from './socket-transport.js';

/** Netlink protocol number of rtnetlink. */
export const NETLINK_ROUTE = 0;
/** rtnetlink message types of namespace ids (linux/rtnetlink.h). */
export const RTM_NEWNSID = 88;
export const RTM_GETNSID = 90;
/** Attributes of RTM_*NSID (linux/net_namespace.h). */
export const NETNSA_NSID = 1;
export const NETNSA_FD = 3;
/** Where `ip netns add` keeps named namespaces. */
const NETNS_RUN_DIR = '/var/run/netns';

/** Payload of RTM_GETNSID asking the id of the namespace open as `fd`: rtgenmsg (AF_UNSPEC, padded) + NETNSA_FD. */
export function encodeGetNsid(fd: number): Uint8Array {
  const attributes = new AttributeWriter().u32(NETNSA_FD, fd).finish();
  const payload = new Uint8Array(4 + attributes.length);
  payload.set(attributes, 4);
  return payload;
}

/** The NETNSA_NSID of an RTM_NEWNSID payload; undefined when absent (-1 means "no id assigned"). */
export function decodeNsid(payload: Uint8Array): number | undefined {
  const nsid = parseAttributes(payload.subarray(4)).find((a) => a.type === NETNSA_NSID);
  return nsid === undefined ? undefined : readS32(nsid.data);
}

/**
 * The name under /var/run/netns of the namespace with peer id `id` in the caller's namespace, or
 * undefined when none has it (or there are no named namespaces). Names that cannot be opened or
 * asked are skipped, as iproute2 skips them.
 */
export async function netnsNameOfId(id: number): Promise<string | undefined> {
  let names: string[];
  try {
    names = syncFs.readdirSync(NETNS_RUN_DIR);
  } catch {
    return undefined;
  }
  if (names.length === 0 || id < 0) return undefined;
  const connection = new NetlinkConnection(openSocketTransport({ protocol: NETLINK_ROUTE }));
  try {
    for (const name of names) {
      let fd: number;
      try {
        fd = syncFs.openSync(join(NETNS_RUN_DIR, name), 'r');
      } catch {
        continue;
      }
      try {
        const reply = await connection.request(RTM_GETNSID, 0, encodeGetNsid(fd));
        const answer = reply.find((m) => m.type === RTM_NEWNSID);
        if (answer && decodeNsid(answer.payload) === id) return name;
      } catch {
        // not a namespace file, or the kernel refused: not this one
      } finally {
        syncFs.closeSync(fd);
      }
    }
    return undefined;
  } finally {
    connection.close();
  }
}
