/**
 * The planner: desired state x observed state x ownership -> an ordered, minimal list of
 * operations.
 *
 * Why pure: the same function serves `apply`, `apply --dry-run`, the verification after an apply
 * (re-observe, re-plan: anything left is an object that did not converge) and the daemon's loop;
 * tables of desired x observed -> operations test it without a kernel.
 *
 * Rules: only keys the config writes are managed (a key left out is left as it is); nothing
 * already right is touched; SFs devlink-ts did not create are foreign (reported, never changed)
 * unless adopted; prune removes owned objects only; changes that would disrupt running SFs are
 * refused unless allowed. Order per device: runtime/permanent params, eswitch, driverinit params
 * and one reload, rate nodes parents first, then every SF (add, function attributes while
 * inactive, rate leaf, state active, wait attached, instance params, reload/netns) and removals
 * (inactive, wait detached, delete), then rate nodes left without children, health last.
 */
import type {
  DevlinkParam, DevlinkPort, DevlinkRate, ParamType, ParamValue, PortFunctionSettings, RateSettings,
} from '../index.js';
import {
  declaredSfKeys, describeSelector, readsInstance, sfKey, type DesiredDevice, type DesiredParam, type DesiredRate, type DesiredSf, type DesiredState,
} from './desired.js';
import { deviceKey, sfPortIndex, type ObservedDevice, type ObservedState } from './observed.js';
import { PHASE, sfObject, type Forget, type Operation, type Plan, type PlanProblem, type SfRef } from './operations.js';
import type { OwnershipView } from './ownership.js';

/** A param value converted to the kernel's type of the param, or a reason it cannot be. */
export function paramValueFor(type: ParamType | string, value: string | number | boolean): { value: ParamValue } | { error: string } {
  const text = String(value);
  switch (type) {
    case 'bool':
      if (value === true || text === 'true') return { value: true };
      if (value === false || text === 'false') return { value: false };
      return { error: `expected true or false for a bool parameter, got ${JSON.stringify(value)}` };
    case 'u8': case 'u16': case 'u32': {
      const max = type === 'u8' ? 0xff : type === 'u16' ? 0xffff : 0xffff_ffff;
      if (typeof value === 'boolean' || !/^\d+$/.test(text) || Number(text) > max) {
        return { error: `expected a ${type} number (0-${max}), got ${JSON.stringify(value)}` };
      }
      return { value: Number(text) };
    }
    case 'u64':
      if (typeof value === 'boolean' || !/^\d+$/.test(text) || BigInt(text) >= 1n << 64n) return { error: `expected a u64 number, got ${JSON.stringify(value)}` };
      return { value: BigInt(text) };
    case 'string':
      return { value: text };
    default:
      return { error: `parameter type ${type} is not supported` };
  }
}

/** The observed value of a param in one cmode. */
function currentValue(params: readonly DevlinkParam[], name: string, cmode: string): { param?: DevlinkParam; value?: ParamValue } {
  const param = params.find((p) => p.name === name);
  const value = param?.values.find((v) => v.cmode === cmode)?.value;
  return { ...(param ? { param } : {}), ...(value !== undefined ? { value } : {}) };
}

/** Rate settings that differ between declared and observed (only declared keys). */
export function rateChanges(desired: DesiredRate, observed: DevlinkRate | undefined): RateSettings {
  const changes: { -readonly [K in keyof RateSettings]: RateSettings[K] } = {};
  if (desired.txShare !== undefined && observed?.txShare !== desired.txShare) changes.txShare = desired.txShare;
  if (desired.txMax !== undefined && observed?.txMax !== desired.txMax) changes.txMax = desired.txMax;
  if (desired.txPriority !== undefined && (observed?.txPriority ?? 0) !== desired.txPriority) changes.txPriority = desired.txPriority;
  if (desired.txWeight !== undefined && (observed?.txWeight ?? 0) !== desired.txWeight) changes.txWeight = desired.txWeight;
  if (desired.parent !== undefined && observed?.parent !== desired.parent) changes.parent = desired.parent;
  return changes;
}

/** Every declared rate key, as settings (for objects created now). */
function rateSettings(rate: DesiredRate): RateSettings {
  return rateChanges(rate, undefined);
}

function isEmpty(object: object): boolean {
  return Object.keys(object).length === 0;
}

