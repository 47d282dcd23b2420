import type { Devlink } from '../devlink/client.js';
import type { AttributeTree } from '../devlink/codec.js';
import { big, nest, nests, num, str } from '../devlink/tree.js';
import type { RegionBackend, RegionRef, RegionView } from './backend-region.js';

function selector(ref: RegionRef): Record<string, string> {
  return { 'bus-name': ref.busName, 'dev-name': ref.deviceName, 'region-name': ref.region };
}

/** A region message (reply or notification) as iproute2 reads it: the attributes it prints. */
export function regionView(tree: AttributeTree): RegionView {
  const out: RegionView = { busName: str(tree, 'bus-name') ?? '', deviceName: str(tree, 'dev-name') ?? '', name: str(tree, 'region-name') ?? '' };
  const size = big(tree, 'region-size');
  if (size !== undefined) out.size = size;
  const snapshots = nest(tree, 'region-snapshots');
  if (snapshots) {
    out.snapshots = nests(snapshots, 'region-snapshot')
      .map((snapshot) => num(snapshot, 'region-snapshot-id'))
      .filter((id): id is number => id !== undefined);
  }
  const max = num(tree, 'region-max-snapshots');
  if (max !== undefined) out.maxSnapshots = max;
  const id = num(tree, 'region-snapshot-id');
  if (id !== undefined) out.snapshotId = id;
  return out;
}

/** RegionBackend over the library client (generic requests: replies printed as they come). */
export function regionBackend(client: Devlink): RegionBackend {
  return {
    listRegions: async () => (await client.dump('region-get')).map((m) => regionView(m.attributes)),
    getRegion: async (ref) => {
      const [reply] = await client.request('region-get', selector(ref));
      if (!reply) throw new Error('devlink answered region get without a region');
      return regionView(reply.attributes);
    },
    newSnapshot: async (ref, snapshotId) =>
      (await client.request('region-new', { ...selector(ref), ...(snapshotId !== undefined ? { 'region-snapshot-id': snapshotId } : {}) }))
        .map((m) => regionView(m.attributes)),
    deleteSnapshot: async (ref, snapshotId) => {
      await client.request('region-del', { ...selector(ref), 'region-snapshot-id': snapshotId });
    },
    read: async (ref, snapshotId, range) => {
      const result = await client.readRegion(`${ref.busName}/${ref.deviceName}`, ref.region, snapshotId === undefined ? { direct: true } : { snapshotId }, range ?? {});
      return result.chunks.map((chunk) => ({ address: chunk.address, data: chunk.data }));
    },
  };
}
