/**
 * Line cards: modular switches (mlxsw) expose slots that are provisioned with a card type before a
 * card is inserted, and report when the inserted card becomes active (with its own nested devlink
 * instance). List, get, provision (`type`) and unprovision (`notype`).
 *
 * Provisioning is asynchronous: waiting for its outcome is in linecard-wait.ts.
 */
import type { AttributeTree } from '../codec.js';
import { DevlinkInputError, DevlinkReplyError, showValue } from '../errors.js';
import { formatDeviceHandle, toDeviceHandle, type DeviceHandle } from '../handles.js';
import { decodeNestedHandle, identity } from '../decode.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { LINECARD_STATE } from '../spec/enums.js';
import { enumValue, nest, nests, num, str } from '../tree.js';
import type { CallOptions, NestedDevlinkHandle, UnknownEnumValue, DeviceIdentity } from '../types.js';
import { integer } from '../validate.js';
import { deviceSelector } from './selectors.js';

/** Line card states, named as the kernel's uapi and iproute2 name them. */
export type LinecardState =
  | 'unprovisioned' | 'unprovisioning' | 'provisioning' | 'provisioning_failed' | 'provisioned' | 'active';

/** A line card slot. */
export interface DevlinkLinecard extends DeviceIdentity {
  /** Slot index (from 1 on mlxsw). */
  readonly index: number;
  readonly state: LinecardState | 'unspec' | UnknownEnumValue;
  /** The provisioned (or being provisioned) card type, absent when unprovisioned. */
  readonly type?: string;
  /** Card types the slot can be provisioned with. */
  readonly supportedTypes: readonly string[];
  /** The active card's own devlink instance, when the driver registered one. */
  readonly nestedDevlink?: NestedDevlinkHandle;
  readonly attributes: AttributeTree;
}

/** Every string of a possibly repeated attribute (supported types repeat `linecard-type`). */
function strings(tree: AttributeTree, name: string): string[] {
  const value = tree.values[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is string => typeof item === 'string');
}

/** Decodes a LINECARD_GET reply or a LINECARD_NEW/DEL notification. */
export function decodeLinecard(tree: AttributeTree): DevlinkLinecard {
  const device = identity(tree, 'line card');
  const index = num(tree, 'linecard-index');
  if (index === undefined) throw new DevlinkReplyError('devlink line card message without linecard-index');
  const types = nest(tree, 'linecard-supported-types');
  const nested = nests(tree, 'nested-devlink').map(decodeNestedHandle).find((h) => h !== undefined);
  const type = str(tree, 'linecard-type');
  return {
    ...device,
    index,
    state: enumValue<LinecardState | 'unspec'>(tree, 'linecard-state', LINECARD_STATE) ?? 'unspec',
    ...(type !== undefined ? { type } : {}),
    supportedTypes: types ? strings(types, 'linecard-type') : [],
    ...(nested ? { nestedDevlink: nested } : {}),
    attributes: tree,
  };
}

function checkIndex(index: unknown): number {
  return integer('line card index', index, 0, 0xffff_ffff);
}

/** Lists the line cards of every device, or of one (a dump filtered by the kernel and again here). */
export async function listLinecards(session: DevlinkSession, device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkLinecard[]> {
  const handle = device === undefined ? undefined : toDeviceHandle(device);
  const replies = await session.dump(DEVLINK_CMD['linecard-get'], handle ? deviceSelector(handle) : {}, DEVLINK_CMD['linecard-new'], call);
  const cards = replies.map((m) => decodeLinecard(m.attributes));
  return handle ? cards.filter((card) => card.handle === formatDeviceHandle(handle)) : cards;
}

/** Gets one line card slot by index. */
export async function getLinecard(session: DevlinkSession, device: string | DeviceHandle, index: number, call?: CallOptions): Promise<DevlinkLinecard> {
  const handle = toDeviceHandle(device);
  const reply = await session.requestOne(DEVLINK_CMD['linecard-get'], {
    ...deviceSelector(handle), 'linecard-index': checkIndex(index),
  }, DEVLINK_CMD['linecard-new'], call);
  return decodeLinecard(reply.attributes);
}

/**
 * Provisions a slot with a card type, or unprovisions it (`type` null, iproute2's `notype`: an
 * empty type on the wire). Resolves when the kernel accepted the request; provisioning then goes on
 * asynchronously (see waitForLinecardState). The kernel's refusals (busy, unsupported type) come
 * back as NetlinkKernelError with its extack message; "already provisioned with this type" and
 * "not provisioned" are accepted with a warning.
 */
export async function setLinecardType(
  session: DevlinkSession,
  device: string | DeviceHandle,
  index: number,
  type: string | null,
  call?: CallOptions,
): Promise<void> {
  const handle = toDeviceHandle(device);
  if (type !== null && (typeof type !== 'string' || type === '' || type.includes('\0'))) {
    throw new DevlinkInputError('line card type', type, `invalid line card type ${showValue(type)}: must be a non-empty string (null unprovisions)`);
  }
  await session.request(DEVLINK_CMD['linecard-set'], {
    ...deviceSelector(handle), 'linecard-index': checkIndex(index), 'linecard-type': type ?? '',
  }, call);
}
