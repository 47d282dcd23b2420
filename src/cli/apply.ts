/**
 * `devlink-ts apply -f FILE|DIR [--dry-run] [--wait[=SECONDS]] [-j] [--state-dir DIR]`: makes the
 * kernel match a declared-state config (src/state/), once.
 *
 * Why a module of its own, outside the iproute2 grammar: apply has no iproute2 counterpart, its
 * options are its own, and it loads the engine (yaml, the config validator) that no other command
 * needs, so main.ts hands it the command line before parsing iproute2's options and nothing else
 * pays for it at start-up.
 */
import type yargsParser from 'yargs-parser';
import { Devlink } from '../index.js';
import {
  applyOnce, ConfigError, DEFAULT_STATE_DIR, loadDesiredState, OwnershipSet, OwnershipStore, renderOperation,
  renderOperationsJson, waitReady, type ApplyOutcome, type NotReady, type ObjectResult,
} from '../state/index.js';
import { lockHolder } from '../daemon/lock.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: devlink-ts apply -f FILE|DIR [--dry-run] [--wait[=SECONDS]] [-j [-p]] [--state-dir DIR]
  -f, --file FILE|DIR   the config: a YAML file, or a directory whose *.yaml files are merged
  --dry-run             print the plan as devlink command lines (with -j: {"operations":[...]}) and change nothing
  --wait[=SECONDS]      after applying, wait until every active SF is ready (default 60 s)
  -j, --json            print JSON; -p pretty-prints it
  --state-dir DIR       where ownership records live (default $DEVLINK_TS_STATE_DIR or ${DEFAULT_STATE_DIR})
