/**
 * Readiness of declared SFs: attached, their own devlink instance present, and its netdev present
 * (in the declared netns when there is one).
 *
 * Why whole dumps: a fleet applies hundreds of SFs; re-checking after each burst of notifications
 * with one port dump per namespace costs the same for 1 SF as for 1024, where a read per SF would
 * cost 1024 round trips each time. Driven by notifications (a quiet period after the last one),
 * with a slow re-check as a safety net, never fixed sleeps.
 */
import type { Devlink, DevlinkPort } from '../index.js';
import { sfKey, type DesiredState } from './desired.js';
import { isSfPort, type ObservedState } from './observed.js';
import { sfObject } from './operations.js';

/** An SF that is not ready, and what it still lacks. */
export interface NotReady {
  readonly object: string;
  readonly missing: string;
}

/** What one network namespace shows: every port by device, and (read only when needed) its devices. */
interface NetnsView {
  readonly portsOf: Map<string, DevlinkPort[]>;
  devices(): Promise<Set<string>>;
}

/**
 * Checks every declared active SF once; returns what is still missing. One port dump per network
 * namespace involved (the caller's own, and each declared `netns`) answers everything for a
 * ready SF: its port (attached, naming its instance) and its instance's ports with their
 * netdevs. The devices are dumped only to say why an SF whose instance shows no port is not ready.
 */
export async function checkReady(dl: Devlink, desired: DesiredState, observed: ObservedState, netnsClient?: (netns: string) => Promise<Devlink>): Promise<NotReady[]> {
  const missing: NotReady[] = [];
  const views = new Map<string | undefined, Promise<NetnsView>>();
  const view = (netns: string | undefined): Promise<NetnsView> => {
    let entry = views.get(netns);
    if (!entry) {
      entry = (async () => {
        const client = netns === undefined ? dl : netnsClient ? await netnsClient(netns) : undefined;
        if (!client) return { portsOf: new Map<string, DevlinkPort[]>(), devices: async () => new Set<string>() };
        const portsOf = new Map<string, DevlinkPort[]>();
        for (const port of await client.listPorts()) {
          const device = `${port.busName}/${port.deviceName}`;
          const list = portsOf.get(device) ?? [];
          list.push(port);
          portsOf.set(device, list);
        }
        let devices: Promise<Set<string>> | undefined;
        return { portsOf, devices: () => (devices ??= client.listDevices().then((list) => new Set(list.map((d) => d.handle)))) };
      })();
      views.set(netns, entry);
    }
    return entry;
  };
  const own = await view(undefined);
  for (const device of desired.devices) {
    const selector = device.selector;
    const found = 'handle' in selector
      ? observed.devices.get(selector.handle)
      : [...observed.devices.values()].find((d) => d.serialNumber === selector.serialNumber);
    if (!found) continue;
    const ports: DevlinkPort[] = (own.portsOf.get(found.handle) ?? []).filter(isSfPort);
    const byKey = new Map(ports.map((port) => [sfKey(port), port]));
    for (const sf of device.sfs) {
      if (sf.state !== 'active') continue;
      const object = sfObject(found.handle, sf);
      const port = byKey.get(sfKey(sf));
      if (!port) {
        missing.push({ object, missing: 'the SF does not exist' });
        continue;
      }
      if (port.function?.opstate !== 'attached') {
        missing.push({ object, missing: `function attached (opstate is ${port.function?.opstate ?? 'unknown'})` });
        continue;
      }
      const instance = port.function.devlink?.handle;
      if (!instance) {
        missing.push({ object, missing: 'SF devlink instance (the function reports none yet)' });
        continue;
      }
      const where = await view(sf.netns);
      const instancePorts = where.portsOf.get(instance);
      if (instancePorts?.some((p) => p.netdevName !== undefined)) continue;
      if (!instancePorts && !(await where.devices()).has(instance)) {
        missing.push({ object, missing: `SF devlink instance ${instance}${sf.netns !== undefined ? ` in netns ${sf.netns}` : ''}` });
        continue;
      }
      missing.push({ object, missing: `SF netdev (${instance} has no port with a netdev yet)` });
    }
  }
  return missing;
}

/**
 * Waits until every declared active SF is ready, re-checking after notifications settle.
 * Resolves with what is still missing when `timeoutMs` runs out (empty: all ready).
 */
export async function waitReady(
  dl: Devlink,
  desired: DesiredState,
  observed: ObservedState,
  timeoutMs: number,
  netnsClient?: (netns: string) => Promise<Devlink>,
  signal?: AbortSignal,
): Promise<NotReady[]> {
  const deadline = Date.now() + timeoutMs;
  const stream = dl.events({ maxQueue: 1 << 20, kinds: ['dev', 'port'] });
  let wake: (() => void) | undefined;
  let pending = false;
  const pump = (async () => {
    for await (const event of stream) {
      void event;
      pending = true;
      wake?.();
    }
  })();
  try {
    for (;;) {
      pending = false;
      const missing = await checkReady(dl, desired, observed, netnsClient);
      if (missing.length === 0 || Date.now() >= deadline || signal?.aborted) return missing;
      // Wait for a notification (then a short quiet period so a burst is read once), at most 1 s.
      await new Promise<void>((resolve) => {
        const until = Math.min(deadline, Date.now() + 1000);
        const done = (): void => {
          clearTimeout(timer);
          wake = undefined;
          setTimeout(resolve, 20);
        };
        const timer = setTimeout(done, Math.max(0, until - Date.now()));
        wake = done;
        if (pending) done();
      });
    }
  } finally {
    stream.close();
    await pump.catch(() => undefined);
  }
}
