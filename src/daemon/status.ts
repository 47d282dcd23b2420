/**
 * Readiness and status: what `GET /v1/status`, `devlink-ts status` and `wait-ready` report.
 *
 * Why a pure function of the daemon's cached state: status is asked often (probes, wait-ready
 * polling the stream, the events diff after every pass) and must never cost a kernel dump. The
 * conditions are those a container or the SR-IOV device plugin needs, in the order an SF goes
 * through them, so the first false one is the reason it is not ready:
 * created, configured, active, attached, devlink (its own instance present), netdev (present, in
 * the declared netns), rdma (only where the driver makes an RDMA device).
 */
import type { DesiredSf, DesiredState, ObservedDevice, ObservedState, Plan } from '../state/index.js';
import { declaredSfKeys, describeSelector, sfObject, sfPortIndex } from '../state/index.js';
import type { DevlinkPort } from '../index.js';

/** Condition names of an SF, in order. */
export const SF_CONDITIONS = ['created', 'configured', 'active', 'attached', 'devlink', 'netdev', 'rdma'] as const;
export type SfConditionType = (typeof SF_CONDITIONS)[number];

/** One condition and, when false, why. */
export interface Condition {
  readonly type: string;
  readonly status: boolean;
  readonly reason?: string;
}

/** An SF's status (the JSON `devlink-ts status -j` prints per SF). */
export interface SfStatus {
  readonly object: string;
  readonly device: string;
  readonly controller: number;
  readonly pfnum: number;
  readonly sfnum: number;
  /** Its port handle, null before it exists. */
  readonly port: string | null;
  readonly ready: boolean;
  /** Declared function state. */
  readonly state: 'active' | 'inactive';
  readonly opstate: string | null;
  readonly netdev: string | null;
  /** Its own devlink instance. */
  readonly devlink: string | null;
  /** Declared netns (null: the daemon's own). */
  readonly netns: string | null;
  /** The first unmet condition's reason, or the last failure (with the kernel's extended-ACK text). */
  readonly error: string | null;
  readonly conditions: readonly Condition[];
}

/** A device's status. */
export interface DeviceStatus {
  readonly object: string;
  readonly handle: string | null;
  readonly present: boolean;
  /** Eswitch, params, rate nodes and health as declared. */
  readonly configured: boolean;
  readonly ready: boolean;
  readonly error: string | null;
}

/** The host: `ready`, `progressing` or `degraded`, with the config generation it applies. */
export interface HostStatus {
  readonly state: 'ready' | 'progressing' | 'degraded';
  readonly ready: boolean;
  /** Generation of the config in force; `appliedGeneration` once a full pass ran on it. */
  readonly generation: number;
  readonly appliedGeneration: number;
  readonly config: string;
  /** The last config that was rejected on reload, with its errors (the previous one stays in force). */
  readonly rejectedConfig: string | null;
  readonly lastSuccess: string | null;
  readonly devices: readonly DeviceStatus[];
  readonly sfs: readonly SfStatus[];
  /** Problems the planner reports (refusals, foreign SFs...). */
  readonly problems: readonly { severity: string; object: string; message: string }[];
}

/** What the daemon knows of a network namespace's devlink instances and their netdevs. */
export interface NetnsView {
  /** devlink instance handles present there. */
  readonly devices: ReadonlySet<string>;
  /** A netdev name per instance handle (from its ports). */
  readonly netdevOf: ReadonlyMap<string, string>;
}

/** The daemon's state that status is computed from. */
export interface StatusInput {
  readonly desired: DesiredState;
  readonly observed: ObservedState;
  /** A plan made now from the two (pure, cheap). */
  readonly plan: Plan;
  /** Views per netns name ('' = the daemon's own). */
  readonly views: ReadonlyMap<string, NetnsView>;
  /** Latest failure per object (cleared on success). */
  readonly failures: ReadonlyMap<string, string>;
  /** Objects held back for a reason that is not a failure (an SF's netns not created yet). */
  readonly waiting?: ReadonlyMap<string, string>;
  /** Whether an SF instance makes an RDMA device, and if it has one (undefined: not applicable). */
  readonly rdma?: (instance: string) => boolean | undefined;
  readonly generation: number;
  readonly appliedGeneration: number;
  readonly config: string;
  readonly rejectedConfig: string | null;
  readonly lastSuccess: string | null;
}

