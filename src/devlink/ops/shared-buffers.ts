/**
 * Shared buffers (`sb`): the packet buffer a switch ASIC shares among its ports, split into pools
 * with sizes and threshold types; per-port pool thresholds; which pool each traffic class of a
 * port draws from; and occupancy (current and maximum use) read after a snapshot.
 *
 * Why typed ops: the same dumps carry the configuration and, after `snapshotSbOccupancy`, the
 * occupancy figures, so one decoder per object gives both to a caller (and to the CLI's
 * `sb occupancy show`, which is built from the port-pool and tc-bind dumps).
 */
import type { AttributeTree } from '../codec.js';
import { identity } from '../decode.js';
import { DevlinkReplyError } from '../errors.js';
import { formatDeviceHandle, isPortHandle, portIndexOf, toDeviceHandle, toDeviceOrPortHandle, toPortHandle, type DeviceHandle, type DeviceOrPortHandle, type PortHandleInput } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { SB_POOL_TYPE, SB_THRESHOLD_TYPE } from '../spec/enums.js';
import { enumValue, num } from '../tree.js';
import type { CallOptions, DeviceIdentity, UnknownEnumValue } from '../types.js';
import { enumName, knownKeys, u16, u32 } from '../validate.js';
import { deviceSelector, portSelector } from './selectors.js';

/** Direction of a pool (and of the traffic classes bound to it). */
export type SbPoolType = 'ingress' | 'egress';

/** How a pool's thresholds are read: a fixed size (`static`) or a share of free space (`dynamic`). */
export type SbThresholdType = 'static' | 'dynamic';

/** Current and maximum use since the last `clearSbOccupancyMax`, as of the last snapshot. */
export interface SbOccupancy {
  readonly current: number;
  readonly max: number;
}

/** A shared buffer of a device. */
export interface DevlinkSharedBuffer extends DeviceIdentity {
  readonly sbIndex: number;
  /** @deprecated The same number as `sbIndex` (the name before 0.2). */
  readonly index: number;
  readonly size: number;
  readonly ingressPools: number;
  readonly egressPools: number;
  readonly ingressTcs: number;
  readonly egressTcs: number;
  readonly attributes: AttributeTree;
}

/** A pool of a shared buffer. */
export interface DevlinkSbPool extends DeviceIdentity {
  readonly sbIndex: number;
  readonly pool: number;
  readonly type: SbPoolType | UnknownEnumValue;
  readonly size: number;
  readonly thresholdType: SbThresholdType | UnknownEnumValue;
  /** Bytes per cell, when the driver reports it (sizes are in bytes, thresholds in cells). */
  readonly cellSize?: number;
  readonly attributes: AttributeTree;
}

/** A port's threshold on one pool. */
export interface DevlinkSbPortPool extends DeviceIdentity {
  readonly portIndex: number;
  /** @deprecated The same number as `portIndex` (the name before 0.2). */
  readonly port: number;
  readonly sbIndex: number;
  readonly pool: number;
  readonly threshold: number;
  /** Present when the driver reports occupancy. */
  readonly occupancy?: SbOccupancy;
  readonly attributes: AttributeTree;
}

/** The pool one traffic class of a port is bound to, with its threshold. */
export interface DevlinkSbTcBinding extends DeviceIdentity {
  readonly portIndex: number;
  /** @deprecated The same number as `portIndex` (the name before 0.2). */
  readonly port: number;
  readonly sbIndex: number;
  readonly tc: number;
  readonly type: SbPoolType | UnknownEnumValue;
  readonly pool: number;
  readonly threshold: number;
  readonly occupancy?: SbOccupancy;
  readonly attributes: AttributeTree;
}


function required(tree: AttributeTree, name: string, what: string): number {
  const value = num(tree, name);
  if (value === undefined) throw new DevlinkReplyError(`devlink ${what} message without ${name}`);
  return value;
}

function occupancy(tree: AttributeTree): { occupancy?: SbOccupancy } {
  const current = num(tree, 'sb-occ-cur');
  const max = num(tree, 'sb-occ-max');
  return current !== undefined && max !== undefined ? { occupancy: { current, max } } : {};
}

