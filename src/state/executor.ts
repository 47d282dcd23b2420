/**
 * The executor: carries out a plan on one devlink client.
 *
 * Why this shape: phases run in order (device settings, rate nodes, SFs, cleanup); within a phase
 * every object's steps run in order while many objects run at once, so hundreds of SFs keep
 * requests in flight on one socket and wait for their attaches together (one notification
 * stream, no sleeps). A failing step stops its object only, with the kernel's extended-ACK text;
 * the rest goes on and a re-run repairs what failed. Ownership records are written (one atomic
 * write per phase) before the kernel is asked to create anything, and removed only after it
 * deleted. Results are per object, for `apply`'s summary and the daemon's status.
 */
import type { Devlink, ParamValue } from '../index.js';
import { NetlinkKernelError, NetlinkOverflowError } from '../index.js';
import type { ObservedState } from './observed.js';
import { deviceKey } from './observed.js';
import type { Operation, Plan } from './operations.js';
import type { OwnershipRecord, OwnershipSet } from './ownership.js';
import { paramValueFor } from './planner.js';
import { PortWatcher } from './port-watcher.js';
import { renderOperation } from './render.js';
import { sfKey } from './desired.js';

/** Options of {@link execute}. */
export interface ExecuteOptions {
  /**
   * Steps in flight at once (default 128). Waits for an SF to attach or detach take no slot: the
   * kernel attaches in the background, and holding slots through those waits left the requests
   * of later SFs to queue behind every attach. A step of an object under way goes before the
   * first step of another.
   */
  concurrency?: number;
  /** Longest wait for an SF to attach or detach while no other SF does, ms (default 60000). */
  waitTimeoutMs?: number;
  /** Clients in other network namespaces (SF instances moved there), by netns name. */
  netnsClient?: (netns: string) => Promise<Devlink>;
  /** Called after every step (progress display). */
  onProgress?: (progress: { done: number; total: number; object: string }) => void;
  /** Stops starting new steps; steps in flight finish. */
  signal?: AbortSignal;
}

/** The outcome of one object (an SF, a rate node, a device's settings...). */
export interface ObjectResult {
  readonly object: string;
  readonly status: 'ok' | 'failed';
  /** Steps carried out. */
  readonly done: number;
  /** The step that failed, as a devlink command line, and why (the kernel's extack text). */
  readonly failedCommand?: string;
  readonly error?: string;
  /**
   * The failed step's reply was lost to a receive-buffer overflow (ENOBUFS): the kernel may or
   * may not have done it. Not a refusal: re-read the kernel and plan again, without backing off.
   */
  readonly lost?: true;
}

/** What an execution did. */
export interface ExecuteResult {
  readonly results: readonly ObjectResult[];
  readonly failed: number;
}

