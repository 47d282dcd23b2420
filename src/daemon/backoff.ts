/**
 * Per-object retry backoff for the daemon.
 *
 * Why per object: one SF the kernel keeps refusing (a bad MAC for that NIC, a driver that is
 * still probing) must be retried — the cause may go away — but never in a hot loop, and never so
 * that every other object waits for it. Each failing object gets its own next-attempt time,
 * doubling from `initialMs` up to `maxMs` (1 s .. 60 s by default, as the SR-IOV operator's
 * 5 s .. 60 s queue); a success, a config reload or the object's device coming back clears it.
 */

/** Options of a {@link Backoff}. */
export interface BackoffOptions {
  /** First delay after a failure (ms), default 1000. */
  initialMs?: number;
  /** Longest delay (ms), default 60000. */
  maxMs?: number;
}

interface Entry {
  failures: number;
  notBefore: number;
}

/** Next-attempt times of failing objects. */
export class Backoff {
  private readonly entries = new Map<string, Entry>();
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1000;
    this.maxMs = options.maxMs ?? 60_000;
  }

  /** Records a failure at `now`; returns the delay before the object may be tried again. */
  failed(object: string, now: number): number {
    const failures = (this.entries.get(object)?.failures ?? 0) + 1;
    const delay = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(failures - 1, 30));
    this.entries.set(object, { failures, notBefore: now + delay });
    return delay;
  }

  /** Forgets an object's failures (it succeeded). */
  succeeded(object: string): void {
    this.entries.delete(object);
  }

  /** Forgets every object whose name starts with `prefix` (a device came back), or all. */
  reset(prefix?: string): void {
    if (prefix === undefined) this.entries.clear();
    else for (const object of [...this.entries.keys()]) if (object.startsWith(prefix)) this.entries.delete(object);
  }

  /** True while `object` must not be tried. */
  blocked(object: string, now: number): boolean {
    const entry = this.entries.get(object);
    return entry !== undefined && entry.notBefore > now;
  }

  /** Consecutive failures of `object` (0 when it is not failing). */
  failures(object: string): number {
    return this.entries.get(object)?.failures ?? 0;
  }

  /** The earliest time a blocked object may be tried again, undefined when none is blocked. */
  nextDue(now: number): number | undefined {
    let next: number | undefined;
    for (const entry of this.entries.values()) if (entry.notBefore > now && (next === undefined || entry.notBefore < next)) next = entry.notBefore;
    return next;
  }
}
