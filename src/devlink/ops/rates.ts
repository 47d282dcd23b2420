/**
 * Rate objects: leaves (ports) and nodes (named groups), their shares, limits, priority, weight,
 * traffic-class bandwidths and parent.
 */
import type { EncodeObject } from '../codec.js';
import { decodeRate } from '../decode.js';
import { DevlinkInputError } from '../errors.js';
import {
  toDeviceHandle, toRateHandle, type DeviceHandle, type RateHandle, type RateNodeHandle,
} from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import type { CallOptions, DevlinkRate } from '../types.js';
import { integer, knownKeys, name as checkName, notEmpty, u32, u64 } from '../validate.js';
import { deviceSelector, rateSelector } from './selectors.js';

/** What `setRate` / `addRateNode` can set. Rates are bytes per second. */
export interface RateSettings {
  txShare?: bigint;
  txMax?: bigint;
  txPriority?: number;
  txWeight?: number;
  /** Parent node name; `null` clears the parent (sent as an empty name, as the kernel expects). */
  parent?: string | null;
  /** Traffic-class bandwidth shares (kernels >= 6.16), index 0..7. */
  tcBandwidths?: readonly { index: number; bw: number }[];
}

const KEYS = ['txShare', 'txMax', 'txPriority', 'txWeight', 'parent', 'tcBandwidths'] as const;

function rateAttributes(settings: RateSettings): EncodeObject {
  knownKeys('rate', settings, KEYS);
  let parent: string | undefined;
  if (settings.parent === null) parent = '';
  else if (settings.parent !== undefined) parent = checkName('parent', settings.parent);
  let tc: { index: number; bw: number }[] | undefined;
  if (settings.tcBandwidths !== undefined) {
    if (!Array.isArray(settings.tcBandwidths)) throw new DevlinkInputError('tcBandwidths', settings.tcBandwidths, 'tcBandwidths must be an array of { index, bw }');
    tc = settings.tcBandwidths.map((entry, i) => ({
      index: integer(`tcBandwidths[${i}].index`, entry?.index, 0, 7),
      bw: u32(`tcBandwidths[${i}].bw`, entry?.bw),
    }));
  }
  return {
    'rate-tx-share': settings.txShare === undefined ? undefined : u64('txShare', settings.txShare),
    'rate-tx-max': settings.txMax === undefined ? undefined : u64('txMax', settings.txMax),
    'rate-tx-priority': settings.txPriority === undefined ? undefined : u32('txPriority', settings.txPriority),
    'rate-tx-weight': settings.txWeight === undefined ? undefined : u32('txWeight', settings.txWeight),
    'rate-parent-node-name': parent,
    'rate-tc-bws': tc,
  };
}

/** Lists rate objects of every device or of one device (one dump). */
export async function listRates(session: DevlinkSession, device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkRate[]> {
  const handle = device === undefined ? undefined : toDeviceHandle(device);
  const replies = await session.dump(DEVLINK_CMD['rate-get'], handle ? deviceSelector(handle) : {}, DEVLINK_CMD['rate-new'], call);
  const rates = replies.map((m) => decodeRate(m.attributes));
  return handle ? rates.filter((r) => r.busName === handle.busName && r.deviceName === handle.deviceName) : rates;
}

/** Gets one rate object: `bus/dev/<index>` (leaf) or `bus/dev/<node>`. */
export async function getRate(session: DevlinkSession, rate: string | RateHandle, call?: CallOptions): Promise<DevlinkRate> {
  const handle = toRateHandle(rate);
  const reply = await session.requestOne(DEVLINK_CMD['rate-get'], rateSelector(handle), DEVLINK_CMD['rate-new'], call);
  return decodeRate(reply.attributes);
}

/** Changes a leaf or node; everything given goes in one RATE_SET request. */
export async function setRate(session: DevlinkSession, rate: string | RateHandle, settings: RateSettings, call?: CallOptions): Promise<void> {
  const handle = toRateHandle(rate);
  knownKeys('rate', settings, KEYS);
  notEmpty('rate', settings, KEYS);
  await session.request(DEVLINK_CMD['rate-set'], { ...rateSelector(handle), ...rateAttributes(settings) }, call);
}

/** Creates a rate node, optionally with its settings. */
export async function addRateNode(session: DevlinkSession, node: string | RateNodeHandle, settings: RateSettings = {}, call?: CallOptions): Promise<void> {
  const handle = toRateHandle(typeof node === 'string' ? node : { kind: 'node', ...node });
  if (handle.kind !== 'node') throw new DevlinkInputError('rate node handle', node, `invalid rate node handle ${JSON.stringify(typeof node === 'string' ? node : '')}: a node name must not be a number (numbers name port leaves)`);
  await session.request(DEVLINK_CMD['rate-new'], { ...rateSelector(handle), ...rateAttributes(settings) }, call);
}

/** Deletes a rate node (the kernel refuses while it has children). */
export async function deleteRateNode(session: DevlinkSession, node: string | RateNodeHandle, call?: CallOptions): Promise<void> {
  const handle = toRateHandle(typeof node === 'string' ? node : { kind: 'node', ...node });
  if (handle.kind !== 'node') throw new DevlinkInputError('rate node handle', node, `invalid rate node handle ${JSON.stringify(typeof node === 'string' ? node : '')}: a node name must not be a number (numbers name port leaves)`);
  await session.request(DEVLINK_CMD['rate-del'], rateSelector(handle), call);
}