/** Port function attributes that may change while the SF is active, and those that may not. */
function functionChanges(sf: DesiredSf, port: DevlinkPort | undefined): { live: Omit<PortFunctionSettings, 'state'>; inactiveOnly: Omit<PortFunctionSettings, 'state'> } {
  const fn = port?.function;
  const live: { hwAddr?: string; ipsecCrypto?: boolean; ipsecPacket?: boolean } = {};
  const inactiveOnly: { roce?: boolean; migratable?: boolean; maxIoEqs?: number } = {};
  if (sf.hwAddr !== undefined && fn?.hwAddr?.toLowerCase() !== sf.hwAddr) live.hwAddr = sf.hwAddr;
  if (sf.roce !== undefined && (fn?.caps?.roce ?? !sf.roce) !== sf.roce) inactiveOnly.roce = sf.roce;
  if (sf.migratable !== undefined && (fn?.caps?.migratable ?? !sf.migratable) !== sf.migratable) inactiveOnly.migratable = sf.migratable;
  if (sf.ipsecCrypto !== undefined && (fn?.caps?.ipsecCrypto ?? !sf.ipsecCrypto) !== sf.ipsecCrypto) live.ipsecCrypto = sf.ipsecCrypto;
  if (sf.ipsecPacket !== undefined && (fn?.caps?.ipsecPacket ?? !sf.ipsecPacket) !== sf.ipsecPacket) live.ipsecPacket = sf.ipsecPacket;
  if (sf.maxIoEqs !== undefined && fn?.maxIoEqs !== sf.maxIoEqs) inactiveOnly.maxIoEqs = sf.maxIoEqs;
  return { live, inactiveOnly };
}

const leafRateIndexes = new WeakMap<readonly DevlinkRate[], Map<number, DevlinkRate>>();

/** Leaf rates by port index (the first of an index), made once per observed rate list (never changed in place). */
function leafRatesOf(rates: readonly DevlinkRate[]): ReadonlyMap<number, DevlinkRate> {
  let byIndex = leafRateIndexes.get(rates);
  if (!byIndex) {
    byIndex = new Map();
    for (const rate of rates) if (rate.type === 'leaf' && rate.index !== undefined && !byIndex.has(rate.index)) byIndex.set(rate.index, rate);
    leafRateIndexes.set(rates, byIndex);
  }
  return byIndex;
}

/**
 * Whether an SF was found settled, per observed port object: the declared SF and leaf rate it was
 * checked against, and the answer. Why: the daemon plans again after every notification, each of
 * which replaces one port of a device and keeps the other port objects as they were; with 1,024
 * SFs, checking every converged SF's attributes anew (a dozen property reads on decoded objects of
 * many shapes) was most of a plan. A port object is never changed in place, nor is a declared SF
 * (an unchanged config range gives back the same SF objects), so the answer holds while both do.
 */
const settledAnswers = new WeakMap<DevlinkPort, { readonly sf: DesiredSf; readonly leaf: DevlinkRate | undefined; readonly settled: boolean }>();

/** Accumulates one device's plan. */
class DevicePlan {
  readonly operations: Operation[] = [];
  readonly problems: PlanProblem[] = [];
  readonly forget: Forget[] = [];
  readonly key: string;
  readonly handle: string;

  /** The SF ids the device owns, as one set when the ownership view gives one (see {@link OwnershipView.idsOf}). */
  private readonly ownedSfIds: ReadonlySet<string> | undefined;

  constructor(readonly desired: DesiredDevice, readonly observed: ObservedDevice, readonly owned: OwnershipView) {
    this.key = deviceKey(observed);
    this.handle = observed.handle;
    this.ownedSfIds = owned.idsOf?.(this.key, 'sf');
  }

  error(object: string, message: string): void {
    this.problems.push({ severity: 'error', object, message });
  }

  notice(object: string, message: string): void {
    this.problems.push({ severity: 'notice', object, message });
  }

  get sfPorts(): readonly DevlinkPort[] {
    return sfPortIndex(this.observed).list;
  }

  plan(): void {
    this.deviceSettings();
    this.rateNodes();
    this.sfs();
    this.cleanup();
  }

