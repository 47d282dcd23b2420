/**
 * The daemon's loop: the declared-state engine (src/state) run continuously on a state cache fed
 * by kernel notifications.
 *
 * Why a cache: a config change that adds one SF to a host with 1,000 must not dump every port, and
 * drift must be seen when it happens, not at the next poll. The observed state is read once
 * (`observe`), then kept current from port and rate notifications (`applyEvent`); it is read
 * again only when notifications cannot keep it (a receive-buffer overflow, a device appearing,
 * params, SF instances moving between namespaces) and slowly as a safety net. Readiness needs
 * which devlink instances and netdevs exist: in the daemon's own netns they follow notifications
 * too (LiveNetnsView); only declared netns are dumped, and they hold just the SFs moved there. Notifications share
 * the request socket, so the kernel's notification of a change is read before its
 * acknowledgement: after an execution the cache already holds what the kernel did, and the next
 * plan (pure, in memory) is the verification. An object planned again right after it succeeded
 * did not keep its change, and is failed.
 *
 * A failing object is retried with its own backoff (1 s doubling to 60 s); it never blocks the
 * others and never spins. Triggers (events, config reloads, netns appearing, the periodic re-read,
 * backoff expiry) only ask for a pass; passes never overlap, and a burst of triggers makes one.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NETNS_RUN_DIR, type Devlink, type DevlinkEvent, type DevlinkEventStream } from '../index.js';
import {
  applyEvent, ConfigError, declaredSfKey, describeSelector, execute, loadDesiredState, observe, plan as makePlan, readsInstance, renderOperation, sfKey, sfObject,
  type DesiredState, type ObservedState, type Operation, type OwnershipSet, type Plan,
} from '../state/index.js';
import { sameDesiredState } from '../state/desired-equal.js';
import { findPort } from '../state/observed.js';
import { Backoff } from './backoff.js';
import { LiveNetnsView } from './live-view.js';
import type { Logger } from './log.js';
import type { DaemonMetrics } from './metrics.js';
import { RdmaProbe } from './rdma.js';
import { computeStatus, type HostStatus, type NetnsView, type SfStatus } from './status.js';

/** Options of a {@link Reconciler}. */
export interface ReconcilerOptions {
  /** The config file or directory. */
  readonly configPath: string;
  readonly dl: Devlink;
  /** Clients in other network namespaces, by name (rejects when the netns does not exist). */
  readonly netnsClient: (netns: string) => Promise<Devlink>;
  readonly ownership: OwnershipSet;
  readonly logger: Logger;
  readonly metrics: DaemonMetrics;
  /** Quiet time after a notification before a pass, ms (default 30). */
  readonly debounceMs?: number;
  /** Safety-net re-read interval, ms (default 300000). */
  readonly resyncIntervalMs?: number;
  /** Re-check of readiness while something is not ready and nothing else happens, ms (default 5000). */
  readonly readinessPollMs?: number;
  /** First backoff delay, ms (default 1000; tests shorten it). */
  readonly backoffInitialMs?: number;
  /** Longest wait for an SF to attach or detach, ms (default 60000). */
  readonly waitTimeoutMs?: number;
  /** sysfs root for RDMA readiness (default /sys). */
  readonly sysfs?: string;
  /** Where named network namespaces live (default /var/run/netns, as `ip netns add` makes them). */
  readonly netnsDir?: string;
}

/** The outcome of a reload. */
export type ReloadResult =
  | { readonly result: 'applied' | 'unchanged'; readonly generation: number }
  | { readonly result: 'rejected'; readonly generation: number; readonly errors: readonly string[] };

/** A state change, as `GET /v1/events` streams it. */
export interface StateChange {
  readonly time: string;
  readonly kind: 'host' | 'device' | 'sf' | 'config';
  readonly object: string;
  readonly [key: string]: unknown;
}

