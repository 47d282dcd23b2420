/**
 * The fake devlink's line cards and port parameters, answered the way the 6.12 kernel does
 * (net/devlink/linecard.c, param.c): LINECARD_GET/SET with the core's state machine and extack
 * texts, asynchronous provisioning with LINECARD_NEW notifications, and port params refused with
 * "Port params are not supported" unless a test gives a device port params (as kernels before 6.4
 * answered them).
 */
import { encodeAttributes, type AttributeTree, type EncodeObject } from '../../src/devlink/codec.js';
import { DEVLINK_CMD as C } from '../../src/devlink/spec/index.js';
import { num, str } from '../../src/devlink/tree.js';
import type { FakeDevlink } from './fake-devlink.js';
import { encodeParam, handleAttrs, kernelError, type FakeDevice, type FakeParam } from './fake-devlink-state.js';
import type { FakeRequest } from './fake-kernel.js';

const STATES = ['unspec', 'unprovisioned', 'unprovisioning', 'provisioning', 'provisioning_failed', 'provisioned', 'active'] as const;

/** A line card slot of a fake device. */
export interface FakeLinecard {
  index: number;
  state: (typeof STATES)[number];
  type?: string;
  supportedTypes: string[];
  /** Handle of the active card's nested devlink instance. */
  nested?: string;
  /** The next provisioning fails (state provisioning_failed) instead of succeeding. */
  failNextProvision?: boolean;
}

interface LinecardState {
  cards: FakeLinecard[];
  /** Provisioning and unprovisioning complete after this many ms (null: never, tests drive it). */
  delayMs: number | null;
  /**
   * Unprovisioning completes inside the request, as objsim's unprovision op clears the
   * provisioning itself (devlink_linecard_provision_clear): unprovisioning and unprovisioned are
   * both announced before the reply.
   */
  unprovisionSync: boolean;
}

const linecards = new WeakMap<FakeDevice, LinecardState>();
const portParams = new WeakMap<FakeDevice, Map<number, FakeParam[]>>();

/** Gives a fake device line card slots (all unprovisioned unless stated). */
export function addFakeLinecards(device: FakeDevice, cards: Partial<FakeLinecard>[], options: { delayMs?: number | null; unprovisionSync?: boolean } = {}): FakeLinecard[] {
  const list = cards.map((card, i) => ({
    index: card.index ?? i + 1,
    state: card.state ?? 'unprovisioned',
    supportedTypes: card.supportedTypes ?? [],
    ...(card.type !== undefined ? { type: card.type } : {}),
    ...(card.nested !== undefined ? { nested: card.nested } : {}),
  }));
  linecards.set(device, { cards: list, delayMs: options.delayMs === undefined ? 0 : options.delayMs, unprovisionSync: options.unprovisionSync ?? false });
  return list;
}

/** Gives a fake device's port parameters (answered as pre-6.4 kernels did). */
export function addFakePortParams(device: FakeDevice, portIndex: number, params: FakeParam[]): void {
  const map = portParams.get(device) ?? new Map<number, FakeParam[]>();
  map.set(portIndex, params);
  portParams.set(device, map);
}

/** LINECARD_GET reply / LINECARD_NEW notification bytes. */
export function encodeLinecard(device: FakeDevice, card: FakeLinecard): Uint8Array {
  const nested = card.nested?.split('/');
  const attributes: EncodeObject = {
    ...handleAttrs(device),
    'linecard-index': card.index,
    'linecard-state': STATES.indexOf(card.state),
    ...(card.type !== undefined ? { 'linecard-type': card.type } : {}),
    ...(card.supportedTypes.length > 0 ? { 'linecard-supported-types': { 'linecard-type': card.supportedTypes } } : {}),
    ...(nested ? { 'nested-devlink': [{ 'bus-name': nested[0] ?? '', 'dev-name': nested[1] ?? '' }] } : {}),
  };
  return encodeAttributes('devlink', attributes);
}

/** Changes a slot's state as the driver would, announcing it (LINECARD_NEW). */
export function setFakeLinecardState(fake: FakeDevlink, device: FakeDevice, card: FakeLinecard, state: FakeLinecard['state'], nested?: string): void {
  card.state = state;
  if (state === 'unprovisioned') delete card.type;
  if (nested !== undefined) card.nested = nested;
  if (state !== 'active') delete card.nested;
  fake.notify(C['linecard-new'], encodeLinecard(device, card));
}

function slots(device: FakeDevice): LinecardState {
  return linecards.get(device) ?? { cards: [], delayMs: 0, unprovisionSync: false };
}

