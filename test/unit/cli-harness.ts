import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { BackendFactory, DevlinkBackend } from '../../src/cli/backend.js';

/** Result of one in-process CLI run. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** True when the command opened the devlink backend. */
  opened: boolean;
}

/**
 * Runs the CLI in-process with captured streams. Without a backend, opening devlink fails the
 * test's expectations loudly (bad command lines must be rejected before any socket is opened).
 */
export async function runCli(
  argv: readonly string[],
  options: { backend?: DevlinkBackend | BackendFactory; files?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const io = memoryIo(options.files);
  let opened = false;
  const openBackend: BackendFactory = async (opts) => {
    opened = true;
    if (options.backend === undefined) throw new Error('test: the devlink backend must not be opened for this command line');
    return typeof options.backend === 'function' ? options.backend(opts) : options.backend;
  };
  const code = await main(argv, {
    io,
    openBackend,
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, out: io.out, err: io.err, opened };
}

/**
 * Runs `monitor` (`argv`) in-process on `backend` while `actions` run as separate CLI runs, and
 * returns what it printed once `expectedLines` lines arrived (polling up to 5 s, so a loaded machine
 * does not make a test flaky). The actions start only once the monitor has subscribed, each must
 * give `actionResult`, and the monitor must end cleanly with nothing on stderr.
 */
export async function monitorWhile(
  backend: BackendFactory,
  argv: string[],
  actions: string[],
  expectedLines: number,
  actionResult: Partial<CliRun> = { code: 0, err: '' },
): Promise<string> {
  const io = memoryIo();
  const stop = new AbortController();
  let subscribed!: () => void;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  const watched: BackendFactory = async (options) => {
    const real = await backend(options);
    return { ...real, subscribe: async (listener) => { const off = await real.subscribe(listener); subscribed(); return off; } };
  };
  const running = main(argv, { io, openBackend: watched, signal: stop.signal });
  await ready;
  for (const action of actions) expect(await runCli(words(action), { backend })).toMatchObject(actionResult);
  const deadline = Date.now() + 5000;
  while (io.out.split('\n').length - 1 < expectedLines && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  stop.abort();
  expect(await running).toBe(0);
  expect(io.err).toBe('');
  return io.out;
}

/** Splits a command line on spaces (test tables are written as strings). */
export function words(line: string): string[] {
  return line === '' ? [] : line.split(' ');
}

/** A call the recording backend received. */
export interface BackendCall {
  method: string;
  args: unknown[];
}

/**
 * A DevlinkBackend double that records every call and answers from `answers` (method -> value
 * or function), empty lists for list*, and undefined otherwise. For grammar tests: which request
 * did a command line turn into.
 */
export function recordingBackend(answers: Record<string, unknown> = {}): DevlinkBackend & { calls: BackendCall[] } {
  const calls: BackendCall[] = [];
  const target = { calls } as Record<string, unknown>;
  return new Proxy(target, {
    get(object, property) {
      if (property === 'calls') return calls;
      if (property === 'then') return undefined;
      const method = String(property);
      return async (...args: unknown[]) => {
        calls.push({ method, args });
        const answer = answers[method];
        if (typeof answer === 'function') return (answer as (...a: unknown[]) => unknown)(...args);
        if (answer !== undefined) return answer;
        if (method.startsWith('list')) return [];
        if (method.startsWith('get')) {
          // Echo the object asked for, so printers have a handle to print.
          const name = typeof args[1] === 'string' ? { name: args[1], type: 3, generic: true, values: [] } : {};
          return { ...(args[0] as object), ...name };
        }
        if (method === 'subscribe') return () => undefined;
        return undefined;
      };
    },
  }) as unknown as DevlinkBackend & { calls: BackendCall[] };
}