const DECLARED_CONDITIONS = new Set(['created', 'configured', 'active', 'attached']);
const EMPTY_VIEW: NetnsView = { devices: new Set(), netdevOf: new Map() };

/** `compute` made once per desired state (a state is replaced on reload, never changed). */
function perState<T>(compute: (desired: DesiredState) => T): (desired: DesiredState) => T {
  const known = new WeakMap<DesiredState, T>();
  return (desired) => {
    let value = known.get(desired);
    if (value === undefined) {
      value = compute(desired);
      known.set(desired, value);
    }
    return value;
  };
}

/** The network namespaces a config names for its SFs. */
const declaredNetnsOf = perState((desired): ReadonlySet<string> => {
  const names = new Set<string>();
  for (const device of desired.devices) for (const sf of device.sfs) if (sf.netns !== undefined) names.add(sf.netns);
  return names;
});

/**
 * Keys of the declared SFs whose own devlink instance is read. Why per state: asked for every
 * port notification, where searching 1,024 declared SFs each time cost more than the notification.
 */
const sfsReadWithInstance = perState((desired): ReadonlySet<string> =>
  new Set(desired.devices.flatMap((device) => device.sfs.filter(readsInstance).map(declaredSfKey))));

/** A JSON-able fingerprint of what `observe` reads for a config (same -> the cache stays valid). */
const observationShape = perState(computeObservationShape);

function computeObservationShape(desired: DesiredState): string {
  return JSON.stringify(desired.devices.map((device) => [
    describeSelector(device.selector), device.params.length > 0, device.health.length > 0,
    device.sfs.filter(readsInstance).map((sf) => `${declaredSfKey(sf)}@${sf.netns ?? ''}`),
  ]));
}

/** Whether two cache keys hold the same values (objects by identity: the daemon replaces, never mutates, them). */
function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Whether an SF's created/configured/active/attached conditions all hold (no list made). */
function declaredInKernel(sf: SfStatus): boolean {
  for (const condition of sf.conditions) if (!condition.status && DECLARED_CONDITIONS.has(condition.type)) return false;
  return true;
}

/** Whether two SF statuses give the same events-stream line (the fields it carries). */
function sameSfLine(a: SfStatus, b: SfStatus): boolean {
  return a.ready === b.ready && a.port === b.port && a.opstate === b.opstate && a.netdev === b.netdev && a.devlink === b.devlink
    && a.error === b.error && a.netns === b.netns && a.device === b.device && a.pfnum === b.pfnum && a.sfnum === b.sfnum;
}

function errnoOf(error: string): string {
  return /\((E[A-Z0-9]+)\)$/.exec(error)?.[1] ?? 'other';
}

/** The continuous reconciler. Emits `change` (StateChange) for the events API. */
export class Reconciler extends EventEmitter {
  private desired: DesiredState;
  private observed: ObservedState = { devices: new Map() };
  /** Views of the declared netns other than the daemon's own, read by dumps (few instances each). */
  private netnsViews = new Map<string, NetnsView>();
  /** The daemon's own netns, kept from notifications (read whole only when they cannot be trusted). */
  private readonly ownView = new LiveNetnsView();
  private generation = 1;
  private appliedGeneration = 0;
  private rejectedConfig: string | null = null;
  private lastSuccess: string | null = null;
  private readonly backoff: Backoff;
  private readonly rdma: RdmaProbe;
  private readonly failures = new Map<string, string>();
  private stream: DevlinkEventStream | undefined;
  private pump: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private periodic: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private fullRead = true;
  /** The own netns view must be read whole (start-up, overflow, periodic re-read, a device appearing). */
  private ownViewStale = true;
  /** The other netns' views may have changed (an instance moved, an execution ran). */
  private netnsViewsDirty = true;
  private closed = false;
  private readonly abort = new AbortController();
  /** Objects that succeeded in the last execution: planned again next pass = not kept. */
  private verify = new Set<string>();
  /** SFs the kernel had as declared at the last status: planned again later means drift. */
  private declaredObjects = new Set<string>();
  /** Objects that drifted and are not repaired yet. */
  private readonly drifted = new Set<string>();
  private lastStates = new Map<string, string>();
  /**
   * SFs whose declared netns does not exist yet, with the reason shown in their status. Not a
   * failure (no backoff, the host is progressing, not degraded): the move is held until the netns
   * appears, which the netns watch turns into a pass at once.
   */
  private waiting = new Map<string, string>();
  /** Bumped when `failures` changes, and when an execution may have changed the ownership records. */
  private failuresVersion = 0;
  private ownershipVersion = 0;
  /**
   * The last plan and status with what they were computed from. Why: with 1,000 SFs a plan and a
   * status cost tens of ms under emulation, and a pass, each publish, each probe and each API
   * request asked for them again although nothing had changed in between.
   */
  private planCache: { key: readonly unknown[]; plan: Plan } | undefined;
  private statusCache: { key: readonly unknown[]; status: HostStatus } | undefined;
  private firstPass: { promise: Promise<void>; resolve: () => void };
  private firstPassDone = false;

