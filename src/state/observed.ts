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
import type { DesiredState } from './desired.js';

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
 * Reads what the desired state needs from the kernel: every device (one dump), dev info for
 * serial numbers (one dump), and per named device its eswitch, ports, rates, and params and
 * health reporters when declared. SF instances are read where SFs declare instance params or a
 * netns. Devices the config names but the kernel lacks are simply absent.
 */
export async function observe(dl: Devlink, desired: DesiredState, netnsClient?: NetnsClients): Promise<ObservedState> {
  const handles = (await reading('devices', dl.listDevices())).map((device) => device.handle);
  const serials = new Map<string, string>();
  for (const info of await orEmpty(dl.listInfo())) if (info.serialNumber !== undefined) serials.set(info.handle, info.serialNumber);
  const wanted = new Set<string>();
  for (const device of desired.devices) {
    if ('handle' in device.selector) wanted.add(device.selector.handle);
    else for (const [handle, serial] of serials) if (serial === device.selector.serialNumber) wanted.add(handle);
  }
  const devices = new Map<string, ObservedDevice>();
  // One dump at a time: the kernel runs one dump per netlink socket and refuses a second (EBUSY).
  for (const handle of [...wanted].filter((h) => handles.includes(h))) {
    const declared = desired.devices.filter((device) => ('handle' in device.selector ? device.selector.handle === handle : serials.get(handle) === device.selector.serialNumber));
    const needParams = declared.some((device) => device.params.length > 0);
    const needHealth = declared.some((device) => device.health.length > 0);
    const eswitch = await dl.getEswitch(handle).catch(() => undefined);
    const ports = await reading(`ports of ${handle}`, dl.listPorts(handle));
    const rates = await orEmpty(dl.listRates(handle));
    const params = needParams ? await orEmpty(dl.listParams(handle)) : [];
    const healthReporters = needHealth ? await orEmpty(dl.listHealthReporters(handle)) : [];
    const sfInstances = await observeSfInstances(dl, declared, ports, netnsClient);
    const serialNumber = serials.get(handle);
    devices.set(handle, {
      handle, ...(serialNumber !== undefined ? { serialNumber } : {}), ...(eswitch ? { eswitch } : {}),
      params, ports, rates, healthReporters, sfInstances,
    });
  }
  return { devices };
}

/** SF instances of the SFs that declare instance params or a netns. */
async function observeSfInstances(
  dl: Devlink,
  declared: DesiredState['devices'],
  ports: readonly DevlinkPort[],
  netnsClient: NetnsClients | undefined,
): Promise<Map<string, ObservedSfInstance>> {
  const instances = new Map<string, ObservedSfInstance>();
  const interesting = declared.flatMap((device) => device.sfs).filter((sf) => sf.params.length > 0 || sf.netns !== undefined);
  if (interesting.length === 0) return instances;
  const byKey = new Map(ports.filter(isSfPort).map((port) => [`${port.controller ?? 0}/${port.pfnum}/${port.sfnum}`, port]));
  const listsByNetns = new Map<string | undefined, Promise<{ handles: Set<string>; params: DevlinkParam[] }>>();
  const lists = (netns: string | undefined): Promise<{ handles: Set<string>; params: DevlinkParam[] }> => {
    let entry = listsByNetns.get(netns);
    if (!entry) {
      entry = (async () => {
        const client = netns === undefined ? dl : netnsClient ? await netnsClient(netns).catch(() => undefined) : undefined;
        if (!client) return { handles: new Set<string>(), params: [] };
        const devs = await orEmpty(client.listDevices());
        const params = await orEmpty(client.listParams());
        return { handles: new Set(devs.map((d) => d.handle)), params };
      })();
      listsByNetns.set(netns, entry);
    }
    return entry;
  };
  for (const sf of interesting) {
    const port = byKey.get(`${sf.controller}/${sf.pfnum}/${sf.sfnum}`);
    const instance = port?.function?.devlink?.handle;
    if (!port || !instance) continue;
    for (const netns of sf.netns !== undefined ? [sf.netns, undefined] : [undefined]) {
      const { handles, params } = await lists(netns);
      if (!handles.has(instance)) continue;
      instances.set(port.handle, { handle: instance, ...(netns !== undefined ? { netns } : {}), params: params.filter((p) => p.handle === instance) });
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
    const others = device.ports.filter((port) => port.handle !== event.port.handle);
    devices.set(handle, { ...device, ports: event.action === 'del' ? others : [...others, event.port].sort((a, b) => a.index - b.index) });
  } else {
    const others = device.rates.filter((rate) => rate.handle !== event.rate.handle);
    devices.set(handle, { ...device, rates: event.action === 'del' ? others : [...others, event.rate] });
  }
  return { devices };
}
