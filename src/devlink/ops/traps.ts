/**
 * Packet traps, trap groups and trap policers: show with statistics, set actions, bind policers,
 * set policer rate and burst.
 */
import type { AttributeTree } from '../codec.js';
import { identity } from '../decode.js';
import { DevlinkReplyError } from '../errors.js';
import { toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { TRAP_ACTION, TRAP_TYPE } from '../spec/enums.js';
import { big, enumValue, flag, nest, num, str } from '../tree.js';
import type { CallOptions, DeviceIdentity, UnknownEnumValue } from '../types.js';
import { enumName, knownKeys, name as checkName, notEmpty, u32, u64 } from '../validate.js';
import { deviceSelector } from './selectors.js';

/** Trap actions. */
export type TrapAction = 'drop' | 'trap' | 'mirror';

/** Packet and byte counters (policers count drops). */
export interface TrapStats {
  readonly rxPackets?: bigint;
  readonly rxBytes?: bigint;
  readonly rxDropped?: bigint;
}

/** A packet trap. */
export interface DevlinkTrap extends DeviceIdentity {
  readonly name: string;
  readonly group?: string;
  readonly type: 'drop' | 'exception' | 'control' | UnknownEnumValue;
  readonly generic: boolean;
  readonly action: TrapAction | UnknownEnumValue;
  /** Metadata the trap reports, in iproute2's words (`input_port`, `flow_action_cookie`). */
  readonly metadata: readonly string[];
  readonly stats?: TrapStats;
  readonly attributes: AttributeTree;
}

/** A trap group. */
export interface DevlinkTrapGroup extends DeviceIdentity {
  readonly name: string;
  readonly generic: boolean;
  /** Bound policer, when any. */
  readonly policerId?: number;
  readonly stats?: TrapStats;
  readonly attributes: AttributeTree;
}

/** A trap policer: rate in packets per second, burst in packets. */
export interface DevlinkTrapPolicer extends DeviceIdentity {
  readonly id: number;
  readonly rate?: bigint;
  readonly burst?: bigint;
  readonly stats?: TrapStats;
  readonly attributes: AttributeTree;
}


function stats(tree: AttributeTree): TrapStats | undefined {
  const s = nest(tree, 'stats');
  if (!s) return undefined;
  const out: Record<string, bigint> = {};
  const packets = big(s, 'rx-packets');
  const bytes = big(s, 'rx-bytes');
  const dropped = big(s, 'rx-dropped');
  if (packets !== undefined) out.rxPackets = packets;
  if (bytes !== undefined) out.rxBytes = bytes;
  if (dropped !== undefined) out.rxDropped = dropped;
  return out;
}

function defined<T extends object>(object: T): T {
  for (const key of Object.keys(object)) if ((object as Record<string, unknown>)[key] === undefined) delete (object as Record<string, unknown>)[key];
  return object;
}

/** Decodes a TRAP_NEW reply or notification. */
export function decodeTrap(tree: AttributeTree): DevlinkTrap {
  const device = identity(tree, 'trap');
  const name = str(tree, 'trap-name');
  if (name === undefined) throw new DevlinkReplyError('devlink trap message without trap-name');
  const metadataTree = nest(tree, 'trap-metadata');
  const metadata: string[] = [];
  if (metadataTree && flag(metadataTree, 'in-port')) metadata.push('input_port');
  if (metadataTree && flag(metadataTree, 'fa-cookie')) metadata.push('flow_action_cookie');
  return defined({
    ...device, name,
    group: str(tree, 'trap-group-name'),
    type: enumValue<'drop' | 'exception' | 'control'>(tree, 'trap-type', TRAP_TYPE) ?? 'drop',
    generic: flag(tree, 'trap-generic'),
    action: enumValue<TrapAction>(tree, 'trap-action', TRAP_ACTION) ?? 'drop',
    metadata,
    stats: stats(tree),
    attributes: tree,
  });
}

/** Decodes a TRAP_GROUP_NEW reply or notification. */
export function decodeTrapGroup(tree: AttributeTree): DevlinkTrapGroup {
  const device = identity(tree, 'trap group');
  const name = str(tree, 'trap-group-name');
  if (name === undefined) throw new DevlinkReplyError('devlink trap group message without trap-group-name');
  return defined({ ...device, name, generic: flag(tree, 'trap-generic'), policerId: num(tree, 'trap-policer-id'), stats: stats(tree), attributes: tree });
}

/** Decodes a TRAP_POLICER_NEW reply or notification. */
export function decodeTrapPolicer(tree: AttributeTree): DevlinkTrapPolicer {
  const device = identity(tree, 'trap policer');
  const id = num(tree, 'trap-policer-id');
  if (id === undefined) throw new DevlinkReplyError('devlink trap policer message without trap-policer-id');
  return defined({ ...device, id, rate: big(tree, 'trap-policer-rate'), burst: big(tree, 'trap-policer-burst'), stats: stats(tree), attributes: tree });
}

async function list<T>(session: DevlinkSession, command: number, reply: number, dev: string | DeviceHandle | undefined, decode: (t: AttributeTree) => T, call?: CallOptions): Promise<T[]> {
  const handle = dev === undefined ? undefined : toDeviceHandle(dev);
  const replies = await session.dump(command, handle ? deviceSelector(handle) : {}, reply, call);
  const objects = replies.map((m) => decode(m.attributes));
  const wanted = handle && `${handle.busName}/${handle.deviceName}`;
  return wanted ? objects.filter((o) => (o as { handle: string }).handle === wanted) : objects;
}

/** Lists traps of every device or of one (one dump). */
export function listTraps(session: DevlinkSession, dev?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkTrap[]> {
  return list(session, DEVLINK_CMD['trap-get'], DEVLINK_CMD['trap-new'], dev, decodeTrap, call);
}

/** Gets one trap by name. */
export async function getTrap(session: DevlinkSession, dev: string | DeviceHandle, trap: string, call?: CallOptions): Promise<DevlinkTrap> {
  const reply = await session.requestOne(DEVLINK_CMD['trap-get'], { ...deviceSelector(toDeviceHandle(dev)), 'trap-name': checkName('trap', trap) }, DEVLINK_CMD['trap-new'], call);
  return decodeTrap(reply.attributes);
}

/** Sets a trap's action. */
export async function setTrap(session: DevlinkSession, dev: string | DeviceHandle, trap: string, settings: { action: TrapAction }, call?: CallOptions): Promise<void> {
  const handle = toDeviceHandle(dev);
  knownKeys('trap', settings, ['action']);
  notEmpty('trap', settings, ['action']);
  await session.request(DEVLINK_CMD['trap-set'], {
    ...deviceSelector(handle), 'trap-name': checkName('trap', trap), 'trap-action': enumName('action', settings.action, TRAP_ACTION),
  }, call);
}

/** Lists trap groups of every device or of one (one dump). */
export function listTrapGroups(session: DevlinkSession, dev?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkTrapGroup[]> {
  return list(session, DEVLINK_CMD['trap-group-get'], DEVLINK_CMD['trap-group-new'], dev, decodeTrapGroup, call);
}

/** Gets one trap group by name. */
export async function getTrapGroup(session: DevlinkSession, dev: string | DeviceHandle, group: string, call?: CallOptions): Promise<DevlinkTrapGroup> {
  const reply = await session.requestOne(DEVLINK_CMD['trap-group-get'], { ...deviceSelector(toDeviceHandle(dev)), 'trap-group-name': checkName('group', group) }, DEVLINK_CMD['trap-group-new'], call);
  return decodeTrapGroup(reply.attributes);
}

/** Sets a group's action and/or binds a policer (`policerId: 0` unbinds). */
export async function setTrapGroup(session: DevlinkSession, dev: string | DeviceHandle, group: string, settings: { action?: TrapAction; policerId?: number }, call?: CallOptions): Promise<void> {
  const handle = toDeviceHandle(dev);
  knownKeys('trap group', settings, ['action', 'policerId']);
  notEmpty('trap group', settings, ['action', 'policerId']);
  await session.request(DEVLINK_CMD['trap-group-set'], {
    ...deviceSelector(handle), 'trap-group-name': checkName('group', group),
    'trap-action': settings.action === undefined ? undefined : enumName('action', settings.action, TRAP_ACTION),
    'trap-policer-id': settings.policerId === undefined ? undefined : u32('policerId', settings.policerId),
  }, call);
}

/** Lists trap policers of every device or of one (one dump). */
export function listTrapPolicers(session: DevlinkSession, dev?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkTrapPolicer[]> {
  return list(session, DEVLINK_CMD['trap-policer-get'], DEVLINK_CMD['trap-policer-new'], dev, decodeTrapPolicer, call);
}

/** Gets one trap policer by id. */
export async function getTrapPolicer(session: DevlinkSession, dev: string | DeviceHandle, id: number, call?: CallOptions): Promise<DevlinkTrapPolicer> {
  const reply = await session.requestOne(DEVLINK_CMD['trap-policer-get'], { ...deviceSelector(toDeviceHandle(dev)), 'trap-policer-id': u32('policer id', id) }, DEVLINK_CMD['trap-policer-new'], call);
  return decodeTrapPolicer(reply.attributes);
}

/** Sets a policer's rate (packets/s) and/or burst (packets). */
export async function setTrapPolicer(session: DevlinkSession, dev: string | DeviceHandle, id: number, settings: { rate?: bigint | number; burst?: bigint | number }, call?: CallOptions): Promise<void> {
  const handle = toDeviceHandle(dev);
  knownKeys('trap policer', settings, ['rate', 'burst']);
  notEmpty('trap policer', settings, ['rate', 'burst']);
  await session.request(DEVLINK_CMD['trap-policer-set'], {
    ...deviceSelector(handle), 'trap-policer-id': u32('policer id', id),
    'trap-policer-rate': settings.rate === undefined ? undefined : u64('rate', settings.rate),
    'trap-policer-burst': settings.burst === undefined ? undefined : u64('burst', settings.burst),
  }, call);
}