`;

/** What tests (and embedders) can substitute. */
export interface ApplyDependencies {
  io: CliIo;
  signal?: AbortSignal;
  /** Opens the client; a real socket by default (tests pass the fake kernel's transport). */
  openDevlink?: (netns?: string) => Promise<Devlink>;
  /** Whether stderr is a terminal (progress display); the process's by default. */
  tty?: boolean;
  env?: NodeJS.ProcessEnv;
}

interface ApplyArguments {
  file: string;
  dryRun: boolean;
  waitMs?: number;
  json: boolean;
  pretty: boolean;
  stateDir: string;
}

class UsageError extends Error {}

async function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<ApplyArguments | 'help'> {
  const Parser: typeof yargsParser = (await import('yargs-parser')).default;
  let waitMs: number | undefined;
  const rest: string[] = [];
  for (const word of argv) {
    if (word === '--wait' || word.startsWith('--wait=')) {
      const text = word === '--wait' ? '60' : word.slice('--wait='.length);
      if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) throw new UsageError(`Invalid --wait timeout "${text}": expected a number of seconds greater than 0`);
      waitMs = Math.round(Number(text) * 1000);
      continue;
    }
    rest.push(word);
  }
  const parsed = Parser.detailed(rest, {
    boolean: ['dry-run', 'json', 'pretty', 'help'],
    string: ['file', 'state-dir'],
    alias: { file: 'f', json: 'j', pretty: 'p', help: 'h' },
    configuration: { 'camel-case-expansion': false, 'parse-numbers': false, 'parse-positional-numbers': false, 'duplicate-arguments-array': false, 'boolean-negation': false },
  });
  if (parsed.error) throw new UsageError(parsed.error.message);
  const args = parsed.argv as Record<string, unknown> & { _: unknown[] };
  if (args['help'] === true) return 'help';
  const known = new Set(['_', 'dry-run', 'json', 'pretty', 'help', 'file', 'state-dir', 'f', 'j', 'p', 'h', '--']);
  const unknown = Object.keys(args).find((key) => !known.has(key));
  if (unknown !== undefined) throw new UsageError(`unknown option "${unknown.length === 1 ? '-' : '--'}${unknown}"`);
  if (args._.length > 0) throw new UsageError(`unexpected argument "${String(args._[0])}"`);
  const file = args['file'];
  if (typeof file !== 'string' || file === '') throw new UsageError('missing -f FILE|DIR (the config to apply)');
  const stateDir = typeof args['state-dir'] === 'string' && args['state-dir'] !== '' ? args['state-dir'] : env['DEVLINK_TS_STATE_DIR'] || DEFAULT_STATE_DIR;
  return {
    file, dryRun: args['dry-run'] === true, json: args['json'] === true, pretty: args['pretty'] === true, stateDir,
    ...(waitMs !== undefined ? { waitMs } : {}),
  };
}

/** A progress line on a terminal: objects done / total and the current one, at most 10 times a second. */
function progressDisplay(io: CliIo): { update(done: number, total: number, object: string): void; clear(): void } {
  let last = 0;
  let shown = false;
  return {
    update(done, total, object) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      io.stderr(`\r\x1b[K[${done}/${total}] ${object}`);
    },
    clear() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

function resultJson(result: ObjectResult): object {
  return {
    object: result.object, status: result.status, done: result.done,
    ...(result.failedCommand !== undefined ? { command: result.failedCommand } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
  };
}

function printOutcome(io: CliIo, args: ApplyArguments, outcome: ApplyOutcome, notReady: readonly NotReady[] | undefined): void {
  const { plan, results } = outcome;
  const failed = results.filter((r) => r.status === 'failed');
  if (args.json) {
    const value = {
      operations: plan.operations.map((op) => ({ command: renderOperation(op), kind: op.kind, object: op.object })),
      results: results.map(resultJson),
      problems: plan.problems,
      ...(notReady !== undefined ? { notReady } : {}),
      converged: outcome.converged && (notReady?.length ?? 0) === 0,
    };
    io.stdout(`${JSON.stringify(value, null, args.pretty ? 2 : undefined)}\n`);
    return;
  }
  for (const result of failed) io.stderr(`devlink-ts: failed: ${result.object}: ${result.failedCommand ?? ''}: ${result.error ?? ''}\n`);
  for (const item of notReady ?? []) io.stderr(`devlink-ts: not ready: ${item.object}: ${item.missing}\n`);
  const objects = new Set(plan.operations.map((op) => op.object)).size;
  const errors = plan.problems.filter((p) => p.severity === 'error').length;
  io.stdout(`apply: ${plan.operations.length} operations on ${objects} objects: ${results.length - failed.length} ok, ${failed.length} failed` +
    `${errors > 0 ? `, ${errors} refused` : ''}${notReady !== undefined ? `, ${notReady.length} not ready` : ''}\n`);
}

/** Runs `apply` with its own arguments (the words after `apply`); returns the exit code. */
export async function runApply(argv: readonly string[], deps: ApplyDependencies): Promise<number> {
  const { io } = deps;
  const env = deps.env ?? process.env;
  let args: ApplyArguments | 'help';
  try {
    args = await parseArguments(argv, env);
  } catch (error) {
    io.stderr(`devlink-ts apply: ${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const open = deps.openDevlink ?? ((netns?: string) => Devlink.open(netns !== undefined ? { netns } : {}));
  const clients = new Map<string, Promise<Devlink>>();
  const netnsClient = (netns: string): Promise<Devlink> => {
    let client = clients.get(netns);
    if (!client) {
      client = open(netns);
      clients.set(netns, client);
    }
    return client;
  };
  let dl: Devlink | undefined;
  const daemon = args.dryRun ? undefined : lockHolder(args.stateDir);
  if (daemon !== undefined) {
    io.stderr(`devlink-ts apply: a devlink-ts daemon (pid ${daemon}) keeps ${args.stateDir}'s declared state; change its config and reload it `
      + `(SIGHUP or POST /v1/reload) instead (apply --dry-run still works)\n`);
    return 1;
  }
  try {
    const desired = loadDesiredState(args.file);
    const ownership = args.dryRun ? new OwnershipSet(OwnershipStore.read(args.stateDir)) : OwnershipStore.open(args.stateDir);
    dl = await open();
    const progress = deps.tty ?? process.stderr.isTTY === true ? progressDisplay(io) : undefined;
    const outcome = await applyOnce(dl, desired, ownership, {
      dryRun: args.dryRun,
      netnsClient,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(progress && !args.json && !args.dryRun ? { onProgress: ({ done, total, object }) => progress.update(done, total, object) } : {}),
    });
    progress?.clear();
    for (const problem of outcome.plan.problems) {
      if (!args.json || problem.severity === 'error') io.stderr(`devlink-ts: ${problem.severity === 'error' ? 'refused' : 'note'}: ${problem.object}: ${problem.message}\n`);
    }
    if (args.dryRun) {
      if (args.json) io.stdout(`${args.pretty ? JSON.stringify(JSON.parse(renderOperationsJson(outcome.plan.operations)), null, 2) : renderOperationsJson(outcome.plan.operations)}\n`);
      else for (const op of outcome.plan.operations) io.stdout(`${renderOperation(op)}\n`);
      return outcome.plan.problems.some((p) => p.severity === 'error') ? 1 : 0;
    }
    let notReady: NotReady[] | undefined;
    if (args.waitMs !== undefined) {
      notReady = await waitReady(dl, desired, outcome.observed, args.waitMs, netnsClient, deps.signal);
    }
    printOutcome(io, args, outcome, notReady);
    return outcome.converged && (notReady?.length ?? 0) === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\ndevlink-ts apply: the config is invalid: nothing was applied\n`);
      return 1;
    }
    io.stderr(`devlink-ts apply: ${(error as Error).message}\n`);
    return 1;
  } finally {
    dl?.close();
    for (const client of clients.values()) void client.then((c) => c.close(), () => undefined);
  }
}