/** Decodes an SB_NEW reply. */
export function decodeSharedBuffer(tree: AttributeTree): DevlinkSharedBuffer {
  const what = 'sb';
  return {
    ...identity(tree, what),
    ...alias('sbIndex', 'index', required(tree, 'sb-index', what)),
    size: required(tree, 'sb-size', what),
    ingressPools: required(tree, 'sb-ingress-pool-count', what),
    egressPools: required(tree, 'sb-egress-pool-count', what),
    ingressTcs: required(tree, 'sb-ingress-tc-count', what),
    egressTcs: required(tree, 'sb-egress-tc-count', what),
    attributes: tree,
  };
}

/** Decodes an SB_POOL_NEW reply. */
export function decodeSbPool(tree: AttributeTree): DevlinkSbPool {
  const what = 'sb pool';
  const cellSize = num(tree, 'sb-pool-cell-size');
  return {
    ...identity(tree, what),
    sbIndex: required(tree, 'sb-index', what),
    pool: required(tree, 'sb-pool-index', what),
    type: enumValue<SbPoolType>(tree, 'sb-pool-type', SB_POOL_TYPE) ?? 'ingress',
    size: required(tree, 'sb-pool-size', what),
    thresholdType: enumValue<SbThresholdType>(tree, 'sb-pool-threshold-type', SB_THRESHOLD_TYPE) ?? 'static',
    ...(cellSize !== undefined ? { cellSize } : {}),
    attributes: tree,
  };
}

/** Decodes an SB_PORT_POOL_NEW reply (with occupancy when the driver reports it). */
export function decodeSbPortPool(tree: AttributeTree): DevlinkSbPortPool {
  const what = 'sb port pool';
  return {
    ...identity(tree, what),
    ...alias('portIndex', 'port', required(tree, 'port-index', what)),
    sbIndex: required(tree, 'sb-index', what),
    pool: required(tree, 'sb-pool-index', what),
    threshold: required(tree, 'sb-threshold', what),
    ...occupancy(tree),
    attributes: tree,
  };
}

/** Decodes an SB_TC_POOL_BIND_NEW reply (with occupancy when the driver reports it). */
export function decodeSbTcBinding(tree: AttributeTree): DevlinkSbTcBinding {
  const what = 'sb tc bind';
  return {
    ...identity(tree, what),
    ...alias('portIndex', 'port', required(tree, 'port-index', what)),
    sbIndex: required(tree, 'sb-index', what),
    tc: required(tree, 'sb-tc-index', what),
    type: enumValue<SbPoolType>(tree, 'sb-pool-type', SB_POOL_TYPE) ?? 'ingress',
    pool: required(tree, 'sb-pool-index', what),
    threshold: required(tree, 'sb-threshold', what),
    ...occupancy(tree),
    attributes: tree,
  };
}

/** Which objects of a dump to keep: one device or port, and optionally one shared buffer. */
export interface SbListFilter {
  readonly sbIndex?: number;
}

/** A field under its name and under its deprecated name (kept for code written before 0.2). */
function alias<N extends string, O extends string>(name: N, old: O, value: number): Record<N | O, number> {
  return { [name]: value, [old]: value } as Record<N | O, number>;
}

async function list<T extends { handle: string; sbIndex: number; portIndex?: number }>(
  session: DevlinkSession,
  command: number,
  reply: number,
  target: DeviceOrPortHandle | undefined,
  filter: SbListFilter | undefined,
  decode: (tree: AttributeTree) => T,
  call: CallOptions | undefined,
): Promise<T[]> {
  const sbIndex = filter?.sbIndex === undefined ? undefined : u32('sbIndex', filter.sbIndex);
  const replies = await session.dump(command, target ? deviceSelector(target) : {}, reply, call);
  const wanted = target && formatDeviceHandle(target);
  const port = target && isPortHandle(target) ? portIndexOf(target) : undefined;
  return replies.map((m) => decode(m.attributes)).filter((o) =>
    (wanted === undefined || o.handle === wanted) &&
    (port === undefined || o.portIndex === port) &&
    (sbIndex === undefined || o.sbIndex === sbIndex));
}

