/**
 * The observed state: what the kernel reports for the devices a config names, as plain values.
 *
 * Why a value (not live queries): the planner is a pure function of desired x observed, so a plan
 * can be tested as a table and recomputed cheaply; `apply` reads it once with a few dumps per
 * device (no N+1), and the daemon can keep one up to date from notifications (`applyEvent`) and
 * re-read it only after a resync.
 */
import type {
  Devlink, DevlinkEswitch, DevlinkEvent, DevlinkHealthReporter, DevlinkParam, DevlinkPort, DevlinkRate,
} from '../index.js';
import { readsInstance, sfKey, type DesiredSf, type DesiredState } from './desired.js';
import type { OwnershipView } from './ownership.js';

/** An SF's own devlink instance (e.g. `auxiliary/mlx5_core.sf.4`) as seen where it lives. */
export interface ObservedSfInstance {
  readonly handle: string;
  /** The netns it was found in (a name from the config), undefined for the caller's own. */
  readonly netns?: string;
  readonly params: readonly DevlinkParam[];
}

/** One device's state. */
export interface ObservedDevice {
  readonly handle: string;
  /** `dev info` serial number, when the driver reports one (the ownership key then). */
  readonly serialNumber?: string;
  readonly eswitch?: DevlinkEswitch;
  readonly params: readonly DevlinkParam[];
  readonly ports: readonly DevlinkPort[];
  readonly rates: readonly DevlinkRate[];
  readonly healthReporters: readonly DevlinkHealthReporter[];
  /** SF instances by the SF's port handle (only for SFs whose instance was looked at). */
  readonly sfInstances: ReadonlyMap<string, ObservedSfInstance>;
}

/** Every observed device, by handle. */
export interface ObservedState {
  readonly devices: ReadonlyMap<string, ObservedDevice>;
}

/** The key ownership records use for a device: its serial number when it has one, else its handle. */
export function deviceKey(device: { readonly handle: string; readonly serialNumber?: string }): string {
  return device.serialNumber !== undefined ? `serial:${device.serialNumber}` : `handle:${device.handle}`;
}

/** True for an SF port. */
export function isSfPort(port: DevlinkPort): boolean {
  return port.flavour === 'pcisf' && port.sfnum !== undefined;
}

/** A device's SF ports, as a list and by `controller/pfnum/sfnum`. */
export interface SfPortIndex {
  /** Every SF port, in the device's order. */
  readonly list: readonly DevlinkPort[];
  /** By {@link sfKey} (of two ports with one key, the later). */
  readonly byKey: ReadonlyMap<string, DevlinkPort>;
}

const sfPortIndexes = new WeakMap<readonly DevlinkPort[], SfPortIndex>();

/**
 * The SF ports of a device, indexed once per port list. Why cached: the planner, the status and
 * the daemon's passes look up every declared SF in the same observed state (the daemon plans and
 * computes status many times between two notifications); a port list is never changed in place
 * (`applyEvent` makes a new one), so the index lives as long as the list it was made from.
 */
export function sfPortIndex(device: Pick<ObservedDevice, 'ports'>): SfPortIndex {
  let index = sfPortIndexes.get(device.ports);
  if (!index) {
    const list: DevlinkPort[] = [];
    const byKey = new Map<string, DevlinkPort>();
    for (const port of device.ports) {
      if (!isSfPort(port)) continue;
      list.push(port);
      byKey.set(sfKey(port), port);
    }
    index = { list, byKey };
    sfPortIndexes.set(device.ports, index);
  }
  return index;
}

/** Names what was being read in a failure's message (the kernel's own text stays in it). */
async function reading<T>(what: string, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof Error) error.message = `reading ${what}: ${error.message}`;
    throw error;
  }
}

async function orEmpty<T>(read: Promise<T[]>): Promise<T[]> {
  try {
    return await read;
  } catch {
    return [];
  }
}

/** Devlink clients per netns name (undefined: the caller's own), opened on first use. */
export type NetnsClients = (netns: string) => Promise<Devlink>;

