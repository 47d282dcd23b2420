/**
 * The set-up every contract shares: one client and one device per contract (made in beforeAll,
 * removed in afterAll), so the VM pays for one device per object rather than one per test.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Devlink } from '../../src/devlink/client.js';
import type { ContractTarget, TargetDevice } from './target.js';

/** What a contract's tests use; read inside tests (it is filled in beforeAll). */
export interface ContractContext<D extends TargetDevice> {
  readonly dl: Devlink;
  readonly dev: D;
}

/** Registers the client and device hooks in the current describe block. */
export function contractDevice<D extends TargetDevice>(target: ContractTarget, make: () => Promise<D>, prepare?: (context: ContractContext<D>) => Promise<void>): ContractContext<D> {
  const context = {} as { dl: Devlink; dev: D };
  beforeAll(async () => {
    context.dl = await target.open();
    context.dev = await make();
    await prepare?.(context);
  });
  afterAll(async () => {
    await context.dev?.remove();
    context.dl?.close();
  });
  return context;
}