  /** Params before switchdev, eswitch, driverinit params with one reload. */
  private deviceSettings(): void {
    const { desired, observed, handle } = this;
    const object = `${handle} dev`;
    const hasSfs = this.sfPorts.length > 0;
    const after: Operation[] = [];
    for (const param of desired.params) {
      const op = this.paramOperation(param, observed.params, `${handle} param ${param.name}`);
      if (!op) continue;
      (param.cmode === 'driverinit' ? after : this.operations).push({ ...op, device: handle, object, phase: PHASE.device });
    }
    const eswitch = observed.eswitch;
    const settings: { -readonly [K in keyof DesiredDevice['eswitch']]: DesiredDevice['eswitch'][K] } = {};
    if (desired.eswitch.mode !== undefined && eswitch?.mode !== desired.eswitch.mode) settings.mode = desired.eswitch.mode;
    if (desired.eswitch.inlineMode !== undefined && eswitch?.inlineMode !== desired.eswitch.inlineMode) settings.inlineMode = desired.eswitch.inlineMode;
    if (desired.eswitch.encapMode !== undefined && eswitch?.encapMode !== desired.eswitch.encapMode) settings.encapMode = desired.eswitch.encapMode;
    if (!isEmpty(settings)) {
      if (settings.mode !== undefined && hasSfs && !desired.allowDisruption) {
        this.error(`${handle} eswitch`, `eswitch mode ${eswitch?.mode ?? 'unknown'} -> ${settings.mode} refused: ${this.sfPorts.length} SF(s) present would be lost (set allow_disruption: true to allow it)`);
        delete settings.mode;
      }
      if (!isEmpty(settings)) this.operations.push({ kind: 'eswitch-set', device: handle, object, phase: PHASE.device, settings });
    }
    if (after.length > 0) {
      if (hasSfs && !desired.allowDisruption) {
        this.error(`${handle} dev`, `driverinit params (${after.map((op) => (op.kind === 'param-set' ? op.name : '')).join(', ')}) need a dev reload, refused: ${this.sfPorts.length} SF(s) present (set allow_disruption: true to allow it)`);
      } else {
        this.operations.push(...after, { kind: 'reload', device: handle, object, phase: PHASE.device });
      }
    }
  }

  private paramOperation(param: DesiredParam, params: readonly DevlinkParam[], object: string): { kind: 'param-set'; name: string; value: ParamValue; type: ParamType; cmode: DesiredParam['cmode'] } | undefined {
    const current = currentValue(params, param.name, param.cmode);
    if (!current.param) {
      this.error(object, `no parameter ${param.name} (declared at ${param.origin.file}:${param.origin.line}:${param.origin.column})`);
      return undefined;
    }
    const converted = paramValueFor(current.param.type, param.value);
    if ('error' in converted) {
      this.error(object, `param ${param.name}: ${converted.error} (declared at ${param.origin.file}:${param.origin.line}:${param.origin.column})`);
      return undefined;
    }
    if (current.value === converted.value) return undefined;
    return { kind: 'param-set', name: param.name, value: converted.value, type: current.param.type as ParamType, cmode: param.cmode };
  }

  /** Rate nodes, parents before children. */
  private rateNodes(): void {
    const { handle } = this;
    const nodes = new Map(this.desired.rateNodes.map((node) => [node.name, node]));
    const order: string[] = [];
    const visit = (name: string, depth: number): void => {
      if (order.includes(name) || depth > nodes.size) return;
      const parent = nodes.get(name)?.rate.parent;
      if (parent !== undefined) visit(parent, depth + 1);
      order.push(name);
    };
    for (const name of nodes.keys()) visit(name, 0);
    for (const name of order) {
      const node = nodes.get(name)!;
      const observed = this.observed.rates.find((rate) => rate.type === 'node' && rate.nodeName === name);
      const object = `${handle} rate node ${name}`;
      if (!observed) {
        this.operations.push({ kind: 'rate-node-add', device: handle, object, phase: PHASE.rateNodes, name, settings: rateSettings(node.rate) });
        continue;
      }
      const changes = rateChanges(node.rate, observed);
      if (!isEmpty(changes)) this.operations.push({ kind: 'rate-node-set', device: handle, object, phase: PHASE.rateNodes, name, settings: changes });
    }
  }

  private sfs(): void {
    const index = sfPortIndex(this.observed);
    const ports = index.byKey;
    const sfs = this.desired.sfs;
    const { keys, set: declared } = declaredSfKeys(sfs);
    let found = 0;
    for (let i = 0; i < sfs.length; i++) {
      const key = keys[i]!;
      const port = ports.get(key);
      if (port) found++;
      this.sf(sfs[i]!, port, key);
    }
    // With no two SFs declared alike, finding as many as there are SF ports means every one was.
    // In the device's order (the index's map is in the order its entries were made).
    const undeclared = found === ports.size && declared.size === sfs.length ? [] : index.list;
    for (const port of undeclared) {
      const key = sfKey(port);
      if (declared.has(key) || ports.get(key) !== port) continue;
      const ref: SfRef = { controller: port.controller ?? 0, pfnum: port.pfnum ?? 0, sfnum: port.sfnum ?? 0 };
      const object = sfObject(this.handle, ref);
      if (!this.owned.owns(this.key, 'sf', key)) {
        this.notice(object, `foreign SF (port ${port.handle}, not created by devlink-ts): left alone`);
      } else if (this.desired.prune) {
        this.removeSf(ref, port, object);
      }
    }
    for (const record of this.owned.recordsOf(this.key)) {
      if (record.kind === 'sf' && !ports.has(record.id) && !declared.has(record.id)) this.forget.push({ deviceKey: this.key, kind: 'sf', id: record.id });
    }
  }

