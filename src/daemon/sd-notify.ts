/**
 * The systemd notification protocol (sd_notify(3)) for the daemon: `READY=1` once the first full
 * reconcile pass is done, `STATUS=` lines for `systemctl status`, `RELOADING=1` ... `READY=1`
 * around a SIGHUP reload, `STOPPING=1`, and `WATCHDOG=1` pings when the unit sets `WatchdogSec=`.
 *
 * Why our own: the message is a datagram to the AF_UNIX socket named in `$NOTIFY_SOCKET`, which
 * Node's `dgram` cannot reach; the npm wrappers need libsystemd's headers or native code of their
 * own, and spawning `systemd-notify` races with our exit (systemd then cannot tell whose message it
 * was). The addon's one function `sdNotify` sends the bytes; this module decides what to send.
 *
 * Outside systemd (no `$NOTIFY_SOCKET`) every call is a no-op, and the addon is never loaded.
 * Nothing here prints or exits: a failed send throws {@link SdNotifyError} (the watchdog timer hands
 * it to its `onError`), and the daemon logs it and carries on, as sd_notify's callers do.
 */
import { DevlinkTsError } from '../error-base.js';
import { loadNativeAddon } from '../native/loader.js';
import { errnoName, strerror } from '../netlink/errno-names.js';

/** Sends one datagram to a `$NOTIFY_SOCKET` address; bytes sent, or a negative errno. */
export type NotifySender = (address: string, message: Uint8Array) => number;

/** Where {@link SystemdNotifier.fromEnvironment} reads its settings, and how it sends. */
export interface SystemdNotifierOptions {
  /** The environment to read `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** Our process id, compared with `WATCHDOG_PID`; `process.pid` by default. */
  pid?: number;
  /** The datagram sender; the addon's `sdNotify` by default (loaded on the first send). */
  send?: NotifySender;
}

/**
 * A notification the service manager did not get: Node's convention for system errors, as the
 * addon's other errors (`errno` negative, `code` such as `'ECONNREFUSED'`, `syscall`), plus the
 * `address` it was sent to.
 */
export class SdNotifyError extends DevlinkTsError {
  /** Negative errno, libuv style (e.g. -111). */
  readonly errno: number;
  /** Symbolic errno name, e.g. `'ECONNREFUSED'`. */
  readonly code: string;
  /** Always `'sendto'`. */
  readonly syscall = 'sendto' as const;
  /** The `$NOTIFY_SOCKET` value the datagram was for. */
  readonly address: string;

  constructor(address: string, negativeErrno: number) {
    super(`sd_notify to ${address}: ${strerror(-negativeErrno)}`);
    this.name = 'SdNotifyError';
    this.errno = negativeErrno;
    this.code = errnoName(-negativeErrno);
    this.address = address;
  }
}

/** `KEY=VALUE` names as sd_notify(3) uses them. */
const KEY = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Speaks sd_notify for one process. Build it with {@link SystemdNotifier.fromEnvironment}.
 */
export class SystemdNotifier {
  /** `$NOTIFY_SOCKET` (a path or `@abstract` name), or undefined outside a `Type=notify` unit. */
  readonly address: string | undefined;
  /**
   * How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC` (as sd_watchdog_enabled(3) advises),
   * in milliseconds; undefined when the unit has no `WatchdogSec=` or `$WATCHDOG_PID` names
   * another process.
   */
  readonly watchdogIntervalMs: number | undefined;
  private readonly sender: NotifySender | undefined;
  private watchdogTimer: NodeJS.Timeout | undefined;

  private constructor(address: string | undefined, watchdogIntervalMs: number | undefined, sender: NotifySender | undefined) {
    this.address = address;
    this.watchdogIntervalMs = watchdogIntervalMs;
    this.sender = sender;
  }

  /** Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` (see {@link SystemdNotifierOptions}). */
  static fromEnvironment(options: SystemdNotifierOptions = {}): SystemdNotifier {
    const env = options.env ?? process.env;
    const pid = options.pid ?? process.pid;
    const address = env['NOTIFY_SOCKET'] || undefined;
    return new SystemdNotifier(address, address === undefined ? undefined : watchdogInterval(env, pid), options.send);
  }

  /** True when there is a service manager to tell (`$NOTIFY_SOCKET` is set). */
  get enabled(): boolean {
    return this.address !== undefined;
  }