function findDevice(observed: ObservedState, selector: DesiredState['devices'][number]['selector']): ObservedDevice | undefined {
  return 'handle' in selector ? observed.devices.get(selector.handle) : [...observed.devices.values()].find((d) => d.serialNumber === selector.serialNumber);
}

const CONFIG_KINDS = new Set(['function-set', 'rate-set', 'sf-param-set', 'adopt']);

/**
 * Met conditions, one shared frozen object each. Why: status is computed many times per daemon
 * pass; with 1024 ready SFs, six new `{ type, status: true }` objects per SF were most of what it
 * allocated. Only unmet conditions (with their reason) are made per SF.
 */
const MET: Readonly<Record<SfConditionType, Condition>> = Object.freeze(Object.fromEntries(
  SF_CONDITIONS.map((type) => [type, Object.freeze({ type, status: true })]),
) as Record<SfConditionType, Condition>);

/** The whole list of a ready SF, one frozen array per shape: declared active, with an RDMA device, declared inactive. */
const ALL_MET_ACTIVE: readonly Condition[] = Object.freeze([MET.created, MET.configured, MET.active, MET.attached, MET.devlink, MET.netdev]);
const ALL_MET_ACTIVE_RDMA: readonly Condition[] = Object.freeze([...ALL_MET_ACTIVE, MET.rdma]);
const ALL_MET_INACTIVE: readonly Condition[] = Object.freeze([MET.created, MET.configured, MET.active]);

const sfObjectLists = new WeakMap<DesiredState['devices'][number]['sfs'], { device: string; objects: readonly string[] }>();

/** `sfObject` of an SF object (the same SF in the next config's list keeps its name). */
const sfObjectNames = new WeakMap<DesiredSf, { device: string; object: string }>();

/** `sfObject` of each SF of a device, made once per SF list and device name. */
function sfObjectsOf(sfs: DesiredState['devices'][number]['sfs'], device: string): readonly string[] {
  const known = sfObjectLists.get(sfs);
  if (known?.device === device) return known.objects;
  const objects = sfs.map((sf) => {
    const named = sfObjectNames.get(sf);
    if (named?.device === device) return named.object;
    const object = sfObject(device, sf);
    sfObjectNames.set(sf, { device, object });
    return object;
  });
  sfObjectLists.set(sfs, { device, objects });
  return objects;
}

/** What status reads of an SF port's function. */
interface PortFacts {
  readonly state: string | undefined;
  readonly opstate: string | undefined;
  readonly instance: string | null;
}

/**
 * Port facts, read once per port object. Why: decoded ports and their functions come in many
 * object shapes, so reading the same properties of 1,024 of them for every status was most of
 * its cost; a port object is never changed in place (a notification brings a new one).
 */
const portFacts = new WeakMap<DevlinkPort, PortFacts>();

function factsOf(port: DevlinkPort): PortFacts {
  let facts = portFacts.get(port);
  if (facts === undefined) {
    const fn = port.function;
    facts = { state: fn?.state, opstate: fn?.opstate, instance: fn?.devlink?.handle ?? null };
    portFacts.set(port, facts);
  }
  return facts;
}

/**
 * The status last made for each declared SF. Why: when an SF's status shows what it showed
 * before, the same object is handed back, so whoever compares statuses (the daemon's events
 * stream, with 1,024 SFs after every notification) sees it unchanged by identity alone.
 */
const lastSfStatus = new WeakMap<DesiredSf, SfStatus>();

