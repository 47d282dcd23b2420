import type { Devlink } from '../devlink/client.js';
import type { DevlinkSbPool, DevlinkSbPortPool, DevlinkSbTcBinding, DevlinkSharedBuffer } from '../devlink/ops/shared-buffers.js';
import type { DeviceHandle } from '../devlink/handles.js';
import type { PortHandle } from '../devlink/handles.js';
import type { SbBackend, SbPoolView, SbPortPoolView, SbTcBindView, SbView } from './backend-sb.js';

const POOL_TYPES = ['ingress', 'egress'] as const;
const THRESHOLD_TYPES = ['static', 'dynamic'] as const;

/** The wire number of an enum name (`unknown-7` is 7). */
function wire(names: readonly string[], name: string): number {
  const known = names.indexOf(name);
  if (known >= 0) return known;
  const match = /^unknown-(\d+)$/.exec(name);
  return match?.[1] !== undefined ? Number(match[1]) : 255;
}

function device(handle: string): { busName: string; deviceName: string } {
  const at = handle.lastIndexOf('/');
  return { busName: handle.slice(0, at), deviceName: handle.slice(at + 1) };
}

const dev = (d: DeviceHandle): string => `${d.busName}/${d.deviceName}`;
const port = (p: PortHandle): string => `${p.busName}/${p.deviceName}/${p.portIndex}`;

function sbView(sb: DevlinkSharedBuffer): SbView {
  return {
    ...device(sb.handle), sb: sb.index, size: sb.size, ingressPools: sb.ingressPools, egressPools: sb.egressPools,
    ingressTcs: sb.ingressTcs, egressTcs: sb.egressTcs,
  };
}

function poolView(pool: DevlinkSbPool): SbPoolView {
  const view: SbPoolView = {
    ...device(pool.handle), sb: pool.sbIndex, pool: pool.pool, type: wire(POOL_TYPES, pool.type), size: pool.size,
    thtype: wire(THRESHOLD_TYPES, pool.thresholdType),
  };
  if (pool.cellSize !== undefined) view.cellSize = pool.cellSize;
  return view;
}

function portPoolView(item: DevlinkSbPortPool): SbPortPoolView {
  const view: SbPortPoolView = { ...device(item.handle), portIndex: item.port, sb: item.sbIndex, pool: item.pool, threshold: item.threshold };
  if (item.occupancy) view.occupancy = { ...item.occupancy };
  return view;
}

function tcBindView(item: DevlinkSbTcBinding): SbTcBindView {
  const view: SbTcBindView = {
    ...device(item.handle), portIndex: item.port, sb: item.sbIndex, tc: item.tc, type: wire(POOL_TYPES, item.type),
    pool: item.pool, threshold: item.threshold,
  };
  if (item.occupancy) view.occupancy = { ...item.occupancy };
  return view;
}

function poolType(type: number): 'ingress' | 'egress' {
  return type === 1 ? 'egress' : 'ingress';
}

/** SbBackend over the library client. */
export function sbBackend(client: Devlink): SbBackend {
  return {
    listSb: async () => (await client.listSharedBuffers()).map(sbView),
    getSb: async (d, sb) => sbView(await client.getSharedBuffer(dev(d), sb)),
    listPools: async () => (await client.listSbPools()).map(poolView),
    getPool: async (d, sb, pool) => poolView(await client.getSbPool(dev(d), sb, pool)),
    setPool: (d, sb, pool, size, thtype) => client.setSbPool(dev(d), sb, pool, { size, thresholdType: thtype === 1 ? 'dynamic' : 'static' }),
    listPortPools: async () => (await client.listSbPortPools()).map(portPoolView),
    getPortPool: async (p, sb, pool) => portPoolView(await client.getSbPortPool(port(p), sb, pool)),
    setPortPool: (p, sb, pool, threshold) => client.setSbPortPool(port(p), sb, pool, threshold),
    listTcBinds: async () => (await client.listSbTcBindings()).map(tcBindView),
    getTcBind: async (p, sb, tc, type) => tcBindView(await client.getSbTcBinding(port(p), sb, tc, poolType(type))),
    setTcBind: (p, sb, tc, type, pool, threshold) => client.setSbTcBinding(port(p), sb, tc, poolType(type), { pool, threshold }),
    snapshot: (d, sb) => client.snapshotSbOccupancy(dev(d), sb),
    clearMax: (d, sb) => client.clearSbOccupancyMax(dev(d), sb),
  };
}
