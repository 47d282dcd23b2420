import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { cliDifferences, OUTPUT_VARIANTS, runIproute2, runOurs, withVariants } from './support/cli-compare.js';

// `region` commands: devlink-ts (in-process main()) and iproute2 6.1's devlink on the same
// netdevsim regions print the same bytes (stdout, stderr, status) in text, -j and -jp.
// Each run of ours is a fresh main() (a fresh byte counter, like a fresh iproute2 process).

describe('CLI differential: region vs iproute2 devlink 6.1 on netdevsim', () => {
  let dev: NetdevsimDevice;
  let compared = 0;
  beforeAll(() => {
    dev = createNetdevsim(1);
  });
  afterAll(() => {
    dev.remove();
    console.log(`compared ${compared} command lines x ${OUTPUT_VARIANTS.length} output modes`);
  });

  /** `readOnly`: shows and lines refused before any change, so iproute2's runs overlap. */
  async function same(lines: readonly (readonly string[])[], variants = OUTPUT_VARIANTS, readOnly = false): Promise<void> {
    compared += lines.length;
    expect(await cliDifferences(withVariants(lines, variants), { readOnly })).toEqual([]);
  }

  it('show, new, dump, read, del and their errors', async () => {
    const r = `${dev.handle}/dummy`;
    await same([
      ['region'], ['region', 'show'], ['region', 'show', r], ['region', 'show', `${dev.handle}/nope`], ['region', 'show', dev.handle],
      ['region', 'show', 'x/y/z/w'], ['region', 'help'], ['region', 'bogus'], ['region', 'del', r], ['region', 'dump', r],
      ['region', 'read', r, 'snapshot', '1'], ['region', 'read', r, 'snapshot', '1', 'address', '0'], ['region', 'dump', r, 'snapshot', '99'],
      ['region', 'new'], ['region', 'del', r, 'snapshot', 'x'],
    ], OUTPUT_VARIANTS, true);
    // Snapshots with given ids: each tool takes its own (an id can be used once).
    for (const [variant, theirId, ourId] of [[[], '5', '6'], [['-j'], '7', '8']] as const) {
      const theirs = runIproute2([...variant, 'region', 'new', r, 'snapshot', theirId]);
      expect(await runOurs([...variant, 'region', 'new', r, 'snapshot', ourId])).toEqual(theirs);
    }
    await same([['region', 'show'], ['region', 'dump', r, 'snapshot', '5'], ['region', 'read', r, 'snapshot', '5', 'address', '100', 'length', '40'],
      ['region', 'read', r, 'snapshot', '6', 'address', '8', 'length', '3'], ['region', 'new', r, 'snapshot', '5']]);
    expect(await runOurs(['region', 'del', r, 'snapshot', '5'])).toEqual(runIproute2(['region', 'del', r, 'snapshot', '7']));
    await same([['region', 'show', r]]);
    expect(await runOurs(['region', 'del', r, 'snapshot', '6'])).toEqual(runIproute2(['region', 'del', r, 'snapshot', '8']));
    await same([['region', 'show', r], ['region', 'del', r, 'snapshot', '99']]);
    // A kernel-chosen id: each tool prints the id it got.
    const theirs = runIproute2(['region', 'new', r]);
    const mine = await runOurs(['region', 'new', r]);
    expect(mine.stdout.replace(/\d+\n$/, 'N\n')).toBe(theirs.stdout.replace(/\d+\n$/, 'N\n'));
    expect([mine.status, mine.stderr]).toEqual([theirs.status, theirs.stderr]);
  });
});
