import { describe, expect, it } from 'vitest';
import { kernelProblems } from '../../scripts/vm/kernel-log.mjs';
import { kernelProblemsSince } from './support/kernel-log.js';

// Runs last (see the sequencer in vitest.config.ts): the whole boot's kernel log must be clean.
describe('kernel log after the whole suite', () => {
  it('recognises a WARN report (so the check below can fail)', () => {
    const warn = '[   12.3] WARNING: CPU: 1 PID: 77 at net/devlink/rate.c:123 devl_rate_leaf_destroy+0x40/0x50';
    expect(kernelProblems(`[   12.2] ok\n${warn}\n[   12.4] Modules linked in: netdevsim`)).toHaveLength(1);
    expect(kernelProblems('[    1.0] netdevsim: loading out-of-tree module taints kernel.')).toEqual([]);
  });

  it('has no WARNING, BUG or Oops', () => {
    expect(kernelProblemsSince(0)).toEqual([]);
  });
});