/** Lists the shared buffers of every device or of one (one dump). */
export function listSharedBuffers(session: DevlinkSession, dev?: string | DeviceHandle, filter?: SbListFilter, call?: CallOptions): Promise<DevlinkSharedBuffer[]> {
  return list(session, DEVLINK_CMD['sb-get'], DEVLINK_CMD['sb-new'], dev === undefined ? undefined : toDeviceHandle(dev), filter, decodeSharedBuffer, call);
}

/** Gets one shared buffer. */
export async function getSharedBuffer(session: DevlinkSession, dev: string | DeviceHandle, sbIndex: number, call?: CallOptions): Promise<DevlinkSharedBuffer> {
  const reply = await session.requestOne(DEVLINK_CMD['sb-get'], { ...deviceSelector(toDeviceHandle(dev)), 'sb-index': u32('sbIndex', sbIndex) }, DEVLINK_CMD['sb-new'], call);
  return decodeSharedBuffer(reply.attributes);
}

/** Lists pools of every device or of one (one dump), optionally of one shared buffer. */
export function listSbPools(session: DevlinkSession, dev?: string | DeviceHandle, filter?: SbListFilter, call?: CallOptions): Promise<DevlinkSbPool[]> {
  return list(session, DEVLINK_CMD['sb-pool-get'], DEVLINK_CMD['sb-pool-new'], dev === undefined ? undefined : toDeviceHandle(dev), filter, decodeSbPool, call);
}

/** Gets one pool. */
export async function getSbPool(session: DevlinkSession, dev: string | DeviceHandle, sbIndex: number, pool: number, call?: CallOptions): Promise<DevlinkSbPool> {
  const reply = await session.requestOne(DEVLINK_CMD['sb-pool-get'], {
    ...deviceSelector(toDeviceHandle(dev)), 'sb-index': u32('sbIndex', sbIndex), 'sb-pool-index': u16('pool', pool),
  }, DEVLINK_CMD['sb-pool-new'], call);
  return decodeSbPool(reply.attributes);
}

/** A pool's new size (bytes) and threshold type; the kernel needs both. */
export interface SbPoolSettings {
  readonly size: number;
  readonly thresholdType: SbThresholdType;
}

/** Sets a pool's size and threshold type. */
export async function setSbPool(session: DevlinkSession, dev: string | DeviceHandle, sbIndex: number, pool: number, settings: SbPoolSettings, call?: CallOptions): Promise<void> {
  knownKeys('sb pool', settings, ['size', 'thresholdType']);
  await session.request(DEVLINK_CMD['sb-pool-set'], {
    ...deviceSelector(toDeviceHandle(dev)),
    'sb-index': u32('sbIndex', sbIndex),
    'sb-pool-index': u16('pool', pool),
    'sb-pool-size': u32('size', settings.size),
    'sb-pool-threshold-type': enumName('thresholdType', settings.thresholdType, SB_THRESHOLD_TYPE),
  }, call);
}

/** Lists port pool thresholds (and occupancy) of every device, of one device or of one port. */
export function listSbPortPools(session: DevlinkSession, target?: string | DeviceOrPortHandle, filter?: SbListFilter, call?: CallOptions): Promise<DevlinkSbPortPool[]> {
  return list(session, DEVLINK_CMD['sb-port-pool-get'], DEVLINK_CMD['sb-port-pool-new'], target === undefined ? undefined : toDeviceOrPortHandle(target), filter, decodeSbPortPool, call);
}

/** Gets a port's threshold (and occupancy) on one pool. */
export async function getSbPortPool(session: DevlinkSession, port: string | PortHandleInput, sbIndex: number, pool: number, call?: CallOptions): Promise<DevlinkSbPortPool> {
  const reply = await session.requestOne(DEVLINK_CMD['sb-port-pool-get'], {
    ...portSelector(toPortHandle(port)), 'sb-index': u32('sbIndex', sbIndex), 'sb-pool-index': u16('pool', pool),
  }, DEVLINK_CMD['sb-port-pool-new'], call);
  return decodeSbPortPool(reply.attributes);
}

