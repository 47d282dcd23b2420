/**
 * `devlink-ts wait-ready [--timeout S] [--socket PATH] [DEV/SFNUM...]`: exits 0 once the listed
 * SFs (or all declared ones) are ready, non-zero naming what is missing at the timeout — for
 * systemd ordering and container start-up, as `systemd-networkd-wait-online` is for links.
 *
 * Why the events stream: it pushes every state change, so the command re-checks exactly when
 * something changed and never polls; it also waits for the daemon's socket to appear, so it can
 * be started together with the daemon.
 */
import { callDaemon, DEFAULT_SOCKET, followEvents } from '../daemon/client.js';
import type { HostStatus, SfStatus } from '../daemon/status.js';
import type { CliIo } from './io.js';
import { parseOwnOptions, UsageError } from './own-options.js';

const USAGE = `Usage: devlink-ts wait-ready [--timeout S] [--socket PATH] [DEV/SFNUM...]
  DEV/SFNUM       an SF to wait for, e.g. pci/0000:08:00.0/88 (default: every declared SF, and the host ready)
  --timeout S     give up after S seconds (default 120) and exit 1 naming what is not ready
  --socket PATH   the daemon's API socket (default ${DEFAULT_SOCKET})
`;

interface Wanted {
  readonly text: string;
  readonly device: string;
  readonly sfnum: number;
}

function parseWanted(word: string): Wanted {
  const match = /^(.+)\/(\d+)$/.exec(word);
  if (!match || match[1]!.split('/').length !== 2) throw new UsageError(`invalid SF "${word}": expected DEV/SFNUM (e.g. pci/0000:08:00.0/88)`);
  return { text: word, device: match[1]!, sfnum: Number(match[2]) };
}

/** What is still missing; empty when everything waited for is ready. */
export function missingFor(status: HostStatus, wanted: readonly Wanted[]): string[] {
  if (wanted.length === 0) {
    if (status.ready) return [];
    const notReady = status.sfs.filter((sf) => !sf.ready).map((sf) => `${sf.object}: ${sf.error ?? 'not ready'}`);
    const devices = status.devices.filter((d) => !d.ready).map((d) => `device ${d.object}: ${d.error ?? 'not ready'}`);
    return [...devices, ...notReady, ...(notReady.length + devices.length === 0 ? [`host: ${status.state}`] : [])];
  }
  return wanted.flatMap((w) => {
    const sf: SfStatus | undefined = status.sfs.find((s) => s.device === w.device && s.sfnum === w.sfnum);
    if (!sf) return [`${w.text}: not declared in the daemon's config`];
    return sf.ready ? [] : [`${w.text}: ${sf.error ?? 'not ready'}`];
  });
}

/** Runs `wait-ready`; returns the exit code. */
export async function runWaitReady(argv: readonly string[], deps: { io: CliIo; signal?: AbortSignal }): Promise<number> {
  const { io } = deps;
  let options: Record<string, string | boolean>;
  let wanted: Wanted[];
  let timeoutMs: number;
  try {
    const parsed = await parseOwnOptions(argv, { strings: ['socket', 'timeout'], booleans: [] });
    options = parsed.options;
    wanted = parsed.positionals.map(parseWanted);
    const timeout = (options['timeout'] as string | undefined) ?? '120';
    if (!/^\d+(\.\d+)?$/.test(timeout)) throw new UsageError(`invalid --timeout "${timeout}": expected seconds`);
    timeoutMs = Number(timeout) * 1000;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`devlink-ts wait-ready: ${error.message}\n${USAGE}`);
    return 1;
  }
  if (options['help'] === true) {
    io.stdout(USAGE);
    return 0;
  }
  const socket = (options['socket'] as string | undefined) ?? DEFAULT_SOCKET;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  deps.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let missing: string[] = ['the daemon did not answer'];
  try {
    while (!controller.signal.aborted) {
      let checking = Promise.resolve();
      let inFlight = false;
      let again = false;
      // One status request at a time, and one more for whatever changed meanwhile: a burst of
      // changes (the first pass publishes one line per SF) costs two requests, not one per line
      // (1,024 SFs made that 1,025 requests of a 1,024-SF status each: minutes).
      const check = (): void => {
        if (inFlight) {
          again = true;
          return;
        }
        inFlight = true;
        checking = (async () => {
          do {
            again = false;
            try {
              const answer = await callDaemon(socket, 'GET', '/v1/status');
              if (answer.status === 200) missing = missingFor(JSON.parse(answer.body) as HostStatus, wanted);
            } catch {
              // The daemon went away: the events stream ends too, and the loop reconnects.
            }
            if (missing.length === 0) controller.abort();
          } while (again && !controller.signal.aborted);
          inFlight = false;
        })();
      };
      try {
        // Every change re-checks; the first line (current state) makes the first check.
        await followEvents(socket, () => check(), controller.signal);
      } catch (error) {
        missing = [`the daemon at ${socket} is not reachable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`];
      }
      await checking;
      if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 250)); // the daemon is (re)starting
    }
  } finally {
    clearTimeout(timer);
  }
  if (missing.length === 0) return 0;
  io.stderr(`devlink-ts wait-ready: not ready after ${timeoutMs / 1000} s:\n${missing.map((m) => `  ${m}\n`).join('')}`);
  return 1;
}
