/**
 * The daemon under systemd: READY=1 after the first full pass, STATUS= lines a person reads in
 * `systemctl status` (SFs and devices ready of total, the config generation, the last error),
 * RELOADING=1 ... READY=1 around a reload, STOPPING=1, and watchdog pings while the reconciler is
 * healthy. Outside systemd (no `$NOTIFY_SOCKET`) it does nothing.
 *
 * Why a module of its own: daemon.ts only calls the four moments below; what is said to systemd,
 * and how often, is decided here. A notification that cannot be sent is logged once per kind of
 * failure and never stops the daemon (systemd may simply not be listening any more).
 */
import type { Logger } from './log.js';
import type { HostStatus } from './status.js';
import { SystemdNotifier } from './sd-notify.js';

/** How often at most a burst of state changes turns into a STATUS= line. */
const STATUS_COALESCE_MS = 1000;

/** The part of the reconciler this needs. */
export interface SystemdSubject {
  currentStatus(): HostStatus;
  readonly healthy: boolean;
  on(event: 'change', listener: () => void): unknown;
  off(event: 'change', listener: () => void): unknown;
}

/** One line for `systemctl status`: state, SFs and devices ready of total, generation, last error. */
export function statusLine(status: HostStatus): string {
  const readySfs = status.sfs.filter((sf) => sf.ready).length;
  const readyDevices = status.devices.filter((d) => d.ready).length;
  let line = `${status.state}: ${readySfs}/${status.sfs.length} SFs ready, ${readyDevices}/${status.devices.length} devices ready, config generation ${status.generation}`;
  const failing = [...status.devices, ...status.sfs].find((o) => o.error !== null);
  if (failing) line += `; last error: ${failing.object}: ${failing.error}`;
  if (status.rejectedConfig !== null) line += `; config rejected: ${status.rejectedConfig.split('\n')[0]}`;
  return line;
}

/** The daemon's hooks into systemd; see the module comment. */
export class SystemdIntegration {
  private timer: NodeJS.Timeout | undefined;
  private lastLine: string | undefined;
  private started = false;
  private readonly failedKinds = new Set<string>();
  private readonly onChange = (): void => this.scheduleStatus();

  constructor(
    private readonly subject: SystemdSubject,
    private readonly logger: Logger,
    readonly notifier: SystemdNotifier = SystemdNotifier.fromEnvironment(),
  ) {}

  /** Before the first pass: a status line, watchdog pings, STATUS= on every later change. */
  starting(): void {
    if (!this.notifier.enabled) return;
    this.send('status', () => this.notifier.status('starting: first reconcile pass'));
    this.notifier.startWatchdog((error) => this.failed('watchdog', error), () => this.subject.healthy);
    this.subject.on('change', this.onChange);
  }

  /** The first full pass is done: READY=1 with the status. */
  ready(): void {
    this.started = true;
    const line = this.line();
    this.send('ready', () => this.notifier.ready(line), line);
  }

  /** A reload begins (SIGHUP or a config change): RELOADING=1. */
  reloading(): void {
    this.send('reloading', () => this.notifier.reloading('reloading configuration'));
  }

  /** The reload is in force (or was rejected, the last good config staying): READY=1. */
  reloaded(): void {
    const line = this.line();
    this.send('ready', () => this.notifier.ready(line), line);
  }

  /** Shutting down: STOPPING=1, no more pings or status lines. */
  stopping(): void {
    this.subject.off('change', this.onChange);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.send('stopping', () => this.notifier.stopping('stopping'));
  }

  private scheduleStatus(): void {
    if (this.timer !== undefined || !this.started) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const line = statusLine(this.subject.currentStatus());
      if (line !== this.lastLine) this.send('status', () => this.notifier.status(line), line);
    }, STATUS_COALESCE_MS);
    this.timer.unref();
  }

  private line(): string {
    if (!this.notifier.enabled) return '';
    return statusLine(this.subject.currentStatus());
  }

  private send(kind: string, action: () => void, line?: string): void {
    try {
      action();
      if (line !== undefined) this.lastLine = line;
    } catch (error) {
      this.failed(kind, error);
    }
  }

  private failed(kind: string, error: unknown): void {
    if (this.failedKinds.has(kind)) return;
    this.failedKinds.add(kind);
    this.logger.warn({ kind, error: error instanceof Error ? error.message : String(error) }, 'systemd notification failed');
  }
}