/**
 * Reads what the desired state needs from the kernel, every read in flight at once (the
 * connection runs one dump at a time per socket and queues the rest; requests go out beside a
 * running dump). When every device is named by handle, each one costs a few requests (dev info,
 * for its presence and serial number; eswitch) and one port dump: nothing is read about the other
 * instances on the host (with 1024 SFs attached, 1024 SF instances). Selecting by serial number
 * needs the dev info of every device (one dump). Rates are read where the config declares rates,
 * rate nodes or prune, or where `ownership` (when given) holds rate-node records of the device
 * (without `ownership` they are always read); params and health reporters where declared. SF
 * instances are read where SFs declare instance params or a netns. Devices the config names but
 * the kernel lacks are simply absent.
 */
export async function observe(dl: Devlink, desired: DesiredState, netnsClient?: NetnsClients, ownership?: OwnershipView): Promise<ObservedState> {
  const declaredOn = (handle: string, serialNumber: string | undefined): DesiredState['devices'] => desired.devices.filter(
    (device) => ('handle' in device.selector ? device.selector.handle === handle : serialNumber !== undefined && serialNumber === device.selector.serialNumber));

  /** Every read of one device, started at once; rates once its serial number (its ownership key) is known. */
  const readDevice = async (handle: string, serial: Promise<string | undefined>): Promise<ObservedDevice> => {
    const needParams = (list: DesiredState['devices']): boolean => list.some((device) => device.params.length > 0);
    const needHealth = (list: DesiredState['devices']): boolean => list.some((device) => device.health.length > 0);
    const eswitch = dl.getEswitch(handle).catch(() => undefined);
    const ports = reading(`ports of ${handle}`, dl.listPorts(handle));
    const rest = serial.then(async (serialNumber) => {
      const all = declaredOn(handle, serialNumber);
      const key = deviceKey({ handle, ...(serialNumber !== undefined ? { serialNumber } : {}) });
      const needRates = ownership === undefined
        || all.some((device) => device.prune || device.rateNodes.length > 0 || device.sfs.some((sf) => sf.rate !== undefined))
        || ownership.recordsOf(key).some((record) => record.kind === 'rate-node');
      return Promise.all([
        needRates ? orEmpty(dl.listRates(handle)) : [],
        needParams(all) ? orEmpty(dl.listParams(handle)) : [],
        needHealth(all) ? orEmpty(dl.listHealthReporters(handle)) : [],
      ]);
    });
    const [serialNumber, eswitchValue, portList, [rates, params, healthReporters]] = await Promise.all([serial, eswitch, ports, rest]);
    const sfInstances = await observeSfInstances(dl, declaredOn(handle, serialNumber), portList, netnsClient);
    return {
      handle, ...(serialNumber !== undefined ? { serialNumber } : {}), ...(eswitchValue ? { eswitch: eswitchValue } : {}),
      params, ports: portList, rates, healthReporters, sfInstances,
    };
  };

  const bySerial = desired.devices.some((device) => !('handle' in device.selector));
  const found = new Map<string, ObservedDevice>();
  if (bySerial) {
    const [devices, infos] = await Promise.all([reading('devices', dl.listDevices()), orEmpty(dl.listInfo())]);
    const serials = new Map(infos.map((info) => [info.handle, info.serialNumber]));
    const wanted = devices.map((device) => device.handle).filter((handle) => declaredOn(handle, serials.get(handle)).length > 0);
    for (const device of await Promise.all(wanted.map((handle) => readDevice(handle, Promise.resolve(serials.get(handle)))))) found.set(device.handle, device);
  } else {
    // Named by handle: whether it exists, its serial number and its state, all asked at once.
    const handles = [...new Set(desired.devices.map((device) => (device.selector as { handle: string }).handle))];
    const results = await Promise.all(handles.map(async (handle) => {
      // dev info answers both (ENODEV: absent); only a driver that cannot answer it is asked again.
      const info = dl.getInfo(handle).then((answer) => ({ answer }), (error: unknown) => ({ error }));
      const exists = reading(`device ${handle}`, info.then((result) => {
        if ('answer' in result) return true;
        if (isAbsent(result.error)) return false;
        return dl.getDevice(handle).then(() => true, (error: unknown) => {
          if (isAbsent(error)) return false;
          throw error;
        });
      }));
      const serial = info.then((result) => ('answer' in result ? result.answer.serialNumber : undefined));
      const state = readDevice(handle, serial);
      state.catch(() => undefined); // an absent device's reads fail: not an error then
      return (await exists) ? await state : undefined;
    }));
    for (const device of results) if (device) found.set(device.handle, device);
  }
  // In the config's order (the planner's order of devices does not depend on it, but output does).
  const devices = new Map<string, ObservedDevice>();
  for (const device of desired.devices) {
    for (const [handle, state] of found) {
      const selected = 'handle' in device.selector ? device.selector.handle === handle : state.serialNumber !== undefined && state.serialNumber === device.selector.serialNumber;
      if (selected && !devices.has(handle)) devices.set(handle, state);
    }
  }
  return { devices };
}

