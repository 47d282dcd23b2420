/**
 * `devlink-ts daemon [--config FILE|DIR] [--socket PATH] [--state-dir DIR] [--metrics-listen
 * ADDR:PORT] [--log-format json|text]`: keeps the host's devices and SFs in their declared state.
 *
 * Why here, outside the iproute2 grammar: like `apply`, its options are its own; main.ts hands it
 * the command line and imports it (and through it pino, prom-client and the engine) only when
 * the command is `daemon`, so other commands' start-up does not pay for them.
 */
import { DEFAULT_SOCKET } from '../daemon/client.js';
import { DEFAULT_STATE_DIR } from '../state/ownership.js';
import type { CliIo } from './io.js';
import { parseOwnOptions, UsageError } from './own-options.js';

/**
 * The daemon's options and their defaults (undefined: off unless given). Exported so the
 * deployment files' test (test/unit/deploy-manifests.test.ts) checks the systemd unit, the
 * DaemonSet and the image against this table, not a copy of it.
 */
export const DAEMON_OPTIONS = {
  config: { default: '/etc/devlink-ts/' },
  socket: { default: DEFAULT_SOCKET },
  'state-dir': { default: DEFAULT_STATE_DIR },
  'metrics-listen': { default: undefined },
  'log-format': { default: undefined },
  'receive-buffer': { default: undefined },
} as const satisfies Record<string, { default: string | undefined }>;

const USAGE = `Usage: devlink-ts daemon [--config FILE|DIR] [--socket PATH] [--state-dir DIR]
                         [--metrics-listen ADDR:PORT] [--log-format json|text]
                         [--receive-buffer BYTES]
  --config FILE|DIR        the declared state (default /etc/devlink-ts/); re-read on SIGHUP, on change, and on POST /v1/reload
  --socket PATH            the API's unix socket, mode 0600 (default /run/devlink-ts/daemon.sock)
  --state-dir DIR          ownership records and the one-daemon lock (default $DEVLINK_TS_STATE_DIR or /var/lib/devlink-ts)
  --metrics-listen A:P     also serve /healthz, /readyz and /metrics (only those) on TCP
  --log-format json|text   log lines as JSON (default when stderr is not a terminal) or text
  --receive-buffer BYTES   the kernel socket's receive buffer (default 4194304); an overflow costs a full re-read
`;

/** Runs the daemon until SIGTERM/SIGINT (or `signal`); returns the exit code. */
export async function runDaemonCommand(argv: readonly string[], deps: { io: CliIo; signal?: AbortSignal; env?: NodeJS.ProcessEnv }): Promise<number> {
  const { io } = deps;
  const env = deps.env ?? process.env;
  let options: Record<string, string | boolean>;
  try {
    const parsed = await parseOwnOptions(argv, { strings: Object.keys(DAEMON_OPTIONS), booleans: [] });
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    options = parsed.options;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`devlink-ts daemon: ${error.message}\n${USAGE}`);
    return 1;
  }
  if (options['help'] === true) {
    io.stdout(USAGE);
    return 0;
  }
  const logFormat = (options['log-format'] as string | undefined) ?? (process.stderr.isTTY ? 'text' : 'json');
  if (logFormat !== 'json' && logFormat !== 'text') {
    io.stderr(`devlink-ts daemon: invalid --log-format "${logFormat}": expected json or text\n${USAGE}`);
    return 1;
  }
  const receiveBuffer = options['receive-buffer'] as string | undefined;
  if (receiveBuffer !== undefined && (!/^[1-9]\d{0,9}$/.test(receiveBuffer) || Number(receiveBuffer) > 0x3fffffff)) {
    io.stderr(`devlink-ts daemon: invalid --receive-buffer "${receiveBuffer}": expected a number of bytes from 1 to ${0x3fffffff}\n${USAGE}`);
    return 1;
  }
  const { runDaemon } = await import('../daemon/daemon.js');
  return runDaemon({
    configPath: (options['config'] as string | undefined) ?? DAEMON_OPTIONS.config.default,
    socketPath: (options['socket'] as string | undefined) ?? DAEMON_OPTIONS.socket.default,
    stateDir: (options['state-dir'] as string | undefined) ?? (env['DEVLINK_TS_STATE_DIR'] || DAEMON_OPTIONS['state-dir'].default),
    ...(options['metrics-listen'] !== undefined ? { metricsListen: options['metrics-listen'] as string } : {}),
    logFormat,
    ...(receiveBuffer !== undefined ? { receiveBufferBytes: Number(receiveBuffer) } : {}),
    io,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
}
