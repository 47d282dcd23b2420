import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { IPROUTE2_DEVLINK } from './support/iproute2.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';

// `resource` commands: devlink-ts (in-process main()) and iproute2 6.1's devlink on the same
// netdevsim resources print the same bytes (stdout, stderr, status) in text, -j and -jp.

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function iproute2(args: readonly string[]): Run {
  const r = spawnSync(IPROUTE2_DEVLINK, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function ours(args: readonly string[]): Promise<Run> {
  const captured = { stdout: '', stderr: '' };
  const io = {
    stdout: (text: string) => void (captured.stdout += text),
    stderr: (text: string) => void (captured.stderr += text),
    readBatch: (name: string) => readFile(name, 'utf8'),
  };
  const status = await main(args, { io, signal: new AbortController().signal });
  return { status, ...captured };
}

const VARIANTS: readonly (readonly string[])[] = [[], ['-j'], ['-j', '-p']];

async function differences(lines: readonly (readonly string[])[], variants = VARIANTS): Promise<unknown[]> {
  const found: unknown[] = [];
  for (const line of lines) {
    for (const variant of variants) {
      const args = [...variant, ...line];
      const reference = iproute2(args);
      const actual = await ours(args);
      if (JSON.stringify(actual) !== JSON.stringify(reference)) found.push({ command: args.join(' '), iproute2: reference, ours: actual });
    }
  }
  return found;
}

describe('CLI differential: resource vs iproute2 devlink 6.1 on netdevsim', () => {
  let dev: NetdevsimDevice;
  let compared = 0;
  beforeAll(() => {
    dev = createNetdevsim(1);
  });
  afterAll(() => {
    dev.remove();
    console.log(`compared ${compared} command lines x ${VARIANTS.length} output modes`);
  });

  async function same(lines: readonly (readonly string[])[], variants = VARIANTS): Promise<void> {
    compared += lines.length;
    expect(await differences(lines, variants)).toEqual([]);
  }

  it('show, set (pending size_new and size_valid) and their errors', async () => {
    const d = dev.handle;
    await same([
      ['resource'], ['resource', 'help'], ['resource', 'show'], ['resource', 'show', d], ['-v', 'resource', 'show', d],
      ['resource', 'show', 'netdevsim/nope'], ['resource', 'bogus'], ['resource', 'set', d, 'path', '/IPv4/fib'],
      ['resource', 'set', d, 'size', '5'], ['resource', 'set', d, 'path', '/nope', 'size', '5'], ['resource', 'show', d, 'extra'],
    ]);
    await same([['resource', 'set', d, 'path', '/IPv4/fib', 'size', '96']], [[]]);
    await same([['resource', 'show', d], ['resource', 'set', d, 'path', 'IPv6/fib-rules', 'size', '16']]);
    await same([['resource', 'show', d]]);
  });
});
