import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differencesPerBinary, noDifferences, OUTPUT_VARIANTS, runIproute2, runOurs, withVariants } from './support/cli-compare.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { createObjsim, type ObjsimDevice } from './support/objsim.js';
import { newerIproute2Devlink } from './support/sfsim.js';

// `dpipe` on objsim (headers ethernet and ipv4, table objsim_host4 on resource /host4, three
// entries): devlink-ts (in-process main() on the kernel socket) and iproute2 6.1 and 6.15 on the
// same state must print the same bytes (stdout, stderr, status) in text, -j and -jp: header and
// table show (with -v), entries with and without counters, counters set by either tool, bad
// command lines, and the kernel's refusals (a device without dpipe: netdevsim).

describe('CLI differential: dpipe vs iproute2 6.1 and 6.15 on objsim', () => {
  let dev: ObjsimDevice;
  let nsim: NetdevsimDevice;
  let h: string;
  let newer: string;
  let compared = 0;

  beforeAll(() => {
    newer = newerIproute2Devlink();
    dev = createObjsim();
    nsim = createNetdevsim(1);
    h = dev.handle;
  });
  afterAll(() => {
    dev?.remove();
    nsim?.remove();
    console.log(`compared ${compared} command lines, each in up to ${OUTPUT_VARIANTS.length} output modes, with iproute2 6.1 and/or 6.15`);
  });

  /** Every group compared here only reads state (shows, bad command lines, refusals that change nothing): iproute2's runs overlap. */
  async function same(lines: readonly (readonly string[])[], binaries: readonly (string | undefined)[] = [undefined, newer]): Promise<void> {
    compared += lines.length;
    expect(await differencesPerBinary(withVariants(lines), binaries, { readOnly: true })).toEqual(noDifferences(binaries));
  }

  const table = 'objsim_host4';
  const reads = (): string[][] => [
    ['dpipe', 'header', 'show', h], ['-v', 'dpipe', 'header', 'show', h], ['dpipe', 'table', 'show', h], ['-v', 'dpipe', 'table', 'show', h],
    ['dpipe', 'table', 'show', h, 'name', table], ['dpipe', 'table', 'dump', h, 'name', table],
    // The table uses resource /host4, yet iproute2 prints `dpipe_tables none` (see resource.ts).
    ['resource', 'show', h],
  ];

  it('shows headers, tables and entries', async () => {
    await same([...reads(), ['d', 't', 's', h, 'n', table], ['dpipe', 'h', 's', h]]);
  });

  it('reports bad command lines and refusals as iproute2 does', async () => {
    await same([
      ['dpipe'], ['dpipe', 'help'], ['dpipe', 'bogus'], ['dpipe', 'header'], ['dpipe', 'header', 'help'], ['dpipe', 'header', 'bogus'],
      ['dpipe', 'header', 'show'], ['dpipe', 'header', 'show', h, 'name', table], ['dpipe', 'table'], ['dpipe', 'table', 'help'],
      ['dpipe', 'table', 'bogus'], ['dpipe', 'table', 'show'], ['dpipe', 'table', 'show', 'objsim'], ['dpipe', 'table', 'show', h, 'size', '1'],
      ['dpipe', 'table', 'set', h, 'name', table], ['dpipe', 'table', 'set', h, 'counters', 'true'],
      ['dpipe', 'table', 'set', h, 'name', table, 'counters', 'maybe'], ['dpipe', 'table', 'dump', h],
      ['dpipe', 'table', 'show', h, 'name', 'nope'], ['dpipe', 'table', 'dump', h, 'name', 'nope'],
      ['dpipe', 'table', 'set', h, 'name', 'nope', 'counters', 'true'],
      ['dpipe', 'header', 'show', nsim.handle], ['dpipe', 'table', 'show', nsim.handle], ['dpipe', 'table', 'dump', nsim.handle, 'name', table],
      ['dpipe', 'header', 'show', 'objsim/nope'],
    ]);
    // 6.15 names both missing options; devlink-ts follows 6.1 (the first).
    await same([['dpipe', 'table', 'set', h]], [undefined]);
  });

  it('turns counters on (iproute2) and off (devlink-ts), with the same output before and after', async () => {
    const on = ['dpipe', 'table', 'set', h, 'name', table, 'counters_enabled', 'true'];
    expect(runIproute2(on)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(runIproute2(['dpipe', 'table', 'dump', h, 'name', table]).stdout).toContain('counter 1000');
    await same(reads());
    const off = ['dpipe', 'table', 'set', h, 'name', table, 'counters', 'false'];
    expect(await runOurs(off)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(runIproute2(['dpipe', 'table', 'show', h]).stdout).toContain('counters_enabled false');
    await same(reads());
    expect(await runOurs(['dpipe', 'table', 'set', h, 'name', table, 'counters', 'enable'])).toEqual({ status: 0, stdout: '', stderr: '' });
    await same(reads());
  });
});
