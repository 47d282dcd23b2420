import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { IPROUTE2_DEVLINK } from './support/iproute2.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';

// `region` commands: devlink-ts (in-process main()) and iproute2 6.1's devlink on the same
// netdevsim regions print the same bytes (stdout, stderr, status) in text, -j and -jp.
// Each run of ours is a fresh main() (a fresh byte counter, like a fresh iproute2 process).

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

describe('CLI differential: region vs iproute2 devlink 6.1 on netdevsim', () => {
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

  it('show, new, dump, read, del and their errors', async () => {
    const r = `${dev.handle}/dummy`;
    await same([
      ['region'], ['region', 'show'], ['region', 'show', r], ['region', 'show', `${dev.handle}/nope`], ['region', 'show', dev.handle],
      ['region', 'show', 'x/y/z/w'], ['region', 'help'], ['region', 'bogus'], ['region', 'del', r], ['region', 'dump', r],
      ['region', 'read', r, 'snapshot', '1'], ['region', 'read', r, 'snapshot', '1', 'address', '0'], ['region', 'dump', r, 'snapshot', '99'],
      ['region', 'new'], ['region', 'del', r, 'snapshot', 'x'],
    ]);
    // Snapshots with given ids: each tool takes its own (an id can be used once).
    for (const [variant, theirId, ourId] of [[[], '5', '6'], [['-j'], '7', '8']] as const) {
      const theirs = iproute2([...variant, 'region', 'new', r, 'snapshot', theirId]);
      expect(await ours([...variant, 'region', 'new', r, 'snapshot', ourId])).toEqual(theirs);
    }
    await same([['region', 'show'], ['region', 'dump', r, 'snapshot', '5'], ['region', 'read', r, 'snapshot', '5', 'address', '100', 'length', '40'],
      ['region', 'read', r, 'snapshot', '6', 'address', '8', 'length', '3'], ['region', 'new', r, 'snapshot', '5']]);
    expect(await ours(['region', 'del', r, 'snapshot', '5'])).toEqual(iproute2(['region', 'del', r, 'snapshot', '7']));
    await same([['region', 'show', r]]);
    expect(await ours(['region', 'del', r, 'snapshot', '6'])).toEqual(iproute2(['region', 'del', r, 'snapshot', '8']));
    await same([['region', 'show', r], ['region', 'del', r, 'snapshot', '99']]);
    // A kernel-chosen id: each tool prints the id it got.
    const theirs = iproute2(['region', 'new', r]);
    const mine = await ours(['region', 'new', r]);
    expect(mine.stdout.replace(/\d+\n$/, 'N\n')).toBe(theirs.stdout.replace(/\d+\n$/, 'N\n'));
    expect([mine.status, mine.stderr]).toEqual([theirs.status, theirs.stderr]);
  });
});
