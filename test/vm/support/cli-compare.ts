import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { main } from '../../../src/cli/main.js';
import { IPROUTE2_DEVLINK } from './iproute2.js';

/**
 * Differential testing of the CLI: the same command line run by iproute2's `devlink` (a process)
 * and by devlink-ts (in-process `main()` on the real kernel socket) must give the same stdout,
 * stderr and exit status. One harness for every object's differential file.
 */

/** What one command line printed and returned. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The output modes every listing is compared in: text, `-j` and `-j -p`. */
export const OUTPUT_VARIANTS: readonly (readonly string[])[] = [[], ['-j'], ['-j', '-p']];

/** Runs iproute2's devlink (6.1 unless another binary is given). */
export function runIproute2(args: readonly string[], binary = IPROUTE2_DEVLINK): CliRun {
  const r = spawnSync(binary, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs iproute2's devlink without blocking the test process, so several runs overlap: each spawn
 * costs ~60-90 ms under TCG, most of it process start-up. Same stdin (an empty pipe), timeout and
 * result as runIproute2.
 */
export function runIproute2Async(args: readonly string[], binary = IPROUTE2_DEVLINK): Promise<CliRun> {
  return runCommandAsync(binary, args);
}

/** Runs any command as runIproute2Async runs iproute2 (e.g. iproute2 under nsenter or script). */
export function runCommandAsync(command: string, args: readonly string[], timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end();
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * How many iproute2 processes of a read-only group run at once. Measured in the VM (2 vCPUs, TCG,
 * our CLI running in-process meanwhile): 2 gains most; more only adds contention.
 * DEVLINK_TS_IPROUTE2_OVERLAP (0-16) changes it, to measure again: 0 runs read-only groups as
 * other groups run (one line at a time, iproute2 then ours, per binary).
 */
export const IPROUTE2_OVERLAP = overlapFrom(process.env.DEVLINK_TS_IPROUTE2_OVERLAP);

function overlapFrom(text: string | undefined): number {
  if (text === undefined || text === '') return 2;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 16) throw new Error(`DEVLINK_TS_IPROUTE2_OVERLAP must be an integer 0-16, got ${JSON.stringify(text)}`);
  return n;
}

/** Runs the jobs, at most `limit` at a time; results in the jobs' order. */
async function overlapping<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/** Runs devlink-ts in-process, capturing what it prints; `isTty` makes it behave as on a terminal. */
export async function runOurs(args: readonly string[], isTty = false): Promise<CliRun> {
  const captured = { stdout: '', stderr: '' };
  const io = {
    isTty,
    stdout: (text: string) => void (captured.stdout += text),
    stderr: (text: string) => void (captured.stderr += text),
    readBatch: (name: string) => readFile(name, 'utf8'),
  };
  const status = await main(args, { io, signal: new AbortController().signal });
  return { status, ...captured };
}

/** Each command line in each output mode. */
export function withVariants(lines: readonly (readonly string[])[], variants = OUTPUT_VARIANTS): string[][] {
  return lines.flatMap((args) => variants.map((variant) => [...variant, ...args]));
}

/** How a comparison runs: which iproute2, and what to mask in both outputs (values that change between reads). */
export interface CompareOptions {
  binary?: string;
  mask?: (run: CliRun) => CliRun;
  /**
   * Every line only reads kernel state (shows, dumps, lines refused while parsing or by the kernel
   * without a change): iproute2's runs then overlap one another and ours (see IPROUTE2_OVERLAP).
   * Never for lines that change state or whose output depends on another line having run first.
   */
  readOnly?: boolean;
}

/** Runs both tools on each command line (as given); returns those whose outputs differ, with both outputs. */
export async function cliDifferences(lines: readonly (readonly string[])[], options: CompareOptions = {}): Promise<unknown[]> {
  if (options.readOnly && IPROUTE2_OVERLAP > 0) return (await readOnlyDifferences(lines, [options.binary], options.mask))[0]!;
  const mask = options.mask ?? ((run: CliRun) => run);
  const found: unknown[] = [];
  for (const args of lines) {
    const reference = mask(runIproute2(args, options.binary));
    const actual = mask(await runOurs(args));
    if (JSON.stringify(actual) !== JSON.stringify(reference)) found.push({ command: args.join(' '), iproute2: reference, ours: actual });
  }
  return found;
}

/**
 * cliDifferences of read-only lines against several iproute2 binaries at once (undefined = 6.1):
 * one list of differences per binary, in the binaries' order. iproute2's runs of every line and
 * binary overlap while ours run in-process, each line once, its output compared with every
 * binary's (the lines only read, so one run of ours stands for all).
 */
export async function readOnlyDifferences(
  lines: readonly (readonly string[])[],
  binaries: readonly (string | undefined)[],
  mask: (run: CliRun) => CliRun = (run) => run,
): Promise<unknown[][]> {
  if (IPROUTE2_OVERLAP === 0) {
    const found: unknown[][] = [];
    for (const binary of binaries) found.push(await cliDifferences(lines, { mask, ...(binary ? { binary } : {}) }));
    return found;
  }
  const theirs = overlapping(binaries.flatMap((binary) => lines.map((args) => () => runIproute2Async(args, binary))), IPROUTE2_OVERLAP);
  const ours: CliRun[] = [];
  try {
    for (const args of lines) ours.push(mask(await runOurs(args)));
  } finally {
    await theirs.catch(() => undefined);
  }
  const references = await theirs;
  return binaries.map((_, b) => {
    const found: unknown[] = [];
    lines.forEach((args, i) => {
      const reference = mask(references[b * lines.length + i]!);
      const actual = ours[i]!;
      if (JSON.stringify(actual) !== JSON.stringify(reference)) found.push({ command: args.join(' '), iproute2: reference, ours: actual });
    });
    return found;
  });
}

/** One binary's differences, labelled with the binary ('6.1' for the default). */
export interface BinaryDifferences {
  binary: string;
  differences: unknown[];
}

/**
 * Compares the lines with each iproute2 binary (undefined = 6.1), labelled so that one `toEqual`
 * against {@link noDifferences} names the version that differs. Read-only lines go through
 * {@link readOnlyDifferences} (iproute2's runs overlap); others run in order, binary by binary.
 */
export async function differencesPerBinary(
  lines: readonly (readonly string[])[],
  binaries: readonly (string | undefined)[],
  options: { mask?: (run: CliRun) => CliRun; readOnly?: boolean } = {},
): Promise<BinaryDifferences[]> {
  const overlapped = options.readOnly ? await readOnlyDifferences(lines, binaries, options.mask) : undefined;
  const out: BinaryDifferences[] = [];
  for (const [index, binary] of binaries.entries()) {
    const differences = overlapped
      ? overlapped[index]!
      : await cliDifferences(lines, { ...(options.mask ? { mask: options.mask } : {}), ...(binary ? { binary } : {}) });
    out.push({ binary: binary ?? '6.1', differences });
  }
  return out;
}

/** What {@link differencesPerBinary} returns when every binary prints what devlink-ts prints. */
export function noDifferences(binaries: readonly (string | undefined)[]): BinaryDifferences[] {
  return binaries.map((binary) => ({ binary: binary ?? '6.1', differences: [] }));
}