  private removeSf(sf: SfRef, port: DevlinkPort, object: string): void {
    const base = { device: this.handle, object, phase: PHASE.sfs, sf, port: port.handle } as const;
    if (port.function?.state === 'active' || port.function?.opstate === 'attached') {
      this.operations.push({ ...base, kind: 'state-set', state: 'inactive' }, { ...base, kind: 'wait-opstate', opstate: 'detached' });
    }
    this.operations.push({ ...base, kind: 'port-del' });
  }

  private ownsSf(key: string): boolean {
    return this.ownedSfIds !== undefined ? this.ownedSfIds.has(key) : this.owned.owns(this.key, 'sf', key);
  }

  private sf(sf: DesiredSf, port: DevlinkPort | undefined, key: string = sfKey(sf)): void {
    const owned = this.ownsSf(key);
    // A converged owned SF (the common case of a re-apply of many) is settled before anything is
    // allocated for its operations.
    if (port && owned && this.settled(sf, port)) return;
    const ref: SfRef = { controller: sf.controller, pfnum: sf.pfnum, sfnum: sf.sfnum };
    const object = sfObject(this.handle, ref);
    const base = { device: this.handle, object, phase: PHASE.sfs, sf: ref, ...(port ? { port: port.handle } : {}) } as const;
    const ops: Operation[] = [];
    if (port && !owned && !sf.adopt) {
      // Foreign: plan as if owned, to say whether it differs, but change nothing.
      const trial = new DevicePlan(this.desired, this.observed, { owns: () => true, recordsOf: () => [] });
      trial.sf(sf, port);
      if (trial.operations.length > 0) {
        this.error(object, `foreign SF (port ${port.handle}, not created by devlink-ts) differs from the config: not changed (set adopt: true to manage it)`);
      } else {
        this.notice(object, `foreign SF (port ${port.handle}) is as declared; not managed (set adopt: true to manage it)`);
      }
      return;
    }
    if (port && !owned && sf.adopt) ops.push({ ...base, kind: 'adopt' });
    if (!port) ops.push({ ...base, kind: 'port-add' });

    const { live, inactiveOnly } = functionChanges(sf, port);
    const active = port?.function?.state === 'active';
    const rate = sf.rate ? rateChanges(sf.rate, port ? this.leafRates().get(port.index) : undefined) : {};
    let cycled = false;
    let canChangeInactiveOnly = !active;
    if (active && sf.state === 'inactive') {
      ops.push({ ...base, kind: 'state-set', state: 'inactive' }, { ...base, kind: 'wait-opstate', opstate: 'detached' });
      canChangeInactiveOnly = true;
    } else if (active && !isEmpty(inactiveOnly)) {
      const what = Object.keys(inactiveOnly).map((k) => (k === 'maxIoEqs' ? 'max_io_eqs' : k)).join(', ');
      if (this.desired.allowDisruption) {
        ops.push({ ...base, kind: 'state-set', state: 'inactive' }, { ...base, kind: 'wait-opstate', opstate: 'detached' });
        cycled = true;
        canChangeInactiveOnly = true;
      } else {
        this.error(object, `changing ${what} of active SF ${port!.handle} needs it inactive, refused (set allow_disruption: true to allow it)`);
      }
    }
    const settings = { ...live, ...(canChangeInactiveOnly ? inactiveOnly : {}) };
    if (!isEmpty(settings)) ops.push({ ...base, kind: 'function-set', settings });
    if (!isEmpty(rate)) ops.push({ ...base, kind: 'rate-set', settings: rate });
    if (sf.state === 'active' && (!active || cycled)) {
      ops.push({ ...base, kind: 'state-set', state: 'active' }, { ...base, kind: 'wait-opstate', opstate: 'attached' });
    }
    if (sf.state === 'active') ops.push(...this.sfInstance(sf, port, base));
    this.operations.push(...ops);
  }

