import { execFileSync } from 'node:child_process';
import { kernelProblems } from '../../../scripts/vm/kernel-log.mjs';

/**
 * The kernel log as `dmesg` prints it. Read through the command rather than /dev/kmsg so the
 * lines look exactly like what the VM runner checks after the run.
 */
export function readKernelLog(): string {
  return execFileSync('dmesg', { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** WARN/BUG/Oops reports in the kernel log after `fromLength` characters (0: the whole log). */
export function kernelProblemsSince(fromLength = 0): string[] {
  return kernelProblems(readKernelLog().slice(fromLength));
}
