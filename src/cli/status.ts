/**
 * `devlink-ts status [-j [-p]] [--socket PATH]`: what the daemon reports — the host's state and
 * config generation, each device, and each SF with the first condition it lacks.
 */
import { callDaemon, DEFAULT_SOCKET } from '../daemon/client.js';
import type { HostStatus } from '../daemon/status.js';
import type { CliIo } from './io.js';
import { parseOwnOptions, UsageError } from './own-options.js';

const USAGE = `Usage: devlink-ts status [-j [-p]] [--socket PATH]
  -j, --json      print the daemon's status as JSON (GET /v1/status); -p pretty-prints it
  --socket PATH   the daemon's API socket (default ${DEFAULT_SOCKET})
`;

/** The status as text: a host line, then one line per device and per SF. */
export function formatStatus(status: HostStatus): string {
  const lines = [`host: ${status.state} (config generation ${status.appliedGeneration}/${status.generation}, ${status.config})`];
  if (status.rejectedConfig !== null) lines.push(`  rejected config (the previous one stays in force):`, ...status.rejectedConfig.split('\n').map((l) => `    ${l}`));
  for (const device of status.devices) lines.push(`device ${device.object}: ${device.ready ? 'ready' : device.error ?? 'not ready'}`);
  for (const sf of status.sfs) {
    const where = [sf.port, sf.netdev && `netdev ${sf.netdev}`, sf.devlink && `devlink ${sf.devlink}`, sf.netns && `netns ${sf.netns}`].filter(Boolean).join(' ');
    lines.push(`sf ${sf.object}: ${sf.ready ? 'ready' : `not ready: ${sf.error ?? ''}`}${where ? ` (${where})` : ''}`);
  }
  for (const problem of status.problems) lines.push(`${problem.severity}: ${problem.object}: ${problem.message}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `status`; returns the exit code (0 ready, 1 not ready or no daemon). */
export async function runStatus(argv: readonly string[], deps: { io: CliIo }): Promise<number> {
  const { io } = deps;
  let options: Record<string, string | boolean>;
  try {
    const parsed = await parseOwnOptions(argv, { strings: ['socket'], booleans: ['json', 'pretty'], aliases: { json: 'j', pretty: 'p' } });
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    options = parsed.options;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`devlink-ts status: ${error.message}\n${USAGE}`);
    return 1;
  }
  if (options['help'] === true) {
    io.stdout(USAGE);
    return 0;
  }
  const socket = (options['socket'] as string | undefined) ?? DEFAULT_SOCKET;
  let answer: { status: number; body: string };
  try {
    answer = await callDaemon(socket, 'GET', '/v1/status');
  } catch (error) {
    io.stderr(`devlink-ts status: cannot reach the daemon at ${socket}: ${(error as Error).message}\n`);
    return 1;
  }
  if (answer.status !== 200) {
    io.stderr(`devlink-ts status: the daemon answered ${answer.status}: ${answer.body}`);
    return 1;
  }
  const status = JSON.parse(answer.body) as HostStatus;
  if (options['json'] === true) io.stdout(`${JSON.stringify(status, null, options['pretty'] === true ? 2 : undefined)}\n`);
  else io.stdout(formatStatus(status));
  return status.ready ? 0 : 1;
}