/** True for the kernel's answer about a devlink instance that does not exist. */
function isAbsent(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENODEV' || code === 'ENOENT';
}

/** SF instances of the SFs that declare instance params or a netns. */
async function observeSfInstances(
  dl: Devlink,
  declared: DesiredState['devices'],
  ports: readonly DevlinkPort[],
  netnsClient: NetnsClients | undefined,
): Promise<Map<string, ObservedSfInstance>> {
  const instances = new Map<string, ObservedSfInstance>();
  // A loop, not flatMap + filter: with 1024 SFs declared and none of them interesting (the common
  // case), this ran on every observe and copied every SF once.
  const interesting: DesiredSf[] = [];
  for (const device of declared) for (const sf of device.sfs) if (readsInstance(sf)) interesting.push(sf);
  if (interesting.length === 0) return instances;
  const byKey = new Map(ports.filter(isSfPort).map((port) => [`${port.controller ?? 0}/${port.pfnum}/${port.sfnum}`, port]));
  type Lists = { handles: Set<string>; paramsOf: Map<string, DevlinkParam[]> };
  // Every namespace's devices and params read at once (one client per netns, dumps queued per socket).
  const namespaces = [...new Set<string | undefined>([undefined, ...interesting.map((sf) => sf.netns)])];
  const read = async (netns: string | undefined): Promise<Lists> => {
    const client = netns === undefined ? dl : netnsClient ? await netnsClient(netns).catch(() => undefined) : undefined;
    if (!client) return { handles: new Set<string>(), paramsOf: new Map() };
    const [devs, params] = await Promise.all([orEmpty(client.listDevices()), orEmpty(client.listParams())]);
    const paramsOf = new Map<string, DevlinkParam[]>();
    for (const param of params) {
      const list = paramsOf.get(param.handle) ?? [];
      list.push(param);
      paramsOf.set(param.handle, list);
    }
    return { handles: new Set(devs.map((d) => d.handle)), paramsOf };
  };
  const lists = new Map(await Promise.all(namespaces.map(async (netns) => [netns, await read(netns)] as const)));
  for (const sf of interesting) {
    const port = byKey.get(`${sf.controller}/${sf.pfnum}/${sf.sfnum}`);
    const instance = port?.function?.devlink?.handle;
    if (!port || !instance) continue;
    for (const netns of sf.netns !== undefined ? [sf.netns, undefined] : [undefined]) {
      const { handles, paramsOf } = lists.get(netns)!;
      if (!handles.has(instance)) continue;
      instances.set(port.handle, { handle: instance, ...(netns !== undefined ? { netns } : {}), params: paramsOf.get(instance) ?? [] });
      break;
    }
  }
  return instances;
}

/**
 * The observed state after one notification (pure): port and rate objects are replaced or
 * removed, eswitch/params/health are left (their notifications are partial or absent; the daemon
 * re-reads those). Returns the same state when the event is about nothing it holds. A `resync`
 * cannot be applied: the caller must observe() again.
 */
