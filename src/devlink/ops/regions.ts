/**
 * Regions: address spaces a driver exposes for debugging (firmware memory, config spaces), their
 * snapshots (taken by the driver on errors or on request), and reads by snapshot or directly.
 */
import type { AttributeTree } from '../codec.js';
import { identity } from '../decode.js';
import { DevlinkInputError, DevlinkReplyError } from '../errors.js';
import { toDeviceOrPortHandle, type DeviceOrPortHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { big, bytes, nest, nests, num, str } from '../tree.js';
import type { CallOptions, DeviceIdentity } from '../types.js';
import { knownKeys, name as checkName, u32, u64 } from '../validate.js';
import { deviceOrPortSelector } from './selectors.js';

/** A region. */
export interface DevlinkRegion extends DeviceIdentity {
  /** Port index, for per-port regions. */
  readonly portIndex?: number;
  readonly name: string;
  readonly size: bigint;
  readonly maxSnapshots?: number;
  /** Stored snapshot ids. */
  readonly snapshots: readonly number[];
  readonly attributes: AttributeTree;
}

/** One chunk of a region read, at its address. */
export interface RegionChunk {
  readonly address: bigint;
  readonly data: Uint8Array;
}

/** What a region read returned: the chunks as sent and their bytes joined. */
export interface RegionReadResult {
  readonly chunks: readonly RegionChunk[];
  /** Address of the first byte of `data`. */
  readonly address: bigint;
  readonly data: Uint8Array;
}

/** Decodes a REGION_GET reply or REGION_NEW/DEL notification. */
export function decodeRegion(tree: AttributeTree): DevlinkRegion {
  const device = identity(tree, 'region');
  const name = str(tree, 'region-name');
  if (name === undefined) throw new DevlinkReplyError('devlink region message without region-name');
  const snapshots = nest(tree, 'region-snapshots');
  const ids = snapshots ? nests(snapshots, 'region-snapshot').map((s) => num(s, 'region-snapshot-id')).filter((id): id is number => id !== undefined) : [];
  // Notifications carry one snapshot id at the top level.
  const single = num(tree, 'region-snapshot-id');
  if (single !== undefined && !ids.includes(single)) ids.push(single);
  const portIndex = num(tree, 'port-index');
  const maxSnapshots = num(tree, 'region-max-snapshots');
  return {
    ...device,
    ...(portIndex !== undefined ? { portIndex } : {}),
    name,
    size: big(tree, 'region-size') ?? 0n,
    ...(maxSnapshots !== undefined ? { maxSnapshots } : {}),
    snapshots: ids,
    attributes: tree,
  };
}


function regionSelector(target: string | DeviceOrPortHandle, region: string): Record<string, string | number> {
  return { ...deviceOrPortSelector(toDeviceOrPortHandle(target)), 'region-name': checkName('region', region) };
}

/** Lists regions of every device or of one (one dump). */
export async function listRegions(session: DevlinkSession, target?: string | DeviceOrPortHandle, call?: CallOptions): Promise<DevlinkRegion[]> {
  const handle = target === undefined ? undefined : toDeviceOrPortHandle(target);
  const replies = await session.dump(DEVLINK_CMD['region-get'], handle ? deviceOrPortSelector(handle) : {}, DEVLINK_CMD['region-get'], call);
  return replies.map((m) => decodeRegion(m.attributes));
}

/** Gets one region with its snapshot ids. */
export async function getRegion(session: DevlinkSession, target: string | DeviceOrPortHandle, region: string, call?: CallOptions): Promise<DevlinkRegion> {
  const reply = await session.requestOne(DEVLINK_CMD['region-get'], regionSelector(target, region), DEVLINK_CMD['region-get'], call);
  return decodeRegion(reply.attributes);
}

/**
 * Takes a snapshot now; with no id the kernel chooses one and says which. Resolves with the id.
 */
export async function newRegionSnapshot(session: DevlinkSession, target: string | DeviceOrPortHandle, region: string, options: { snapshotId?: number } = {}, call?: CallOptions): Promise<number> {
  const selector = regionSelector(target, region);
  knownKeys('region snapshot', options, ['snapshotId']);
  const id = options.snapshotId === undefined ? undefined : u32('snapshotId', options.snapshotId);
  const replies = await session.request(DEVLINK_CMD['region-new'], { ...selector, 'region-snapshot-id': id }, call);
  if (id !== undefined) return id;
  const chosen = replies.map((m) => num(m.attributes, 'region-snapshot-id')).find((n) => n !== undefined);
  if (chosen === undefined) throw new DevlinkReplyError('devlink region-new: the kernel did not say which snapshot id it chose');
  return chosen;
}

/** Deletes a snapshot. */
export async function deleteRegionSnapshot(session: DevlinkSession, target: string | DeviceOrPortHandle, region: string, snapshotId: number, call?: CallOptions): Promise<void> {
  await session.request(DEVLINK_CMD['region-del'], { ...regionSelector(target, region), 'region-snapshot-id': u32('snapshotId', snapshotId) }, call);
}

/** What to read: a snapshot, or the live region (`direct`, for regions that support it). */
export type RegionSource = { snapshotId: number } | { direct: true };

/**
 * Reads a region (a snapshot or directly), all of it or `length` bytes from `address`. The kernel
 * answers with a dump of chunks; they are returned as sent and joined.
 */
export async function readRegion(
  session: DevlinkSession,
  target: string | DeviceOrPortHandle,
  region: string,
  source: RegionSource,
  range: { address?: bigint | number; length?: bigint | number } = {},
  call?: CallOptions,
): Promise<RegionReadResult> {
  const selector = regionSelector(target, region);
  knownKeys('region source', source, ['snapshotId', 'direct']);
  knownKeys('region range', range, ['address', 'length']);
  if ((range.address === undefined) !== (range.length === undefined)) {
    throw new DevlinkInputError('range', range, 'give both address and length, or neither (the whole region)');
  }
  const sourceAttrs = 'direct' in source
    ? { 'region-direct': true }
    : { 'region-snapshot-id': u32('snapshotId', (source as { snapshotId: number }).snapshotId) };
  const parts = await session.dump(DEVLINK_CMD['region-read'], {
    ...selector,
    ...sourceAttrs,
    'region-chunk-addr': range.address === undefined ? undefined : u64('address', range.address),
    'region-chunk-len': range.length === undefined ? undefined : u64('length', range.length),
  }, DEVLINK_CMD['region-read'], call);
  const chunks: RegionChunk[] = [];
  for (const part of parts) {
    const list = nest(part.attributes, 'region-chunks');
    for (const chunk of list ? nests(list, 'region-chunk') : []) {
      const data = bytes(chunk, 'region-chunk-data');
      const address = big(chunk, 'region-chunk-addr');
      if (data && address !== undefined) chunks.push({ address, data });
    }
  }
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.data.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk.data, at);
    at += chunk.data.length;
  }
  return { chunks, address: chunks[0]?.address ?? BigInt(range.address ?? 0), data };
}
