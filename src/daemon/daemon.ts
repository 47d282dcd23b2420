/**
 * The daemon process: lock, logger, metrics, the kernel session, the reconciler, the API servers
 * and the triggers (SIGHUP, config directory, /var/run/netns), and a clean stop on SIGTERM.
 *
 * Shaped for service managers: it is ready (`/readyz`, and `onStarted` for a systemd notifier)
 * only after the first full pass; SIGHUP reloads; config path, socket and state directory are
 * flags; logs go to stderr (journald, `kubectl logs`).
 */
import type { Server } from 'node:http';
import { Devlink } from '../index.js';
import { openSocketTransport } from '../netlink/socket-transport.js';
import { ConfigError, OwnershipStore } from '../state/index.js';
import type { CliIo } from '../cli/io.js';
import { closeServer, listenMetrics, listenUnix } from './api.js';
import { takeLock } from './lock.js';
import { createLogger, type LogFormat } from './log.js';
import { DaemonMetrics } from './metrics.js';
import { Reconciler } from './reconciler.js';
import type { SystemdNotifier } from './sd-notify.js';
import { SystemdIntegration } from './systemd.js';
import { watchNetns, watchPath } from './watch.js';

/** Options of {@link runDaemon}. */
export interface DaemonOptions {
  readonly configPath: string;
  readonly socketPath: string;
  readonly stateDir: string;
  readonly metricsListen?: string;
  readonly logFormat: LogFormat;
  /**
   * The kernel socket's receive buffer, bytes (default the library's 4 MiB). Larger for hosts with
   * thousands of SFs; smaller only to provoke overflows (each costs a full re-read) in tests.
   */
  readonly receiveBufferBytes?: number;
  readonly io: CliIo;
  /** Stops the daemon (SIGTERM/SIGINT by default). */
  readonly signal?: AbortSignal;
  /** Called once after the first full pass (a systemd notifier hooks in here). */
  readonly onStarted?: () => void;
  /** Called around a reload (RELOADING=1 ... READY=1). */
  readonly onReload?: (phase: 'start' | 'done') => void;
  /** How to tell systemd (src/daemon/systemd.ts); from `$NOTIFY_SOCKET` by default. */
  readonly notifier?: SystemdNotifier;
  /** The kernel session to use instead of opening one (tests: a fake kernel). */
  readonly devlink?: Devlink;
}

/** Runs until stopped; returns the exit code (1 when it cannot start). */
export async function runDaemon(options: DaemonOptions): Promise<number> {
  const logger = createLogger(options.logFormat, (line) => options.io.stderr(line));
  const stops: (() => void | Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    const ownership = OwnershipStore.open(options.stateDir);
    const lock = takeLock(options.stateDir);
    stops.push(() => lock.release());
    const metrics = new DaemonMetrics();
    const dl = options.devlink ?? (await Devlink.open(options.receiveBufferBytes !== undefined
      ? { transport: openSocketTransport({ receiveBufferBytes: options.receiveBufferBytes }) } : {}));
    stops.push(() => dl.close());
    const clients = new Map<string, Promise<Devlink>>();
    const netnsClient = (netns: string): Promise<Devlink> => {
      let client = clients.get(netns);
      if (!client) {
        client = Devlink.open({ netns });
        clients.set(netns, client);
        client.catch(() => clients.delete(netns));
      }
      return client;
    };
    stops.push(() => {
      for (const client of clients.values()) void client.then((c) => c.close(), () => undefined);
    });
    const reconciler = Reconciler.create({ configPath: options.configPath, dl, netnsClient, ownership, logger, metrics });
    stops.push(() => reconciler.close());
    const systemd = new SystemdIntegration(reconciler, logger, options.notifier);
    const backend = { reconciler, metrics };
    const servers: Server[] = [await listenUnix(options.socketPath, backend)];
    if (options.metricsListen !== undefined) servers.push(await listenMetrics(options.metricsListen, backend));
    stops.push(async () => {
      for (const server of servers) await closeServer(server);
    });
    logger.info({ config: options.configPath, socket: options.socketPath, stateDir: options.stateDir, metricsListen: options.metricsListen }, 'daemon starting');

    const reload = (why: string): void => {
      options.onReload?.('start');
      systemd.reloading();
      logger.info({ trigger: why }, 'reloading config');
      reconciler.reload();
      systemd.reloaded();
      options.onReload?.('done');
    };
    const onHup = (): void => reload('SIGHUP');
    process.on('SIGHUP', onHup);
    stops.push(() => {
      process.off('SIGHUP', onHup);
    });
    stops.push(watchPath(options.configPath, () => reload('config changed')));
    let stopNetns: (() => void) | undefined;
    const netnsWatch = (): void => {
      if (stopNetns === undefined && reconciler.declaredNetns().length > 0) {
        stopNetns = watchNetns(() => reconciler.trigger('netns', { full: true }));
      }
    };
    netnsWatch();
    reconciler.on('change', (change: { kind: string }) => {
      if (change.kind === 'config') netnsWatch();
    });
    stops.push(() => stopNetns?.());

    const finished = new Promise<void>((resolve) => {
      if (options.signal) {
        if (options.signal.aborted) resolve();
        options.signal.addEventListener('abort', () => resolve(), { once: true });
      } else {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      }
    });
    systemd.starting();
    stops.push(() => systemd.stopping()); // run first: STOPPING=1 before anything closes
    await Promise.race([reconciler.start(), finished]);
    if (reconciler.hasStarted) {
      logger.info({ state: reconciler.currentStatus().state }, 'first pass done');
      systemd.ready();
      options.onStarted?.();
    }
    await finished;
    logger.info('daemon stopping');
    await stop();
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.error({ errors: error.message.split('\n') }, 'the config is invalid: not starting');
      options.io.stderr(`${error.message}\ndevlink-ts daemon: the config is invalid: not starting\n`);
    } else {
      logger.error({ error: (error as Error).message }, 'cannot start');
      options.io.stderr(`devlink-ts daemon: ${(error as Error).message}\n`);
    }
    await stop();
    return 1;
  }
}