export function applyEvent(state: ObservedState, event: DevlinkEvent): ObservedState {
  if (event.kind !== 'port' && event.kind !== 'rate') return state;
  const handle = event.kind === 'port' ? `${event.port.busName}/${event.port.deviceName}` : `${event.rate.busName}/${event.rate.deviceName}`;
  const device = state.devices.get(handle);
  if (!device) return state;
  const devices = new Map(state.devices);
  if (event.kind === 'port') {
    devices.set(handle, { ...device, ports: withPort(device.ports, event.port, event.action === 'del') });
  } else {
    const others = device.rates.filter((rate) => rate.handle !== event.rate.handle);
    devices.set(handle, { ...device, rates: event.action === 'del' ? others : [...others, event.rate] });
  }
  return { devices };
}

/** Port lists known to be in index order (the kernel's dump order, and every list `withPort` makes). */
const sortedPortLists = new WeakSet<readonly DevlinkPort[]>();

function inIndexOrder(ports: readonly DevlinkPort[]): boolean {
  if (sortedPortLists.has(ports)) return true;
  for (let i = 1; i < ports.length; i++) if (ports[i - 1]!.index >= ports[i]!.index) return false;
  sortedPortLists.add(ports);
  return true;
}

/** A device's port of `index` (a binary search: the daemon asks for every notification). */
export function findPort(device: Pick<ObservedDevice, 'ports'>, index: number): DevlinkPort | undefined {
  const { ports } = device;
  if (!inIndexOrder(ports)) return ports.find((port) => port.index === index);
  const port = ports[positionOf(ports, index)];
  return port?.index === index ? port : undefined;
}

/** Where a port of `index` is, or would go, in a list in index order. */
function positionOf(ports: readonly DevlinkPort[], index: number): number {
  let low = 0;
  let high = ports.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ports[middle]!.index < index) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A device's port list with one port put in its place by index (replacing the port it was) or,
 * with `remove`, taken out; in index order, as the kernel lists ports. Why not filter and sort:
 * the daemon applies every port notification this way, and with 1,024 SFs a filter by handle and
 * a sort per notification were a cost that grew with the host. The SF port index of the old list,
 * when made, is carried over with the one change instead of being made again for the new list.
 */
function withPort(ports: readonly DevlinkPort[], port: DevlinkPort, remove: boolean): DevlinkPort[] {
  if (!inIndexOrder(ports)) {
    const others = ports.filter((p) => p.handle !== port.handle);
    return remove ? others : [...others, port].sort((a, b) => a.index - b.index);
  }
  const at = positionOf(ports, port.index);
  const before = at < ports.length && ports[at]!.handle === port.handle ? ports[at] : undefined;
  const next = ports.slice();
  if (remove) {
    if (before !== undefined) next.splice(at, 1);
  } else if (before !== undefined) {
    next[at] = port;
  } else {
    next.splice(at, 0, port);
  }
  sortedPortLists.add(next);
  const index = sfPortIndexes.get(ports);
  if (index !== undefined && index.byKey.size === index.list.length) {
    const carried = indexWithPort(index, before, remove ? undefined : port);
    if (carried !== undefined) sfPortIndexes.set(next, carried);
  }
  return next;
}

/** An SF port index with `before` taken out and `after` put in (undefined when duplicates would make it ambiguous). */
function indexWithPort(index: SfPortIndex, before: DevlinkPort | undefined, after: DevlinkPort | undefined): SfPortIndex | undefined {
  const byKey = new Map(index.byKey);
  const list = index.list.slice();
  if (before !== undefined && isSfPort(before)) {
    byKey.delete(sfKey(before));
    const at = positionOf(list, before.index);
    if (list[at] !== before) return undefined;
    list.splice(at, 1);
  }
  if (after !== undefined && isSfPort(after)) {
    const key = sfKey(after);
    if (byKey.has(key)) return undefined;
    byKey.set(key, after);
    list.splice(positionOf(list, after.index), 0, after);
  }
  return { list, byKey };
}
