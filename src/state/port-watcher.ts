/**
 * Waits for many ports' function opstates over one notification stream.
 *
 * Why not `dl.waitForFunctionOpstate` per SF: an apply of 1024 SFs waits for 1024 attaches at
 * once; one stream opened before the first request sees every port notification, keeps the
 * latest state of each port, and settles each waiter from it. After a resync (notifications lost)
 * every waited port is read again.
 */
import { DevlinkWaitTimeoutError, type Devlink, type DevlinkEventStream, type DevlinkPort, type PortFunctionOpstate } from '../index.js';

interface Waiter {
  readonly opstate: PortFunctionOpstate;
  readonly resolve: (port: DevlinkPort) => void;
  readonly reject: (error: Error) => void;
}

/** Watches port notifications from construction until close(). */
export class PortWatcher {
  private readonly stream: DevlinkEventStream;
  /** Latest state per port handle seen in a notification (null: deleted). */
  private readonly latest = new Map<string, DevlinkPort | null>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** Notifications seen per port: a read older than the last notification is not applied. */
  private readonly versions = new Map<string, number>();
  private readonly done: Promise<void>;
  /** When a wait was last settled (performance.now()). */
  private lastProgress = 0;

  constructor(private readonly dl: Devlink) {
    // Only notifications of ports being waited for are decoded: an SF's activation announces its
    // port several times before anyone waits for it, and its new instance's port too. A wait
    // starts from a read of its port (below), so nothing before it is needed.
    this.stream = dl.events({
      maxQueue: 1 << 20, kinds: ['port'],
      filter: ({ device, portIndex }) => portIndex !== undefined && this.waiters.has(`${device}/${portIndex}`),
    });
    this.done = this.run();
  }

  private async run(): Promise<void> {
    for await (const event of this.stream) {
      if (event.kind === 'resync') {
        this.latest.clear();
        await Promise.all([...this.waiters.keys()].map((handle) => this.reread(handle)));
      } else if (event.kind === 'port') {
        this.versions.set(event.port.handle, (this.versions.get(event.port.handle) ?? 0) + 1);
        this.update(event.port.handle, event.action === 'del' ? null : event.port);
      }
    }
  }

  private async reread(handle: string): Promise<void> {
    const version = this.versions.get(handle) ?? 0;
    let port: DevlinkPort | null;
    try {
      port = await this.dl.getPort(handle);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ENODEV' && code !== 'ENOENT') return;
      port = null;
    }
    if ((this.versions.get(handle) ?? 0) === version) this.update(handle, port);
  }

  private update(handle: string, port: DevlinkPort | null): void {
    this.latest.set(handle, port);
    const waiters = this.waiters.get(handle);
    if (!waiters) return;
    for (const waiter of [...waiters]) {
      if (port === null) waiter.reject(new Error(`port ${handle} was deleted while waiting for opstate ${waiter.opstate}`));
      else if (port.function?.opstate === waiter.opstate) waiter.resolve(port);
    }
  }

  /** Resolves with the port once its function reports `opstate`; rejects on timeout or deletion. */
  waitOpstate(handle: string, opstate: PortFunctionOpstate, timeoutMs: number): Promise<DevlinkPort> {
    return new Promise<DevlinkPort>((resolve, reject) => {
      const set = this.waiters.get(handle) ?? new Set<Waiter>();
      this.waiters.set(handle, set);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        set.delete(waiter);
        if (set.size === 0) {
          // Unwatched from now on: what is known of it would go stale.
          this.waiters.delete(handle);
          this.latest.delete(handle);
          this.versions.delete(handle);
        }
      };
      const waiter: Waiter = {
        opstate,
        resolve: (port) => { this.lastProgress = performance.now(); finish(); resolve(port); },
        reject: (error) => { finish(); reject(error); },
      };
      set.add(waiter);
      // The timeout counts from the later of this wait's start and the last wait that was
      // settled: the kernel attaches one SF after another, so the 1024th of an apply waits for
      // the 1023 before it, which is progress, not a stall.
      const started = performance.now();
      const expire = (): void => {
        const left = Math.max(started, this.lastProgress) + timeoutMs - performance.now();
        if (left > 0) {
          timer = setTimeout(expire, left);
          return;
        }
        waiter.reject(new DevlinkWaitTimeoutError(`opstate ${opstate}`,
          `timed out after ${timeoutMs / 1000} s waiting for port ${handle}: opstate ${opstate}`));
      };
      timer = setTimeout(expire, timeoutMs);
      const known = this.latest.get(handle);
      if (known !== undefined) this.update(handle, known);
      else void this.reread(handle);
    });
  }

  /** Stops watching. */
  async close(): Promise<void> {
    this.stream.close();
    await this.done.catch(() => undefined);
  }
}
