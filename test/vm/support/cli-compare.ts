import { spawnSync } from 'node:child_process';
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
}

/** Runs both tools on each command line (as given); returns those whose outputs differ, with both outputs. */
export async function cliDifferences(lines: readonly (readonly string[])[], options: CompareOptions = {}): Promise<unknown[]> {
  const mask = options.mask ?? ((run: CliRun) => run);
  const found: unknown[] = [];
  for (const args of lines) {
    const reference = mask(runIproute2(args, options.binary));
    const actual = mask(await runOurs(args));
    if (JSON.stringify(actual) !== JSON.stringify(reference)) found.push({ command: args.join(' '), iproute2: reference, ours: actual });
  }
  return found;
}