function findCard(fake: FakeDevlink, tree: AttributeTree): [FakeDevice, FakeLinecard] {
  const device = fake.device(tree);
  const index = num(tree, 'linecard-index');
  if (index === undefined) throw kernelError('EINVAL');
  const card = slots(device).cards.find((c) => c.index === index);
  if (!card) throw kernelError('ENODEV');
  return [device, card];
}

export function onLinecardGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  if (request.isDump) {
    for (const device of fake.selected(tree)) {
      for (const card of slots(device).cards) request.reply(C['linecard-new'], encodeLinecard(device, card));
    }
    return;
  }
  const [device, card] = findCard(fake, tree);
  request.reply(C['linecard-new'], encodeLinecard(device, card));
}

function later(state: LinecardState, action: () => void): void {
  if (state.delayMs === null) return;
  setTimeout(action, state.delayMs);
}

export function onLinecardSet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const [device, card] = findCard(fake, tree);
  const type = str(tree, 'linecard-type');
  if (type === undefined) return;
  const state = slots(device);
  if (card.state === 'provisioning') throw kernelError('EBUSY', 'Line card is currently being provisioned');
  if (card.state === 'unprovisioning') throw kernelError('EBUSY', 'Line card is currently being unprovisioned');
  if (type !== '') {
    if (!card.supportedTypes.includes(type)) throw kernelError('EINVAL', 'Unsupported line card type provided');
    if (card.state !== 'unprovisioned' && card.state !== 'provisioning_failed') {
      if (card.type === type) {
        request.warn('Line card already provisioned');
        return;
      }
      throw kernelError('EBUSY', 'Line card already provisioned');
    }
    card.type = type;
    setFakeLinecardState(fake, device, card, 'provisioning');
    const fail = card.failNextProvision === true;
    delete card.failNextProvision;
    later(state, () => setFakeLinecardState(fake, device, card, fail ? 'provisioning_failed' : 'provisioned'));
    return;
  }
  if (card.state === 'provisioning_failed') {
    setFakeLinecardState(fake, device, card, 'unprovisioned');
    return;
  }
  if (card.state === 'unprovisioned') {
    request.warn('Line card is not provisioned');
    return;
  }
  setFakeLinecardState(fake, device, card, 'unprovisioning');
  if (state.unprovisionSync) setFakeLinecardState(fake, device, card, 'unprovisioned');
  else later(state, () => setFakeLinecardState(fake, device, card, 'unprovisioned'));
}

function encodePortParam(device: FakeDevice, portIndex: number, param: FakeParam): Uint8Array {
  const head = encodeParam(device, param);
  const port = encodeAttributes('devlink', { 'port-index': portIndex });
  const out = new Uint8Array(head.length + port.length);
  out.set(head);
  out.set(port, head.length);
  return out;
}

export function onPortParamGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  if (request.isDump) {
    for (const device of fake.selected(tree)) {
      for (const [portIndex, params] of portParams.get(device) ?? []) {
        for (const param of params) request.reply(C['port-param-get'], encodePortParam(device, portIndex, param));
      }
    }
    return;
  }
  const device = fake.device(tree);
  const portIndex = num(tree, 'port-index');
  const params = portIndex === undefined ? undefined : portParams.get(device)?.get(portIndex);
  if (!params) throw kernelError('EINVAL', 'Port params are not supported');
  const param = params.find((p) => p.name === str(tree, 'param-name'));
  if (!param) throw kernelError('EINVAL');
  request.reply(C['port-param-get'], encodePortParam(device, portIndex!, param));
}

export function onPortParamSet(fake: FakeDevlink, _request: FakeRequest, tree: AttributeTree): void {
  const device = fake.device(tree);
  const portIndex = num(tree, 'port-index');
  const params = portIndex === undefined ? undefined : portParams.get(device)?.get(portIndex);
  if (!params) throw kernelError('EINVAL', 'Port params are not supported');
  const param = params.find((p) => p.name === str(tree, 'param-name'));
  if (!param) throw kernelError('EINVAL');
  const cmode = (['runtime', 'driverinit', 'permanent'] as const)[num(tree, 'param-value-cmode') ?? 99];
  if (!cmode || param.values[cmode] === undefined) throw kernelError('EOPNOTSUPP');
  const data = tree.values['param-value-data'];
  if (param.type === 'bool') param.values[cmode] = data !== undefined;
  else if (data instanceof Uint8Array) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    param.values[cmode] = param.type === 'string' ? new TextDecoder().decode(data.subarray(0, data.indexOf(0) < 0 ? data.length : data.indexOf(0)))
      : param.type === 'u8' ? view.getUint8(0) : param.type === 'u16' ? view.getUint16(0, true)
        : param.type === 'u32' ? view.getUint32(0, true) : view.getBigUint64(0, true);
  }
}
