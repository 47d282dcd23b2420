/**
 * iproute2's `devlink` (the machine's, /usr/sbin/devlink) as the reference the library is compared
 * against: run it with -j and parse, or run it plainly and keep status, stdout and stderr.
 */
import { spawnSync } from 'node:child_process';

/** Path of the reference tool; iproute2 6.1 on Debian 12. */
export const IPROUTE2_DEVLINK = '/usr/sbin/devlink';

export interface DevlinkRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `devlink <args>` and returns what it did, whatever its exit status. */
export function runDevlink(args: readonly string[]): DevlinkRun {
  const r = spawnSync(IPROUTE2_DEVLINK, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `devlink <args>` and throws with its stderr when it fails. */
export function devlink(args: readonly string[]): string {
  const r = runDevlink(args);
  if (r.status !== 0) throw new Error(`devlink ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** `devlink -j <args>` parsed. Numbers above 2^53 would lose precision; tests stay below that. */
export function devlinkJson<T = Record<string, unknown>>(args: readonly string[]): T {
  const out = devlink(['-j', ...args]);
  return (out.trim() === '' ? {} : JSON.parse(out)) as T;
}