  /**
   * Sends one message of `KEY=VALUE` assignments, in the order given. Values are made single-line
   * (a newline would start another assignment). Throws {@link SdNotifyError} when the send fails;
   * a no-op when {@link enabled} is false.
   */
  notify(assignments: Readonly<Record<string, string | number | bigint>>): void {
    if (this.address === undefined) return;
    const lines = Object.entries(assignments).map(([key, value]) => {
      if (!KEY.test(key)) throw new TypeError(`sd_notify: invalid key ${JSON.stringify(key)}`);
      return `${key}=${String(value).replace(/[\r\n]+/g, ' ')}`;
    });
    const send = this.sender ?? loadNativeAddon().sdNotify;
    const result = send(this.address, new TextEncoder().encode(lines.join('\n')));
    if (result < 0) throw new SdNotifyError(this.address, result);
  }

  /** `READY=1`: start-up (or a reload) is complete; with a status line when given. */
  ready(status?: string): void {
    this.notify(status === undefined ? { READY: 1 } : { READY: 1, STATUS: status });
  }

  /** `STATUS=...`: a line a person reads in `systemctl status`. */
  status(text: string): void {
    this.notify({ STATUS: text });
  }

  /**
   * `RELOADING=1` with `MONOTONIC_USEC` (systemd 253 and later want the time to tell this reload
   * from an earlier one); follow it with {@link ready} once the new configuration is in force.
   */
  reloading(status?: string): void {
    const fields: Record<string, string | bigint | number> = { RELOADING: 1, MONOTONIC_USEC: monotonicMicroseconds() };
    if (status !== undefined) fields['STATUS'] = status;
    this.notify(fields);
  }

  /** `STOPPING=1`: shutting down; also stops the watchdog pings. */
  stopping(status?: string): void {
    this.stopWatchdog();
    this.notify(status === undefined ? { STOPPING: 1 } : { STOPPING: 1, STATUS: status });
  }

  /** `WATCHDOG=1`: one keep-alive ping. */
  watchdog(): void {
    this.notify({ WATCHDOG: 1 });
  }

  /**
   * Pings the watchdog every {@link watchdogIntervalMs} (first ping at once) until
   * {@link stopWatchdog} or {@link stopping}. The timer does not keep the process alive. A failed
   * ping goes to `onError` and the pings go on. With `isAlive`, a ping is skipped while it returns
   * false, so systemd restarts a process whose event loop runs but whose work has stopped (the
   * daemon passes what its `/healthz` reports). Returns false when the unit asked for no watchdog.
   */
  startWatchdog(onError: (error: unknown) => void, isAlive: () => boolean = () => true): boolean {
    const interval = this.watchdogIntervalMs;
    if (interval === undefined) return false;
    this.stopWatchdog();
    const ping = (): void => {
      if (!isAlive()) return;
      try {
        this.watchdog();
      } catch (error) {
        onError(error);
      }
    };
    ping();
    this.watchdogTimer = setInterval(ping, interval);
    this.watchdogTimer.unref();
    return true;
  }

  /** Stops the watchdog pings (idempotent). */
  stopWatchdog(): void {
    if (this.watchdogTimer !== undefined) clearInterval(this.watchdogTimer);
    this.watchdogTimer = undefined;
  }
}

/**
 * Half of `$WATCHDOG_USEC` in milliseconds, when it is a positive integer and `$WATCHDOG_PID` is
 * unset or ours (a watchdog meant for a parent, inherited through the environment, is not ours).
 */
function watchdogInterval(env: NodeJS.ProcessEnv, pid: number): number | undefined {
  const usec = env['WATCHDOG_USEC'];
  if (usec === undefined || !/^\d+$/.test(usec) || Number(usec) === 0) return undefined;
  const watchdogPid = env['WATCHDOG_PID'];
  if (watchdogPid !== undefined && watchdogPid !== '' && watchdogPid !== String(pid)) return undefined;
  return Math.max(1, Math.floor(Number(usec) / 2000));
}

/**
 * CLOCK_MONOTONIC in microseconds, the clock `MONOTONIC_USEC` is read against: Node's hrtime is
 * libuv's uv_hrtime, which reads CLOCK_MONOTONIC on Linux.
 */
export function monotonicMicroseconds(): bigint {
  return process.hrtime.bigint() / 1000n;
}