  private constructor(private readonly options: ReconcilerOptions, desired: DesiredState) {
    super();
    this.desired = desired;
    this.backoff = new Backoff({ initialMs: options.backoffInitialMs ?? 1000 });
    this.rdma = new RdmaProbe(options.sysfs);
    let resolve!: () => void;
    this.firstPass = { promise: new Promise<void>((r) => { resolve = r; }), resolve };
  }

  /** Loads the config (throws ConfigError when invalid: nothing is started) and creates the reconciler. */
  static create(options: ReconcilerOptions): Reconciler {
    const desired = loadDesiredState(options.configPath);
    return new Reconciler(options, desired);
  }

  /** Subscribes to notifications, then runs the first pass (resolves once it is done). */
  async start(): Promise<void> {
    this.stream = this.options.dl.events({ maxQueue: 1 << 16 });
    this.pump = this.consume(this.stream);
    this.options.metrics.generation.set(this.generation);
    this.periodic = setInterval(() => this.trigger('periodic', { full: true }), this.options.resyncIntervalMs ?? 300_000);
    this.periodic.unref?.();
    this.schedule(0);
    await this.firstPass.promise;
  }

  /** Resolves after the first full pass (the readiness systemd and Kubernetes wait for). */
  get started(): Promise<void> {
    return this.firstPass.promise;
  }

  /** True once the first full pass ran. */
  get hasStarted(): boolean {
    return this.firstPassDone;
  }

  private async consume(stream: DevlinkEventStream): Promise<void> {
    for await (const event of stream) this.onEvent(event);
  }

  private isConfigDevice(handle: string): boolean {
    if (this.observed.devices.has(handle)) return true;
    return this.desired.devices.some((device) => 'handle' in device.selector && device.selector.handle === handle);
  }

