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
  private recording: ViewEvent[] | undefined;
  private snapshot: NetnsView | undefined;

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
    if (had || hadPorts) this.snapshot = undefined;
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
      for (const port of ports) if (port.netdevName !== undefined) this.setNetdev(`${port.busName}/${port.deviceName}`, port.index, port.netdevName);
      this.snapshot = undefined;
      for (const event of recorded) this.applyTo(event);
    } finally {
      if (this.recording === recorded) this.recording = undefined;
    }
  }

  /** Whether the instance is present here: undefined if not, else whether it has a netdev. */
  presence(instance: string): boolean | undefined {
    return this.instances.has(instance) ? this.netdevs.has(instance) : undefined;
  }

  /** The view as status reads it (each instance's netdev: that of its lowest-numbered port with one). */
  get view(): NetnsView {
    if (this.snapshot !== undefined) return this.snapshot;
    const netdevOf = new Map<string, string>();
    for (const [instance, byPort] of this.netdevs) {
      let lowest = Infinity;
      for (const index of byPort.keys()) if (index < lowest) lowest = index;
      netdevOf.set(instance, byPort.get(lowest)!);
    }
    this.snapshot = { devices: new Set(this.instances), netdevOf };
    return this.snapshot;
  }

  private applyTo(event: ViewEvent): boolean {
    if (event.kind === 'dev') {
      const handle = event.device.handle;
      if (event.action === 'new') {
        if (this.instances.has(handle)) return false;
        this.instances.add(handle);
        this.snapshot = undefined;
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
      if (added) this.snapshot = undefined;
      return added;
    }
    if (netdev === undefined) {
      const byPort = this.netdevs.get(instance)!;
      byPort.delete(event.port.index);
      if (byPort.size === 0) this.netdevs.delete(instance);
    } else {
      this.setNetdev(instance, event.port.index, netdev);
    }
    this.snapshot = undefined;
    return true;
  }

  private setNetdev(instance: string, index: number, netdev: string): void {
    let byPort = this.netdevs.get(instance);
    if (byPort === undefined) this.netdevs.set(instance, (byPort = new Map()));
    byPort.set(index, netdev);
  }
}