/** Sets a port's threshold on one pool (cells for static pools, an exponent for dynamic ones). */
export async function setSbPortPool(session: DevlinkSession, port: string | PortHandleInput, sbIndex: number, pool: number, threshold: number, call?: CallOptions): Promise<void> {
  await session.request(DEVLINK_CMD['sb-port-pool-set'], {
    ...portSelector(toPortHandle(port)),
    'sb-index': u32('sbIndex', sbIndex),
    'sb-pool-index': u16('pool', pool),
    'sb-threshold': u32('threshold', threshold),
  }, call);
}

/** Lists traffic-class bindings (and occupancy) of every device, of one device or of one port. */
export function listSbTcBindings(session: DevlinkSession, target?: string | DeviceOrPortHandle, filter?: SbListFilter, call?: CallOptions): Promise<DevlinkSbTcBinding[]> {
  return list(session, DEVLINK_CMD['sb-tc-pool-bind-get'], DEVLINK_CMD['sb-tc-pool-bind-new'], target === undefined ? undefined : toDeviceOrPortHandle(target), filter, decodeSbTcBinding, call);
}

/** Gets the binding of one traffic class of a port, in one direction. */
export async function getSbTcBinding(session: DevlinkSession, port: string | PortHandleInput, sbIndex: number, tc: number, type: SbPoolType, call?: CallOptions): Promise<DevlinkSbTcBinding> {
  const reply = await session.requestOne(DEVLINK_CMD['sb-tc-pool-bind-get'], {
    ...portSelector(toPortHandle(port)),
    'sb-index': u32('sbIndex', sbIndex),
    'sb-tc-index': u16('tc', tc),
    'sb-pool-type': enumName('type', type, SB_POOL_TYPE),
  }, DEVLINK_CMD['sb-tc-pool-bind-new'], call);
  return decodeSbTcBinding(reply.attributes);
}

/** The pool a traffic class draws from and its threshold there. */
export interface SbTcBindingSettings {
  readonly pool: number;
  readonly threshold: number;
}

/** Binds one traffic class of a port (in one direction) to a pool with a threshold. */
export async function setSbTcBinding(session: DevlinkSession, port: string | PortHandleInput, sbIndex: number, tc: number, type: SbPoolType, settings: SbTcBindingSettings, call?: CallOptions): Promise<void> {
  knownKeys('sb tc binding', settings, ['pool', 'threshold']);
  await session.request(DEVLINK_CMD['sb-tc-pool-bind-set'], {
    ...portSelector(toPortHandle(port)),
    'sb-index': u32('sbIndex', sbIndex),
    'sb-tc-index': u16('tc', tc),
    'sb-pool-type': enumName('type', type, SB_POOL_TYPE),
    'sb-pool-index': u16('pool', settings.pool),
    'sb-threshold': u32('threshold', settings.threshold),
  }, call);
}

/** Takes an occupancy snapshot: the figures the port-pool and tc-bind reads report afterwards. */
export async function snapshotSbOccupancy(session: DevlinkSession, dev: string | DeviceHandle, sbIndex: number, call?: CallOptions): Promise<void> {
  await session.request(DEVLINK_CMD['sb-occ-snapshot'], { ...deviceSelector(toDeviceHandle(dev)), 'sb-index': u32('sbIndex', sbIndex) }, call);
}

/** Resets the maximum occupancy figures of a shared buffer. */
export async function clearSbOccupancyMax(session: DevlinkSession, dev: string | DeviceHandle, sbIndex: number, call?: CallOptions): Promise<void> {
  await session.request(DEVLINK_CMD['sb-occ-max-clear'], { ...deviceSelector(toDeviceHandle(dev)), 'sb-index': u32('sbIndex', sbIndex) }, call);
}
