/**
 * One pass of the declared-state engine: observe, plan, execute, verify.
 *
 * Why verification is a second plan: after executing, the kernel is read again and the same
 * planner runs; anything it still plans for an object that reported success means the kernel did
 * not keep what it acknowledged, and that object is failed. `apply` runs one pass; the daemon runs
 * passes in a loop on the same function.
 */
import type { Devlink } from '../index.js';
import type { DesiredState } from './desired.js';
import { execute, type ExecuteOptions, type ObjectResult } from './executor.js';
import { observe, type NetnsClients, type ObservedState } from './observed.js';
import type { Plan } from './operations.js';
import type { OwnershipSet } from './ownership.js';
import { plan as makePlan } from './planner.js';
import { renderOperation } from './render.js';

/** Options of {@link applyOnce}. */
export interface ApplyOptions extends ExecuteOptions {
  /** Only plan; change nothing (ownership records included). */
  dryRun?: boolean;
  netnsClient?: NetnsClients;
}

/** The outcome of one pass. */
export interface ApplyOutcome {
  /** The plan made from the state before. */
  readonly plan: Plan;
  /** The state the plan was made from. */
  readonly observed: ObservedState;
  /** Per-object results (empty on a dry run), verification failures included. */
  readonly results: readonly ObjectResult[];
  /** True when nothing failed and no planning error remains. */
  readonly converged: boolean;
}

/** Observes, plans and (unless dry) executes and verifies. */
export async function applyOnce(dl: Devlink, desired: DesiredState, ownership: OwnershipSet, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const observed = await observe(dl, desired, options.netnsClient, ownership);
  const plan = makePlan(desired, observed, ownership);
  const planErrors = plan.problems.some((problem) => problem.severity === 'error');
  if (options.dryRun) return { plan, observed, results: [], converged: !planErrors && plan.operations.length === 0 };
  const execution = await execute(dl, plan, observed, ownership, options);
  const results = [...execution.results];
  if (plan.operations.length > 0) {
    const after = makePlan(desired, await observe(dl, desired, options.netnsClient, ownership), ownership);
    const failed = new Set(results.filter((r) => r.status === 'failed').map((r) => r.object));
    const left = new Map<string, string>();
    for (const op of after.operations) if (!failed.has(op.object) && !left.has(op.object)) left.set(op.object, renderOperation(op));
    for (const [object, command] of left) {
      const index = results.findIndex((r) => r.object === object);
      const verification: ObjectResult = { object, status: 'failed', done: index >= 0 ? results[index]!.done : 0, failedCommand: command, error: 'not as declared after apply (the kernel did not keep the change)' };
      if (index >= 0) results[index] = verification;
      else results.push(verification);
    }
  }
  const converged = !planErrors && results.every((r) => r.status === 'ok');
  return { plan, observed, results, converged };
}