  /**
   * True when an existing SF needs nothing: the same checks as below, without building operations.
   * Anything it does not cover (instance params, netns) answers false and goes the long way.
   */
  private settled(sf: DesiredSf, port: DevlinkPort): boolean {
    if (readsInstance(sf)) return false;
    const leaf = sf.rate ? this.leafRates().get(port.index) : undefined;
    const known = settledAnswers.get(port);
    if (known !== undefined && known.sf === sf && known.leaf === leaf) return known.settled;
    const settled = this.checkSettled(sf, port, leaf);
    settledAnswers.set(port, { sf, leaf, settled });
    return settled;
  }

  /** {@link settled} without the memo. */
  private checkSettled(sf: DesiredSf, port: DevlinkPort, leaf: DevlinkRate | undefined): boolean {
    const fn = port.function;
    const active = fn?.state === 'active';
    if ((sf.state === 'active') !== active) return false;
    if (sf.hwAddr !== undefined && fn?.hwAddr !== sf.hwAddr && fn?.hwAddr?.toLowerCase() !== sf.hwAddr) return false;
    if (sf.roce !== undefined && (fn?.caps?.roce ?? !sf.roce) !== sf.roce) return false;
    if (sf.migratable !== undefined && (fn?.caps?.migratable ?? !sf.migratable) !== sf.migratable) return false;
    if (sf.ipsecCrypto !== undefined && (fn?.caps?.ipsecCrypto ?? !sf.ipsecCrypto) !== sf.ipsecCrypto) return false;
    if (sf.ipsecPacket !== undefined && (fn?.caps?.ipsecPacket ?? !sf.ipsecPacket) !== sf.ipsecPacket) return false;
    if (sf.maxIoEqs !== undefined && fn?.maxIoEqs !== sf.maxIoEqs) return false;
    if (sf.rate && !isEmpty(rateChanges(sf.rate, leaf))) return false;
    return true;
  }

  /** Leaf rates by port index (one pass over the rates instead of one search per SF). */
  private leafRates(): ReadonlyMap<number, DevlinkRate> {
    return leafRatesOf(this.observed.rates);
  }

  /** The SF instance's params and reload (with its netns move). */
  private sfInstance(sf: DesiredSf, port: DevlinkPort | undefined, base: { device: string; object: string; phase: 2; sf: SfRef; port?: string }): Operation[] {
    if (!readsInstance(sf)) return [];
    const instance = port ? this.observed.sfInstances.get(port.handle) : undefined;
    const instanceNetns = instance?.netns;
    const at = instanceNetns !== undefined ? { instanceNetns } : {};
    const ops: Operation[] = [];
    let reload = false;
    for (const param of sf.params) {
      if (!instance) {
        // Not there yet (new or not attached): its type is learnt when it exists; plan the set.
        ops.push({ ...base, kind: 'sf-param-set', name: param.name, value: param.value, type: typeof param.value === 'boolean' ? 'bool' : typeof param.value === 'number' ? 'u32' : 'string', cmode: param.cmode, ...at });
        reload ||= param.cmode === 'driverinit';
        continue;
      }
      const op = this.paramOperation(param, instance.params, `${base.object} param ${param.name}`);
      if (!op) continue;
      ops.push({ ...base, ...op, kind: 'sf-param-set', ...at });
      reload ||= param.cmode === 'driverinit';
    }
    const move = sf.netns !== undefined && instanceNetns !== sf.netns;
    if (reload || move) ops.push({ ...base, kind: 'sf-reload', ...(move ? { netns: sf.netns } : {}), ...at });
    return ops;
  }

