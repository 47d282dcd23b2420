import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { OUTPUT_VARIANTS, cliDifferences, type CliRun, withVariants } from './support/cli-compare.js';

// `health` and `trap` commands: devlink-ts (in-process main() on the kernel socket) and iproute2
// 6.1's devlink on the same netdevsim state must print the same bytes (stdout, stderr, status) in
// text, -j and -jp. Values the kernel changes between two calls are masked in both outputs:
// netdevsim's random diagnose bytes (test_binary) and its live trap counters (-s).

/** Masks what changes between two reads of the same state. */
function masked(run: CliRun): CliRun {
  const mask = (text: string): string =>
    text
      .replace(/("test_binary": ?\[)[^\]]*\]/g, '$1…]')
      .replace(/((?:^|\n) *)(?:[0-9a-f]{2} )+(?=\n)/g, '$1…')
      .replace(/((?:bytes|packets|dropped)"?:? ?)\d+/g, '$1N');
  return { status: run.status, stdout: mask(run.stdout), stderr: mask(run.stderr) };
}

describe('CLI differential: health and trap vs iproute2 devlink 6.1 on netdevsim', () => {
  let first: NetdevsimDevice;
  let second: NetdevsimDevice;
  let compared = 0;

  beforeAll(() => {
    first = createNetdevsim(2);
    second = createNetdevsim(1);
  });
  afterAll(() => {
    first.remove();
    second.remove();
    console.log(`compared ${compared} command lines x ${OUTPUT_VARIANTS.length} output modes`);
  });

  /** `readOnly`: shows and bad command lines only (no health dump show: it creates the dump), so iproute2's runs overlap. */
  async function same(lines: readonly (readonly string[])[], readOnly = false): Promise<void> {
    compared += lines.length;
    expect(await cliDifferences(withVariants(lines), { mask: masked, readOnly })).toEqual([]);
  }

  it('health show, diagnose, dump, set, recover and their errors', async () => {
    const a = first.handle;
    await same([
      ['health'], ['health', 'show'], ['health', 'list'], ['health', 'show', a, 'reporter', 'dummy'],
      ['health', 'show', a, 'reporter', 'empty'], ['health', 'show', `${a}/0`, 'reporter', 'dummy'],
      ['health', 'show', a, 'reporter', 'nope'], ['health', 'show', a], ['health', 'recover', a],
      ['health', 'diagnose', a, 'reporter', 'empty'], ['health', 'dump', 'show', a, 'reporter', 'empty'],
      ['health', 'diagnose', a, 'reporter', 'dummy'], ['health', 'dump', 'show', a, 'reporter', 'dummy'],
      ['health', 'dump', 'bogus'], ['health', 'bogus'], ['health', 'help'],
      ['health', 'set', a, 'reporter', 'dummy', 'grace_period', 'x'],
      ['health', 'set', a, 'reporter', 'dummy', 'auto_recover', 'maybe'],
      ['health', 'set', a, 'reporter', 'dummy', 'bogus', '1'],
      ['health', 'show', 'foo'],
    ]);
    // Both tools change the same setting to the same value; then the state is compared.
    await same([['health', 'set', a, 'reporter', 'dummy', 'grace_period', '3000', 'auto_recover', 'false', 'auto_dump', 'false']]);
    await same([['health', 'show'], ['health', 'set', a, 'reporter', 'empty', 'grace_period', '5']]);
    first.writeDebugfs('health/binary_len', '40');
    first.writeDebugfs('health/break_health', 'broken');
    await same([
      ['health', 'show', a, 'reporter', 'dummy'], ['health', 'diagnose', a, 'reporter', 'dummy'],
      ['health', 'dump', 'show', a, 'reporter', 'dummy'],
    ]);
    await same([['health', 'dump', 'clear', a, 'reporter', 'dummy'], ['health', 'recover', a, 'reporter', 'dummy']]);
    await same([['health', 'show'], ['health', 'diagnose', a, 'reporter', 'dummy']]);
    first.writeDebugfs('health/fail_recover', '1');
    await same([['health', 'recover', a, 'reporter', 'dummy']]);
  });

  it('trap, trap group and trap policer show/set with -s and -v, and their errors', async () => {
    const a = first.handle;
    await same([
      ['trap'], ['trap', 'show'], ['trap', 'show', a, 'trap', 'blackhole_route'], ['trap', 'show', a],
      ['trap', 'show', a, 'trap', 'nope'], ['-v', 'trap', 'show'], ['-s', 'trap', 'show'], ['-s', '-v', 'trap', 'show', a, 'trap', 'fid_miss'],
      ['trap', 'group'], ['trap', 'group', 'show'], ['trap', 'group', 'show', a, 'group', 'l3_drops'], ['-s', 'trap', 'group', 'show'],
      ['trap', 'group', 'show', a], ['trap', 'policer', 'show'], ['-s', 'trap', 'policer', 'show'],
      ['trap', 'policer', 'show', a, 'policer', '2'], ['trap', 'policer', 'show', a], ['trap', 'policer', 'show', a, 'policer', '9'],
      ['trap', 'help'], ['trap', 'bogus'], ['trap', 'group', 'bogus'], ['trap', 'policer', 'bogus'],
      ['trap', 'set', a, 'trap', 'blackhole_route', 'action', 'bogus'], ['trap', 'set', a, 'action', 'trap'],
      ['trap', 'group', 'set', a, 'group', 'l3_drops', 'policer', 'x'],
    ], true);
    await same([['trap', 'set', a, 'trap', 'blackhole_route', 'action', 'trap']]);
    // Accepted with an extended-ACK warning, which both print as `Warning: ....` on stderr.
    await same([['trap', 'set', a, 'trap', 'igmp_query', 'action', 'drop']]);
    await same([['trap', 'show', a, 'trap', 'blackhole_route']]);
    await same([['trap', 'group', 'set', a, 'group', 'l3_drops', 'policer', '2']]);
    await same([['trap', 'group', 'show', a, 'group', 'l3_drops'], ['trap', 'group', 'set', a, 'group', 'l3_drops', 'nopolicer']]);
    await same([['trap', 'group', 'show'], ['trap', 'group', 'set', a, 'group', 'l2_drops', 'action', 'trap']]);
    await same([['trap', 'policer', 'set', a, 'policer', '1', 'rate', '2000', 'burst', '256']]);
    await same([['trap', 'policer', 'show'], ['trap', 'policer', 'set', a, 'policer', '1', 'rate', '1']]);
  });
});