/** The SF status of a settled SF (sharing a frozen condition list): the last one when every field equals. */
function settledSfStatus(
  sf: DesiredSf, object: string, device: string, port: string | null, opstate: string | null, netdev: string | null, devlink: string | null,
  conditions: readonly Condition[],
): SfStatus {
  const last = lastSfStatus.get(sf);
  if (last !== undefined && last.ready && last.conditions === conditions && last.object === object && last.device === device
    && last.port === port && last.opstate === opstate && last.netdev === netdev && last.devlink === devlink) return last;
  const status: SfStatus = {
    object, device, controller: sf.controller, pfnum: sf.pfnum, sfnum: sf.sfnum, port, ready: true,
    state: sf.state, opstate, netdev, devlink, netns: sf.netns ?? null, error: null, conditions,
  };
  lastSfStatus.set(sf, status);
  return status;
}

/** Computes the whole status. */
export function computeStatus(input: StatusInput): HostStatus {
  const { desired, observed, plan, views, failures } = input;
  // Objects with a configuration step pending (function attributes, rate, instance params, adoption).
  const configPending = new Set<string>();
  for (const op of plan.operations) if (CONFIG_KINDS.has(op.kind)) configPending.add(op.object);
  const problemOf = new Map<string, string>();
  for (const problem of plan.problems) if (problem.severity === 'error') problemOf.set(problem.object, problem.message);
  const devices: DeviceStatus[] = [];
  const sfs: SfStatus[] = [];
  for (const device of desired.devices) {
    const found = findDevice(observed, device.selector);
    const name = describeSelector(device.selector);
    const handle = found?.handle ?? null;
    const deviceOps = handle === null ? [] : plan.operations.filter((op) => op.device === handle && !('sf' in op));
    const deviceError = handle === null ? 'the device is not present' : failures.get(`${handle} eswitch`) ?? [...failures].find(([object]) => object.startsWith(`${handle} `) && !object.startsWith(`${handle} sf `))?.[1] ?? null;
    devices.push({ object: name, handle, present: found !== undefined, configured: found !== undefined && deviceOps.length === 0, ready: found !== undefined && deviceOps.length === 0, error: deviceError });
    const ports = found ? sfPortIndex(found).byKey : new Map<string, DevlinkPort>();
    const { keys } = declaredSfKeys(device.sfs);
    const deviceName = handle ?? name;
    const objects = sfObjectsOf(device.sfs, deviceName);
    // Looked up once per device rather than once per SF (most SFs stay in the daemon's netns,
    // most statuses have no configuration pending): with 1,024 SFs under emulation each lookup
    // per SF costs milliseconds per status.
    const ownView = views.get('');
    const anyPending = configPending.size > 0;
    const rdmaOf = input.rdma;
    for (let i = 0; i < device.sfs.length; i++) {
      const sf = device.sfs[i]!;
      const object = objects[i]!;
      const port = ports.get(keys[i]!);
      const facts = port !== undefined ? factsOf(port) : undefined;
      const instance = facts?.instance ?? null;
      const created = port !== undefined;
      const configured = created && !(anyPending && configPending.has(object));
      const portHandle = port?.handle ?? null;
      const opstate = facts?.opstate ?? null;
      if (sf.state === 'active') {
        const view = sf.netns === undefined ? ownView : views.get(sf.netns);
        const present = instance !== null && view?.devices.has(instance) === true;
        const netdev = instance !== null ? view?.netdevOf.get(instance) ?? null : null;
        const rdma = instance !== null && rdmaOf !== undefined ? rdmaOf(instance) : undefined;
        if (configured && facts!.state === 'active' && opstate === 'attached' && present && netdev !== null && rdma !== false) {
          // Ready (the common case, 1024 times per status): the shared list, and the last status when it shows the same.
          const conditions = rdma === true ? ALL_MET_ACTIVE_RDMA : ALL_MET_ACTIVE;
          sfs.push(settledSfStatus(sf, object, deviceName, portHandle, opstate, netdev, instance, conditions));
          continue;
        }
        // In order; a reason is made only for an unmet condition.
        const list: Condition[] = [];
        let firstUnmet: Condition | undefined;
        const add = (type: SfConditionType, status: boolean, reason: () => string): void => {
          if (status) {
            list.push(MET[type]);
            return;
          }
          const condition = { type, status, reason: reason() };
          list.push(condition);
          firstUnmet ??= condition;
        };
        add('created', created, () => (handle === null ? 'its device is not present' : 'the SF port does not exist'));
        add('configured', configured, () => 'function attributes or rate differ from the config');
        add('active', facts?.state === 'active', () => `function state is ${facts?.state ?? 'unknown'}`);
        add('attached', opstate === 'attached', () => `opstate is ${opstate ?? 'unknown'}`);
        add('devlink', present, () => (instance === null ? 'the function reports no devlink instance yet' : `${instance} is not present${sf.netns !== undefined ? ` in netns ${sf.netns}` : ''}`));
        add('netdev', present && netdev !== null, () => `no netdev${sf.netns !== undefined ? ` in netns ${sf.netns}` : ''} yet`);
        if (rdma !== undefined) add('rdma', rdma, () => 'the driver has not made its RDMA device yet');
        sfs.push(unsettledSfStatus(sf, object, deviceName, portHandle, opstate, netdev, instance, list, firstUnmet));
        continue;
      }
      if (configured && facts!.state === 'inactive') {
        sfs.push(settledSfStatus(sf, object, deviceName, portHandle, opstate, null, instance, ALL_MET_INACTIVE));
        continue;
      }
      const list: Condition[] = [];
      let firstUnmet: Condition | undefined;
      const unmet = (type: SfConditionType, reason: string): void => {
        const condition = { type, status: false, reason };
        list.push(condition);
        firstUnmet ??= condition;
      };
      if (created) list.push(MET.created);
      else unmet('created', handle === null ? 'its device is not present' : 'the SF port does not exist');
      if (configured) list.push(MET.configured);
      else unmet('configured', 'function attributes or rate differ from the config');
      if (facts?.state === 'inactive') list.push(MET.active);
      else unmet('active', `function state is ${facts?.state ?? 'unknown'} (declared inactive)`);
      sfs.push(unsettledSfStatus(sf, object, deviceName, portHandle, opstate, null, instance, list, firstUnmet));
    }
  }
  function unsettledSfStatus(
    sf: DesiredSf, object: string, device: string, port: string | null, opstate: string | null, netdev: string | null, devlink: string | null,
    conditions: readonly Condition[], firstUnmet: Condition | undefined,
  ): SfStatus {
    const ready = firstUnmet === undefined;
    const error = ready ? null : failures.get(object) ?? problemOf.get(object) ?? input.waiting?.get(object) ?? `${firstUnmet!.type}: ${firstUnmet!.reason!}`;
    return {
      object, device, controller: sf.controller, pfnum: sf.pfnum, sfnum: sf.sfnum, port, ready,
      state: sf.state, opstate, netdev, devlink, netns: sf.netns ?? null, error, conditions,
    };
  }
  const ready = devices.every((d) => d.ready) && sfs.every((s) => s.ready) && problemOf.size === 0 && input.appliedGeneration === input.generation;
  const degraded = !ready && (failures.size > 0 || problemOf.size > 0 || devices.some((d) => !d.present));
  return {
    state: ready ? 'ready' : degraded ? 'degraded' : 'progressing', ready,
    generation: input.generation, appliedGeneration: input.appliedGeneration, config: input.config, rejectedConfig: input.rejectedConfig,
    lastSuccess: input.lastSuccess, devices, sfs, problems: plan.problems.map((p) => ({ severity: p.severity, object: p.object, message: p.message })),
  };
}