  /** Owned rate nodes no longer declared (with prune), children first; health reporters. */
  private cleanup(): void {
    const { handle } = this;
    const declared = new Set(this.desired.rateNodes.map((node) => node.name));
    const nodes = this.observed.rates.filter((rate) => rate.type === 'node' && rate.nodeName !== undefined);
    if (this.desired.prune) {
      const doomed = nodes.filter((node) => !declared.has(node.nodeName!) && this.owned.owns(this.key, 'rate-node', node.nodeName!));
      const depth = (name: string | undefined, seen = 0): number => {
        const parent = nodes.find((node) => node.nodeName === name)?.parent;
        return parent === undefined || seen > nodes.length ? 0 : 1 + depth(parent, seen + 1);
      };
      for (const node of doomed.sort((a, b) => depth(b.nodeName) - depth(a.nodeName))) {
        this.operations.push({ kind: 'rate-node-del', device: handle, object: `${handle} rate node ${node.nodeName!}`, phase: PHASE.cleanup, name: node.nodeName! });
      }
    }
    for (const record of this.owned.recordsOf(this.key)) {
      if (record.kind === 'rate-node' && !declared.has(record.id) && !nodes.some((node) => node.nodeName === record.id)) {
        this.forget.push({ deviceKey: this.key, kind: 'rate-node', id: record.id });
      }
    }
    for (const health of this.desired.health) {
      const object = `${handle} health ${health.reporter}`;
      const reporter = this.observed.healthReporters.find((r) => r.name === health.reporter && r.portIndex === undefined);
      if (!reporter) {
        this.error(object, `no health reporter ${health.reporter} (declared at ${health.origin.file}:${health.origin.line}:${health.origin.column})`);
        continue;
      }
      const settings: { gracefulPeriod?: bigint; autoRecover?: boolean; autoDump?: boolean } = {};
      if (health.gracePeriod !== undefined && reporter.gracefulPeriod !== health.gracePeriod) settings.gracefulPeriod = health.gracePeriod;
      if (health.autoRecover !== undefined && reporter.autoRecover !== health.autoRecover) settings.autoRecover = health.autoRecover;
      if (health.autoDump !== undefined && reporter.autoDump !== health.autoDump) settings.autoDump = health.autoDump;
      if (!isEmpty(settings)) this.operations.push({ kind: 'health-set', device: handle, object, phase: PHASE.cleanup, reporter: health.reporter, settings });
    }
  }
}

/** Finds the observed device a desired device names. */
function resolve(desired: DesiredDevice, observed: ObservedState): ObservedDevice | undefined {
  const selector = desired.selector;
  if ('handle' in selector) return observed.devices.get(selector.handle);
  return [...observed.devices.values()].find((device) => device.serialNumber === selector.serialNumber);
}

/** The last plan made from each observed state, with what else it was made from. */
const plans = new WeakMap<ObservedState, { readonly desired: DesiredState; readonly owned: OwnershipView; readonly revision: number; readonly plan: Plan }>();

/**
 * Plans the operations that take `observed` to `desired`. Pure: the same inputs give the same
 * plan. Operations are ordered by phase, then by device in config order, then within a device as
 * the module comment says.
 *
 * When `owned` has a {@link OwnershipView.revision}, the plan is kept beside `observed` (held
 * weakly) and given back, the same object, for the same desired state, records and revision:
 * desired and observed states are values never changed in place (`applyEvent` makes a new one),
 * and the daemon plans from one cached state several times per pass (the pass, its status, the
 * next schedule, every status request).
 */
export function plan(desired: DesiredState, observed: ObservedState, owned: OwnershipView): Plan {
  const revision = owned.revision;
  if (revision === undefined) return planNow(desired, observed, owned);
  const last = plans.get(observed);
  if (last && last.desired === desired && last.owned === owned && last.revision === revision) return last.plan;
  const made = planNow(desired, observed, owned);
  plans.set(observed, { desired, owned, revision, plan: made });
  return made;
}

function planNow(desired: DesiredState, observed: ObservedState, owned: OwnershipView): Plan {
  const operations: Operation[] = [];
  const problems: PlanProblem[] = [];
  const forget: Forget[] = [];
  const seen = new Map<string, DesiredDevice>();
  for (const device of desired.devices) {
    const found = resolve(device, observed);
    const name = describeSelector(device.selector);
    if (!found) {
      problems.push({ severity: 'error', object: name, message: `device ${name} not found (declared at ${device.origin.file}:${device.origin.line}:${device.origin.column})` });
      continue;
    }
    const twice = seen.get(found.handle);
    if (twice) {
      problems.push({ severity: 'error', object: found.handle, message: `device ${found.handle} is declared twice (as ${describeSelector(twice.selector)} and as ${name}): use one entry` });
      continue;
    }
    seen.set(found.handle, device);
    const devicePlan = new DevicePlan(device, found, owned);
    devicePlan.plan();
    operations.push(...devicePlan.operations);
    problems.push(...devicePlan.problems);
    forget.push(...devicePlan.forget);
  }
  // Stable sort by phase keeps each device's and each object's order.
  const ordered = operations.map((op, i) => ({ op, i })).sort((a, b) => a.op.phase - b.op.phase || a.i - b.i).map(({ op }) => op);
  return { operations: ordered, problems, forget };
}