  private onEvent(event: DevlinkEvent): void {
    if (this.closed) return;
    if (event.kind === 'resync') {
      this.options.metrics.resyncs.inc({ reason: 'overflow' });
      this.options.logger.warn({ reason: event.reason.message }, 'notifications were lost: re-reading everything');
      this.trigger('overflow', { full: true });
      return;
    }
    if (event.kind === 'dev') {
      const handle = event.device.handle;
      if (event.action === 'del') this.forgetInstance(handle);
      if (this.ownView.apply(event)) this.rdma.update(handle, this.ownView.presence(handle));
      if (this.isConfigDevice(handle) || this.desired.devices.some((d) => !('handle' in d.selector))) {
        this.options.logger.info({ object: handle, action: event.action }, event.action === 'new' ? 'device appeared' : 'device left');
        if (event.action === 'new') this.backoff.reset(`${handle} `);
        this.trigger('device', { full: true });
      } else {
        // An instance that left here may have moved to a declared netns.
        this.netnsViewsDirty = true;
        this.trigger('instance');
      }
      return;
    }
    if (event.kind === 'port' || event.kind === 'rate') {
      const handle = event.kind === 'port' ? `${event.port.busName}/${event.port.deviceName}` : `${event.rate.busName}/${event.rate.deviceName}`;
      if (event.kind === 'port' && this.ownView.apply(event)) this.rdma.update(handle, this.ownView.presence(handle));
      if (!this.observed.devices.has(handle)) {
        if (event.kind === 'port') this.trigger('instance');
        return;
      }
      // A change after our last execution (someone else's, or the driver's): not a verification failure.
      const device = this.observed.devices.get(handle)!;
      const port = event.kind === 'port' ? event.port : event.rate.index !== undefined ? findPort(device, event.rate.index) : undefined;
      if (event.kind === 'port' && (event.action === 'del' || event.port.function?.opstate !== 'attached')) {
        const before = findPort(device, event.port.index)?.function?.devlink?.handle;
        if (before !== undefined) this.forgetInstance(before);
      }
      if (port?.sfnum !== undefined) this.verify.delete(sfObject(handle, { controller: port.controller ?? 0, pfnum: port.pfnum ?? 0, sfnum: port.sfnum }));
      this.observed = applyEvent(this.observed, event);
      if (event.kind === 'port') {
        this.netnsViewsDirty = true;
        const port = event.port;
        if (port.sfnum !== undefined && sfsReadWithInstance(this.desired).has(sfKey(port))) this.fullRead = true;
      }
      this.trigger(event.kind);
      this.publishSoon();
      return;
    }
    if (event.kind === 'param') {
      const declaresParams = this.desired.devices.some((device) => device.params.length > 0 || device.sfs.some((sf) => sf.params.length > 0));
      if (declaresParams) this.trigger('param', { full: true });
    }
  }

  /**
   * Drops an SF instance that left (or whose SF detached) from the views at once. Why: the views
   * are re-read only at the next pass, and an SF re-created in the same slot gets the same
   * instance name back, so until then a stale view would call it ready (instance and netdev
   * present) as soon as it attaches, before its new instance and netdev exist.
   */
  private forgetInstance(instance: string): void {
    this.ownView.forget(instance);
    for (const [name, view] of this.netnsViews) {
      if (!view.devices.has(instance)) continue;
      const devices = new Set(view.devices);
      devices.delete(instance);
      const netdevOf = new Map(view.netdevOf);
      netdevOf.delete(instance);
      // A new map, never changed in place: the status cache keys on its identity.
      this.netnsViews = new Map(this.netnsViews).set(name, { devices, netdevOf });
    }
  }

  /** The views status reads: '' is the daemon's own netns. */
  private get views(): ReadonlyMap<string, NetnsView> {
    return new Map([['', this.ownView.view], ...this.netnsViews]);
  }

