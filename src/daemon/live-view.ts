/**
 * The devlink instances and netdevs of the daemon's own network namespace, kept current from
 * notifications.
 *
 * Why: readiness needs to know that each SF's own devlink instance and its netdev exist. Reading
 * that by dumping every device and every port of the host after each change made a config change
 * that adds one SF to a host with 1,000 dump all their ports several times (issue 14: "a config
 * change that adds one SF does not dump every port"). The kernel announces every instance
 * (DEVLINK_CMD_NEW/DEL) and every port with its netdev (PORT_NEW/SET/DEL, also when a netdev is
 * registered, renamed or unregistered) to the namespace the instance lives in, on the socket the
 * daemon already reads. So the view is read whole only when notifications cannot be trusted to
 * have kept it (at start-up, after a receive-buffer overflow, on the periodic safety-net re-read),
 * and otherwise follows the notifications.
 *
 * A whole read races with notifications: the dumps answer from one moment, notifications arriving
 * meanwhile may describe changes before or after it. Each notification carries its object's whole
 * state, and every later change of the same object follows it in the stream, so replaying the
 * notifications received during the read, in order, on top of the dumps gives the state after the
 * last of them.
 */
import type { Devlink, DevlinkEvent } from '../index.js';
import type { NetnsView } from './status.js';

type ViewEvent = Extract<DevlinkEvent, { kind: 'dev' | 'port' }>;

/** Instances and their ports' netdev names in one netns, updated from notifications. */
export class LiveNetnsView {
  private instances = new Set<string>();
  /** Per instance handle: port index -> netdev name (ports without a netdev are left out). */
  private netdevs = new Map<string, Map<number, string>>();
  /** Per instance: the netdev of its lowest-numbered port with one, and that port's index. */
  private netdevOf = new Map<string, string>();
  private lowest = new Map<string, number>();
  private recording: ViewEvent[] | undefined;
  private current: NetnsView | undefined;
  private changes = 0;

  /** Applies a notification; returns whether the view changed. Other kinds are ignored. */
  apply(event: DevlinkEvent): boolean {
    if (event.kind !== 'dev' && event.kind !== 'port') return false;
    this.recording?.push(event);
    return this.applyTo(event);
  }

  /** Drops an instance (it left, or its SF detached: a re-created SF gets the same name back). */
  forget(instance: string): boolean {
    const had = this.instances.delete(instance);
    const hadPorts = this.netdevs.delete(instance);
    this.netdevOf.delete(instance);
    this.lowest.delete(instance);
    if (had || hadPorts) this.changes++;
    return had || hadPorts;
  }

  /**
   * Reads the whole view from the kernel (one dump at a time: the kernel refuses a second dump on
   * a socket while one runs), then replays the notifications that arrived meanwhile. On failure
   * the view is left as notifications made it and the error is thrown.
   */
  async read(client: Devlink): Promise<void> {
    const recorded: ViewEvent[] = [];
    this.recording = recorded;
    try {
      const devices = await client.listDevices();
      const ports = await client.listPorts();
      this.instances = new Set(devices.map((device) => device.handle));
      this.netdevs = new Map();
      this.netdevOf = new Map();
      this.lowest = new Map();
      this.current = undefined;
      this.changes++;
      for (const port of ports) if (port.netdevName !== undefined) this.setNetdev(`${port.busName}/${port.deviceName}`, port.index, port.netdevName);
      for (const event of recorded) this.applyTo(event);
    } finally {
      if (this.recording === recorded) this.recording = undefined;
    }
  }

  /** Whether the instance is present here: undefined if not, else whether it has a netdev. */
  presence(instance: string): boolean | undefined {
    return this.instances.has(instance) ? this.netdevs.has(instance) : undefined;
  }

  /**
   * The view as status reads it (each instance's netdev: that of its lowest-numbered port with
   * one). It is live, not a copy: it changes as notifications apply, and {@link version} says
   * when. Why: copying 1,000 instances and netdevs for every notification that changed one of
   * them (an SF's representor, its instance, its netdev) cost more than the rest of the update.
   */
  get view(): NetnsView {
    return (this.current ??= { devices: this.instances, netdevOf: this.netdevOf });
  }

  /** Changes whenever the view does (status caches key on it). */
  get version(): number {
    return this.changes;
  }

  private applyTo(event: ViewEvent): boolean {
    if (event.kind === 'dev') {
      const handle = event.device.handle;
      if (event.action === 'new') {
        if (this.instances.has(handle)) return false;
        this.instances.add(handle);
        this.changes++;
        return true;
      }
      return this.forget(handle);
    }
    const instance = `${event.port.busName}/${event.port.deviceName}`;
    const netdev = event.action === 'del' ? undefined : event.port.netdevName;
    // The kernel announces ports only of registered instances.
    const added = event.action !== 'del' && !this.instances.has(instance);
    if (added) this.instances.add(instance);
    const before = this.netdevs.get(instance)?.get(event.port.index);
    if (before === netdev) {
      if (added) this.changes++;
      return added;
    }
    if (netdev === undefined) this.deleteNetdev(instance, event.port.index);
    else this.setNetdev(instance, event.port.index, netdev);
    this.changes++;
    return true;
  }

  private setNetdev(instance: string, index: number, netdev: string): void {
    let byPort = this.netdevs.get(instance);
    if (byPort === undefined) this.netdevs.set(instance, (byPort = new Map()));
    byPort.set(index, netdev);
    const lowest = this.lowest.get(instance);
    if (lowest === undefined || index <= lowest) {
      this.lowest.set(instance, index);
      this.netdevOf.set(instance, netdev);
    }
  }

  private deleteNetdev(instance: string, index: number): void {
    const byPort = this.netdevs.get(instance)!;
    byPort.delete(index);
    if (byPort.size === 0) {
      this.netdevs.delete(instance);
      this.netdevOf.delete(instance);
      this.lowest.delete(instance);
      return;
    }
    if (this.lowest.get(instance) !== index) return;
    let lowest = Infinity;
    for (const port of byPort.keys()) if (port < lowest) lowest = port;
    this.lowest.set(instance, lowest);
    this.netdevOf.set(instance, byPort.get(lowest)!);
  }
}
