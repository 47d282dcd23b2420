/**
 * Setup file of the VM suite: every test file fails if the kernel logged a WARN/BUG/Oops while it
 * ran, so a kernel complaint is pinned on the file that caused it rather than found at the end.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { kernelProblemsSince, readKernelLog } from './kernel-log.js';

let logLengthAtStart = 0;

beforeAll(() => {
  logLengthAtStart = readKernelLog().length;
});

afterAll(() => {
  expect(kernelProblemsSince(logLengthAtStart), 'kernel problems logged during this file').toEqual([]);
});