/** A failure as one line: the kernel's extended-ACK message when it sent one, else the error's. */
export function describeError(error: unknown): string {
  if (error instanceof NetlinkKernelError) {
    const text = error.extack?.message ?? error.message;
    return `${text} (${error.code ?? `errno ${error.errno}`})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Per-object context while its steps run: the port once known, the SF's instance once attached. */
interface ObjectContext {
  port?: string;
  instance?: string;
}

/** Groups a phase's operations by object, keeping order. */
function groups(operations: readonly Operation[]): Operation[][] {
  const byObject = new Map<string, Operation[]>();
  for (const op of operations) {
    const list = byObject.get(op.object) ?? [];
    list.push(op);
    byObject.set(op.object, list);
  }
  return [...byObject.values()];
}

function recordOf(op: Operation, keys: ReadonlyMap<string, string>): OwnershipRecord | undefined {
  const key = keys.get(op.device);
  if (key === undefined) return undefined;
  if (op.kind === 'port-add' || op.kind === 'adopt' || op.kind === 'port-del') return { deviceKey: key, kind: 'sf', id: sfKey(op.sf) };
  if (op.kind === 'rate-node-add' || op.kind === 'rate-node-del') return { deviceKey: key, kind: 'rate-node', id: op.name };
  return undefined;
}

/**
 * At most `limit` tasks running at once. Waiting tasks are admitted by `rank` (higher first),
 * then in call order: the executor ranks a step by its place in its object's steps, so objects
 * already under way finish (and start their attach) before new ones start.
 */
class Slots {
  private free: number;
  /** Waiting tasks per rank, each in call order. */
  private readonly queues: (() => void)[][] = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  async run<T>(rank: number, task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => (this.queues[rank] ??= []).push(resolve));
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    for (let rank = this.queues.length - 1; rank >= 0; rank--) {
      const next = this.queues[rank]?.shift();
      if (next) {
        next();
        return;
      }
    }
    this.free++;
  }
}

/**
 * Executes `plan` against the kernel. `observed` is the state the plan was made from (for the
 * devices' ownership keys); `ownership` receives records before creations and loses them after
 * deletions.
 */
export async function execute(dl: Devlink, plan: Plan, observed: ObservedState, ownership: OwnershipSet, options: ExecuteOptions = {}): Promise<ExecuteResult> {
  const keys = new Map([...observed.devices.values()].map((device) => [device.handle, deviceKey(device)]));
  const waitTimeoutMs = options.waitTimeoutMs ?? 60_000;
  const results: ObjectResult[] = [];
  const slots = new Slots(options.concurrency ?? 128);
  const total = plan.operations.length;
  let done = 0;
  if (plan.forget.length > 0) await ownership.remove(plan.forget);
  const needsWatcher = plan.operations.some((op) => op.kind === 'wait-opstate' || op.kind === 'sf-param-set' || op.kind === 'sf-reload');
  const watcher = needsWatcher ? new PortWatcher(dl) : undefined;
  const client = async (netns: string | undefined): Promise<Devlink> => {
    if (netns === undefined) return dl;
    if (!options.netnsClient) throw new Error(`no client for netns ${netns}`);
    return options.netnsClient(netns);
  };

  const step = async (op: Operation, context: ObjectContext): Promise<void> => {
    const port = (): string => {
      const handle = 'sf' in op ? op.port ?? context.port : undefined;
      if (handle === undefined) throw new Error('the SF\'s port is not known (its port add did not run)');
      return handle;
    };
    const instance = async (): Promise<string> => {
      if (context.instance) return context.instance;
      const found = (await dl.getPort(port())).function?.devlink?.handle;
      if (!found) throw new Error(`SF ${port()} reports no devlink instance of its own (is it attached?)`);
      context.instance = found;
      return found;
    };
    switch (op.kind) {
      case 'param-set':
        await dl.setParam(op.device, op.name, { value: op.value, cmode: op.cmode, type: op.type });
        return;
      case 'eswitch-set':
        await dl.setEswitch(op.device, op.settings);
        return;
      case 'reload':
        await dl.reload(op.device);
        return;
      case 'rate-node-add':
        await dl.addRateNode(`${op.device}/${op.name}`, op.settings);
        return;
      case 'rate-node-set':
        await dl.setRate(`${op.device}/${op.name}`, op.settings);
        return;
      case 'rate-node-del':
        await dl.deleteRateNode(`${op.device}/${op.name}`);
        return;
      case 'health-set':
        await dl.setHealthReporter(op.device, op.reporter, op.settings);
        return;
      case 'adopt':
        return;
      case 'port-add': {
        const added = await dl.addPort(op.device, {
          flavour: 'pcisf', pfnum: op.sf.pfnum, sfnum: op.sf.sfnum, ...(op.sf.controller !== 0 ? { controller: op.sf.controller } : {}),
        });
        context.port = added.handle;
        return;
      }
      case 'function-set':
        await dl.setPortFunction(port(), op.settings);
        return;
      case 'rate-set':
        await dl.setRate(port(), op.settings);
        return;
      case 'state-set':
        await dl.setPortFunction(port(), { state: op.state });
        return;
      case 'wait-opstate': {
        const reached = await watcher!.waitOpstate(port(), op.opstate, waitTimeoutMs);
        const nested = reached.function?.devlink?.handle;
        if (nested) context.instance = nested;
        return;
      }
      case 'port-del':
        await dl.deletePort(port());
        return;
      case 'sf-param-set': {
        const target = await client(op.instanceNetns);
        const name = await instance();
        const current = await target.getParam(name, op.name);
        const converted = paramValueFor(current.type, op.value as string | number | boolean);
        if ('error' in converted) throw new Error(`param ${op.name}: ${converted.error}`);
        await target.setParam(name, op.name, { value: converted.value as ParamValue, cmode: op.cmode, type: current.type as never });
        return;
      }
      case 'sf-reload': {
        const target = await client(op.instanceNetns);
        await target.reload(await instance(), op.netns !== undefined ? { netns: { name: op.netns } } : {});
        return;
      }
    }
  };

  try {
    for (const phase of [...new Set(plan.operations.map((op) => op.phase))].sort()) {
      const operations = plan.operations.filter((op) => op.phase === phase);
      const creating = operations.filter((op) => op.kind === 'port-add' || op.kind === 'adopt' || op.kind === 'rate-node-add')
        .map((op) => recordOf(op, keys)).filter((r): r is OwnershipRecord => r !== undefined);
      if (creating.length > 0) await ownership.add(creating);
      const deleted: OwnershipRecord[] = [];
      // Every object's steps in order, all objects at once; their requests share the slots, an
      // object's later steps before other objects' first ones, so SFs are activated (and the
      // kernel attaches them) while later SFs are still being added; waits hold no slot.
      await Promise.all(groups(operations).map(async (group) => {
        const context: ObjectContext = {};
        const object = group[0]!.object;
        let count = 0;
        for (const op of group) {
          if (options.signal?.aborted) {
            results.push({ object, status: 'failed', done: count, failedCommand: renderOperation(op), error: 'interrupted' });
            return;
          }
          try {
            if (op.kind === 'wait-opstate') await step(op, context);
            else await slots.run(count, () => step(op, context));
          } catch (error) {
            results.push({
              object, status: 'failed', done: count, failedCommand: renderOperation(op), error: describeError(error),
              ...(error instanceof NetlinkOverflowError ? { lost: true as const } : {}),
            });
            done += group.length - count;
            options.onProgress?.({ done, total, object });
            return;
          }
          count++;
          done++;
          options.onProgress?.({ done, total, object });
          if (op.kind === 'port-del' || op.kind === 'rate-node-del') {
            const record = recordOf(op, keys);
            if (record) deleted.push(record);
          }
        }
        results.push({ object, status: 'ok', done: count });
      }));
      if (deleted.length > 0) await ownership.remove(deleted);
    }
  } finally {
    await watcher?.close();
  }
  return { results, failed: results.filter((r) => r.status === 'failed').length };
}
