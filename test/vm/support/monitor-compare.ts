import { spawn } from 'node:child_process';
import { main } from '../../../src/cli/main.js';
import { memoryIo } from '../../../src/cli/io.js';
import { Devlink } from '../../../src/devlink/client.js';
import { watchEvents } from '../../unit/cli-harness.js';
import { IPROUTE2_DEVLINK } from './iproute2.js';
import { untilListening } from './netlink-listening.js';

/** What iproute2's and devlink-ts's monitors printed while the same changes happened. */
export interface MonitorCapture {
  reference: string;
  referenceErr: string;
  ours: string;
  oursErr: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs iproute2's `devlink [GLOBAL] monitor ARGS` (a process) and devlink-ts's (in-process) side
 * by side while `act` makes changes, then stops both and returns what each printed. Why one
 * helper: every object's monitor differential needs the same start/settle/stop choreography.
 */
export async function captureMonitors(
  args: readonly string[],
  act: () => Promise<void>,
  options: { binary?: string | undefined; global?: readonly string[] } = {},
): Promise<MonitorCapture> {
  const [capture] = await captureMonitorsOfEach(args, act, [options.binary], options);
  return capture!;
}

/**
 * captureMonitors with one iproute2 monitor per binary (undefined = 6.1), all watching the same
 * changes beside one devlink-ts monitor: one capture per binary, each with devlink-ts's output.
 * Why: a comparison with each iproute2 version no longer repeats the changes (a flash takes ~8 s
 * under TCG) and the settle time.
 */
export async function captureMonitorsOfEach(
  args: readonly string[],
  act: () => Promise<void>,
  binaries: readonly (string | undefined)[],
  options: { global?: readonly string[] } = {},
): Promise<MonitorCapture[]> {
  const global = options.global ?? [];
  const references = binaries.map((binary) => {
    const child = spawn(binary ?? IPROUTE2_DEVLINK, [...global, 'monitor', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reference = { out: '', err: '', child, closed: new Promise((resolve) => child.once('close', resolve)) };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (reference.out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (reference.err += chunk));
    return reference;
  });
  const io = memoryIo();
  const stop = new AbortController();
  // Act only once devlink-ts's subscription is live (module loading takes seconds under TCG).
  let subscribed!: () => void;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  const openDevlink = watchEvents((options) => Devlink.open(options), subscribed);
  const running = main([...global, 'monitor', ...args], { io, openDevlink, signal: stop.signal });
  await Promise.race([ready, sleep(30_000)]);
  // Act once every iproute2 monitor has joined the group (was a fixed 2 s; see netlink-listening.ts).
  for (const reference of references) await untilListening(reference.child);
  await act();
  await sleep(2000);
  stop.abort();
  for (const reference of references) reference.child.kill('SIGINT');
  await Promise.race([running, sleep(10_000)]);
  for (const reference of references) await Promise.race([reference.closed, sleep(10_000)]);
  return references.map((reference) => ({ reference: reference.out, referenceErr: reference.err, ours: io.out, oursErr: io.err }));
}

/** Runs devlink-ts quietly (output discarded); resolves with its exit status. */
export function quietly(args: readonly string[]): Promise<number> {
  return main(args, { io: memoryIo(), signal: new AbortController().signal });
}
