import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import type { Devlink } from '../../src/devlink/client.js';

export type { DevlinkFactory };

/** Result of one in-process CLI run. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** True when the command opened the devlink client. */
  opened: boolean;
}

/**
 * Runs the CLI in-process with captured streams. Without a Devlink (or factory), opening devlink fails the
 * test's expectations loudly (bad command lines must be rejected before any socket is opened).
 */
export async function runCli(
  argv: readonly string[],
  options: { devlink?: Devlink | DevlinkFactory; files?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const io = memoryIo(options.files);
  let opened = false;
  const openDevlink: DevlinkFactory = async (opts) => {
    opened = true;
    if (options.devlink === undefined) throw new Error('test: devlink must not be opened for this command line');
    return typeof options.devlink === 'function' ? options.devlink(opts) : options.devlink;
  };
  const code = await main(argv, {
    io,
    openDevlink,
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, out: io.out, err: io.err, opened };
}

/**
 * Runs `monitor` (`argv`) in-process on `devlink` while `actions` run as separate CLI runs, and
 * returns what it printed once `expectedLines` lines arrived (polling up to 5 s, so a loaded machine
 * does not make a test flaky). The actions start only once the monitor has subscribed, each must
 * give `actionResult`, and the monitor must end cleanly with nothing on stderr.
 */
export async function monitorWhile(
  devlink: DevlinkFactory,
  argv: string[],
  actions: string[],
  expectedLines: number,
  actionResult: Partial<CliRun> = { code: 0, err: '' },
): Promise<string> {
  const io = memoryIo();
  const stop = new AbortController();
  let subscribed!: () => void;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  const running = main(argv, { io, openDevlink: watchEvents(devlink, subscribed), signal: stop.signal });
  await ready;
  for (const action of actions) expect(await runCli(words(action), { devlink })).toMatchObject(actionResult);
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

/**
 * Wraps a factory so that `subscribed` runs once the client's event stream exists (the library's
 * stream is subscribed from its creation on): actions started afterwards cannot be missed.
 */
export function watchEvents(devlink: DevlinkFactory, subscribed: () => void): DevlinkFactory {
  return async (options) => {
    const client = await devlink(options);
    const events = client.events.bind(client);
    client.events = (...args: Parameters<Devlink['events']>) => {
      const stream = events(...args);
      subscribed();
      return stream;
    };
    return client;
  };
}

/** A call the recording client received. */
export interface ClientCall {
  method: string;
  args: unknown[];
}

/**
 * A Devlink double that records every call and answers from `answers` (method -> value or
 * function), empty lists for list*, and undefined otherwise. For grammar tests: which library
 * request did a command line turn into.
 */
export function recordingDevlink(answers: Record<string, unknown> = {}): Devlink & { calls: ClientCall[] } {
  const calls: ClientCall[] = [];
  const target = { calls } as Record<string, unknown>;
  return new Proxy(target, {
    get(object, property) {
      if (property === 'calls') return calls;
      if (property === 'then') return undefined;
      const method = String(property);
      return (...args: unknown[]) => {
        calls.push({ method, args });
        if (method === 'close') return undefined;
        const answer = answers[method];
        if (typeof answer === 'function') return Promise.resolve((answer as (...a: unknown[]) => unknown)(...args));
        if (answer !== undefined) return Promise.resolve(answer);
        if (method.startsWith('list')) return Promise.resolve([]);
        // A reload the kernel answered without a message; a port added as asked.
        if (method === 'reload') return Promise.resolve({ actionsPerformed: [], attributes: { values: {} } });
        if (method === 'addPort') return Promise.resolve({ ...(args[0] as object), portIndex: 1, attributes: { values: {} } });
        if (method.startsWith('get')) {
          // Echo the object asked for, so printers have a handle to print.
          const name = typeof args[1] === 'string' ? { name: args[1], type: 'u32', generic: true, values: [] } : {};
          return Promise.resolve({ ...(args[0] as object), attributes: { values: {} }, nestedDevlinks: [], ...name });
        }
        return Promise.resolve(undefined);
      };
    },
  }) as unknown as Devlink & { calls: ClientCall[] };
}