  /** Asks for a pass soon (after the debounce); `full` re-reads the kernel first. */
  trigger(reason: string, options: { full?: boolean } = {}): void {
    if (options.full) {
      this.fullRead = true;
      this.ownViewStale = true;
      this.netnsViewsDirty = true;
    }
    void reason;
    this.schedule(this.options.debounceMs ?? 30);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const at = Date.now() + delayMs;
    if (this.timer !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.running = this.pass().finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule(this.options.debounceMs ?? 30);
        } else {
          const due = this.backoff.nextDue(Date.now());
          if (due !== undefined) this.schedule(Math.max(0, due - Date.now()) + 5);
          else if (!this.currentStatus().ready) this.schedule(this.options.readinessPollMs ?? 5000);
        }
      });
    }, delayMs);
  }

  /** One pass: (re-read,) plan, execute what is not backing off, record results. */
  private async pass(): Promise<void> {
    const { logger, metrics } = this.options;
    const generation = this.generation;
    const started = performance.now();
    try {
      if (this.fullRead) {
        this.fullRead = false;
        this.observed = await observe(this.options.dl, this.desired, this.options.netnsClient);
      }
      const now = Date.now();
      const thePlan = this.currentPlan();
      this.waiting = new Map();
      for (const op of thePlan.operations) {
        if (op.kind === 'sf-reload' && op.netns !== undefined && !existsSync(join(this.options.netnsDir ?? NETNS_RUN_DIR, op.netns))) {
          this.waiting.set(op.object, `waiting for netns ${op.netns} to exist (ip netns add ${op.netns})`);
        }
      }
      const held = (op: Operation): boolean => op.kind === 'sf-reload' && this.waiting.has(op.object);
      const planned = new Set(thePlan.operations.filter((op) => !held(op)).map((op) => op.object));
      for (const object of this.verify) {
        if (planned.has(object)) this.fail(object, 'not as declared after apply (the kernel did not keep the change)', now);
      }
      this.verify.clear();
      for (const object of planned) {
        if (this.declaredObjects.has(object) && !this.drifted.has(object)) {
          this.drifted.add(object);
          logger.info({ object, operations: thePlan.operations.filter((op) => op.object === object).map((op) => op.kind) }, 'drift detected');
        }
      }
      const operations = thePlan.operations.filter((op) => !this.backoff.blocked(op.object, now) && !held(op));
      if (operations.length > 0 || thePlan.forget.length > 0) await this.run({ ...thePlan, operations }, now, generation);
      if (this.ownViewStale || this.netnsViewsDirty || !this.currentStatus().ready) await this.readViews();
      if (generation === this.generation && !this.closed) {
        this.appliedGeneration = generation;
        const status = this.currentStatus();
        metrics.passes.inc({ result: this.failures.size > 0 ? 'failed' : 'converged' });
        if (operations.length > 0) metrics.passSeconds.observe((performance.now() - started) / 1000);
        if (status.ready) {
          this.lastSuccess = new Date().toISOString();
          metrics.lastSuccess.set(Date.now() / 1000);
        }
        this.publish(status);
      }
    } catch (error) {
      if (this.closed) return;
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ error: message }, 'reconcile pass failed; retrying');
      metrics.passes.inc({ result: 'error' });
      this.fullRead = true;
      this.fail('reconcile', message, Date.now());
    } finally {
      if (!this.firstPassDone) {
        this.firstPassDone = true;
        this.firstPass.resolve();
      }
    }
  }

  private fail(object: string, error: string, now: number): void {
    const delay = this.backoff.failed(object, now);
    this.failures.set(object, error);
    this.failuresVersion++;
    this.options.metrics.netlinkErrors.inc({ errno: errnoOf(error) });
    this.options.logger.warn({ object, error, errno: errnoOf(error), retryInMs: delay, failures: this.backoff.failures(object) }, 'object failed');
  }

  private async run(thePlan: Plan, now: number, generation: number): Promise<void> {
    const { logger, metrics, dl } = this.options;
    const kinds = new Map<string, string[]>();
    for (const op of thePlan.operations) {
      kinds.set(op.object, [...(kinds.get(op.object) ?? []), op.kind]);
      logger.info({ object: op.object, operation: op.kind, command: renderOperation(op) }, 'operation');
    }
    const execution = await execute(dl, thePlan, this.observed, this.options.ownership, {
      netnsClient: this.options.netnsClient, waitTimeoutMs: this.options.waitTimeoutMs ?? 60_000, signal: this.abort.signal,
    });
    this.ownershipVersion++;
    for (const result of execution.results) {
      for (const kind of kinds.get(result.object)?.slice(0, result.done) ?? []) metrics.operations.inc({ kind, result: 'ok' });
      if (result.status === 'ok') {
        if (this.drifted.delete(result.object)) {
          metrics.driftRepaired.inc();
          logger.info({ object: result.object, result: 'repaired' }, 'drift repaired');
        } else {
          logger.info({ object: result.object, result: 'ok', operations: result.done }, 'object applied');
        }
        this.backoff.succeeded(result.object);
        if (this.failures.delete(result.object)) this.failuresVersion++;
        // Verified by the next pass, if the config it was applied for is still the one in force.
        if (generation === this.generation) this.verify.add(result.object);
      } else if (result.lost) {
        // Not a refusal: the reply was lost to a receive-buffer overflow (the stream's resync
        // re-reads everything). Plan it again from what the kernel has, without backing off.
        this.fullRead = true;
        logger.warn({ object: result.object, command: result.failedCommand, error: result.error }, 'reply lost to a receive-buffer overflow: re-reading, then planning again');
      } else {
        const failedKind = kinds.get(result.object)?.[result.done];
        if (failedKind) metrics.operations.inc({ kind: failedKind, result: 'failed' });
        this.fail(result.object, `${result.failedCommand ?? ''}: ${result.error ?? 'failed'}`, now);
      }
    }
    // Params, eswitch, health, reloads and SF instances have no (or partial) notifications.
    if (thePlan.operations.some((op) => !['port-add', 'function-set', 'rate-set', 'state-set', 'wait-opstate', 'port-del', 'adopt', 'rate-node-add', 'rate-node-set', 'rate-node-del'].includes(op.kind))) this.fullRead = true;
    // The kernel's notifications of what was done precede its acknowledgements on the same socket:
    // one turn of the event loop lets the event consumer apply them before the next plan.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.again = true;
    this.netnsViewsDirty = true;
  }

  /**
   * Reads which devlink instances and netdevs exist in each declared netns, and in the daemon's own
   * when its live view must be rebuilt (otherwise notifications keep it). Then RDMA presence.
   */
  private async readViews(): Promise<void> {
    const readOwn = this.ownViewStale;
    this.ownViewStale = false;
    this.netnsViewsDirty = false;
    const names = declaredNetnsOf(this.desired);
    const views = new Map<string, NetnsView>();
    const own = readOwn
      ? this.ownView.read(this.options.dl).catch(() => {
        this.ownViewStale = true;
      })
      : Promise.resolve();
    await Promise.all([own, ...[...names].map(async (name) => {
      try {
        const client = await this.options.netnsClient(name);
        // One dump at a time: the kernel refuses a second dump on a socket while one runs.
        const devices = await client.listDevices();
        const ports = await client.listPorts();
        const netdevOf = new Map<string, string>();
        for (const port of ports) {
          const handle = `${port.busName}/${port.deviceName}`;
          if (port.netdevName !== undefined && !netdevOf.has(handle)) netdevOf.set(handle, port.netdevName);
        }
        views.set(name, { devices: new Set(devices.map((d) => d.handle)), netdevOf });
      } catch {
        views.set(name, EMPTY_VIEW);
      }
    })]);
    this.netnsViews = views;
    if (!readOwn && names.size === 0) {
      // Only the own view, kept from notifications (each told the probe of its instance): the
      // answers that can still change are read again, the final ones are kept.
      this.rdma.recheck((instance) => this.ownView.presence(instance));
      return;
    }
    const present = new Map<string, boolean>();
    for (const view of this.views.values()) for (const instance of view.devices) present.set(instance, present.get(instance) === true || view.netdevOf.has(instance));
    this.rdma.refresh(present);
  }

  /** The status now (pure over the cache; no kernel request). */
  currentStatus(): HostStatus {
    const key = [
      this.desired, this.observed, this.ownershipVersion, this.ownView.version, this.netnsViews, this.waiting, this.failuresVersion, this.rdma.version,
      this.generation, this.appliedGeneration, this.rejectedConfig, this.lastSuccess,
    ];
    if (this.statusCache !== undefined && sameKey(this.statusCache.key, key)) return this.statusCache.status;
    const status = computeStatus({
      desired: this.desired, observed: this.observed, plan: this.currentPlan(), views: this.views,
      failures: this.failures, waiting: this.waiting, ...(this.rdma.anyKnown ? { rdma: (instance: string) => this.rdma.of(instance) } : {}), generation: this.generation, appliedGeneration: this.appliedGeneration,
      config: this.options.configPath, rejectedConfig: this.rejectedConfig, lastSuccess: this.lastSuccess,
    });
    this.statusCache = { key, status };
    return status;
  }

  /**
   * The status now, as served to clients (API, probes): computed from the cache and published
   * first, so the events stream has announced whatever a client is shown. Why: a client reads
   * the status, then waits for the next event to read it again; had it been shown a state the
   * stream never carried (an SF between its deletion and its identical re-creation), the return
   * to the published state would not be a change and the client would wait forever.
   */
  status(): HostStatus {
    const status = this.currentStatus();
    this.publish(status);
    return status;
  }

  /**
   * The status once every notification the kernel sent before this call has been applied. Why:
   * a client that changed something (an iproute2 `port del`) and then asks (`wait-ready`) must not
   * be shown the state from before its change as ready. Notifications share the daemon's request
   * socket, so the reply to one small request is read after them, and one turn of the event loop
   * lets the consumer apply them.
   */
  async settledStatus(): Promise<HostStatus> {
    const handle = this.observed.devices.keys().next().value;
    await (handle !== undefined ? this.options.dl.getDevice(handle) : this.options.dl.listDevices()).catch(() => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
    return this.status();
  }

  /** Publishes the status soon (at most once per 50 ms), so followers see changes made between passes. */
  private publishSoon(): void {
    if (this.publishTimer !== undefined || this.closed) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      if (!this.closed) this.publish(this.currentStatus());
    }, 50);
  }

  private publishTimer: ReturnType<typeof setTimeout> | undefined;

  /** What would change now (from the cache), as a plan. */
  currentPlan(): Plan {
    const key = [this.desired, this.observed, this.ownershipVersion];
    if (this.planCache !== undefined && sameKey(this.planCache.key, key)) return this.planCache.plan;
    const plan = makePlan(this.desired, this.observed, this.options.ownership);
    this.planCache = { key, plan };
    return plan;
  }

  /** Emits changes since the last status and updates the gauges. */
  private publish(status: HostStatus): void {
    // The same status object (nothing changed since, see currentStatus): every line would equal the last.
    if (status === this.lastPublished) return;
    this.lastPublished = status;
    const { metrics } = this.options;
    const time = new Date().toISOString();
    const seen = new Set<string>();
    const emit = (key: string, change: StateChange): void => {
      seen.add(key);
      const text = JSON.stringify({ ...change, time: undefined });
      if (this.lastStates.get(key) === text) return;
      this.lastStates.set(key, text);
      this.emit('change', change);
    };
    const deviceCounts = { ready: 0, failed: 0, progressing: 0 };
    for (const device of status.devices) {
      emit(`device ${device.object}`, { time, kind: 'device', object: device.object, handle: device.handle, present: device.present, ready: device.ready, error: device.error });
      deviceCounts[device.ready ? 'ready' : device.error ? 'failed' : 'progressing']++;
    }
    // SFs: compared field by field with the line last published for the object (an SF status the
    // memo handed back unchanged is the same object): with 1,024 SFs, one JSON text per SF per
    // publish was the daemon's largest cost of adding one SF.
    const sfCounts = { ready: 0, failed: 0, progressing: 0 };
    const published = new Map<string, SfStatus>();
    for (const sf of status.sfs) {
      // As declared in the kernel (whatever the driver does next): a later plan for it is drift.
      if (declaredInKernel(sf)) this.declaredObjects.add(sf.object);
      sfCounts[sf.ready ? 'ready' : this.failures.has(sf.object) ? 'failed' : 'progressing']++;
      const before = this.lastSfs.get(sf.object);
      published.set(sf.object, sf);
      if (before !== undefined && (before === sf || sameSfLine(before, sf))) continue;
      this.emit('change', {
        time, kind: 'sf', object: sf.object, device: sf.device, pfnum: sf.pfnum, sfnum: sf.sfnum, port: sf.port, ready: sf.ready,
        opstate: sf.opstate, netdev: sf.netdev, devlink: sf.devlink, netns: sf.netns, error: sf.error,
      } satisfies StateChange);
    }
    this.lastSfs = published;
    for (const object of this.declaredObjects) if (!published.has(object)) this.declaredObjects.delete(object);
    emit('host', { time, kind: 'host', object: 'host', state: status.state, ready: status.ready, generation: status.generation });
    for (const key of [...this.lastStates.keys()]) if (!seen.has(key)) this.lastStates.delete(key);
    metrics.objects.reset();
    for (const [kind, counts] of [['device', deviceCounts], ['sf', sfCounts]] as const) {
      for (const [state, value] of Object.entries(counts)) if (value > 0) metrics.objects.set({ kind, state }, value);
    }
    metrics.ready.set(status.ready ? 1 : 0);
    if (status.ready !== this.wasReady) {
      this.wasReady = status.ready;
      this.options.logger.info({ state: status.state, generation: status.generation }, status.ready ? 'host ready' : `host ${status.state}`);
    }
  }

  /** The SF statuses last published, by object (what the events stream last said of each). */
  private lastSfs = new Map<string, SfStatus>();
  private wasReady: boolean | undefined;
  private lastPublished: HostStatus | undefined;

  /**
   * Re-reads the config. A config that fails validation is rejected with its file:line:column
   * errors and the last good one stays in force; an unchanged one changes nothing.
   */
  reload(): ReloadResult {
    const { logger, metrics } = this.options;
    let desired: DesiredState;
    try {
      desired = loadDesiredState(this.options.configPath);
    } catch (error) {
      const errors = error instanceof ConfigError ? error.message.split('\n') : [error instanceof Error ? error.message : String(error)];
      this.rejectedConfig = errors.join('\n');
      metrics.reloads.inc({ result: 'rejected' });
      logger.error({ errors, generation: this.generation }, 'config rejected; the last good config stays in force');
      this.emit('change', { time: new Date().toISOString(), kind: 'config', object: this.options.configPath, result: 'rejected', errors, generation: this.generation });
      return { result: 'rejected', generation: this.generation, errors };
    }
    this.rejectedConfig = null;
    if (sameDesiredState(desired, this.desired)) {
      metrics.reloads.inc({ result: 'unchanged' });
      return { result: 'unchanged', generation: this.generation };
    }
    const reread = observationShape(desired) !== observationShape(this.desired);
    this.desired = desired;
    this.generation++;
    this.backoff.reset();
    this.failures.clear();
    this.failuresVersion++;
    this.declaredObjects.clear();
    this.drifted.clear();
    // What the last execution did was for the previous config: planning it again under this one
    // (an SF it no longer declares, removed) is no sign that the kernel did not keep it.
    this.verify.clear();
    metrics.generation.set(this.generation);
    metrics.reloads.inc({ result: 'applied' });
    logger.info({ generation: this.generation, reread }, 'config reloaded');
    this.emit('change', { time: new Date().toISOString(), kind: 'config', object: this.options.configPath, result: 'applied', generation: this.generation });
    this.trigger('config', { full: reread });
    return { result: 'applied', generation: this.generation };
  }

  /** Whether the loop and its notification stream are alive (for /healthz). */
  get healthy(): boolean {
    return !this.closed && this.stream !== undefined;
  }

  /** Names of the declared netns (for the netns watch). */
  declaredNetns(): string[] {
    return [...declaredNetnsOf(this.desired)];
  }

  /** Stops: no new passes, steps in flight finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    clearTimeout(this.timer);
    clearTimeout(this.publishTimer);
    clearInterval(this.periodic);
    await this.running?.catch(() => undefined);
    this.stream?.close();
    await this.pump?.catch(() => undefined);
  }
}
