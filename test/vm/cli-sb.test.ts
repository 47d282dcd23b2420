import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differencesPerBinary, noDifferences, OUTPUT_VARIANTS, runIproute2, runOurs, withVariants, type CliRun } from './support/cli-compare.js';
import { createObjsim, type ObjsimDevice } from './support/objsim.js';
import { newerIproute2Devlink } from './support/sfsim.js';

// `sb` (shared buffers) on objsim: devlink-ts (in-process main() on the kernel socket) and
// iproute2 6.1 and 6.15 on the same state must print the same bytes (stdout, stderr, status) in
// text, -j and -jp: every show, the state after every set (made once by iproute2, once by
// devlink-ts), occupancy after snapshot and clearmax, bad command lines and the driver's refusals.
// Where the two iproute2 versions differ (see src/cli/README.md) devlink-ts follows 6.1, so those
// lines are compared with 6.1 only, except for port-level listings (port pools, tc bindings):
// 6.1 loads netdev names in the middle of those dumps and prints garbage, and even with -n it
// starts every entry after a port's first with a space and no indent; 6.15 fixed both and
// devlink-ts prints 6.15's text. Those listings are compared with 6.15, and with 6.1 under -n in
// JSON (the same in both).

describe('CLI differential: sb vs iproute2 6.1 and 6.15 on objsim', () => {
  let dev: ObjsimDevice;
  let h: string;
  let p0: string;
  let p1: string;
  let newer: string;
  let compared = 0;

  beforeAll(() => {
    newer = newerIproute2Devlink();
    dev = createObjsim();
    h = dev.handle;
    p0 = dev.port(0);
    p1 = dev.port(1);
  });
  afterAll(() => {
    dev?.remove();
    console.log(`compared ${compared} command lines, each in up to ${OUTPUT_VARIANTS.length} output modes, with iproute2 6.1 and/or 6.15`);
  });

  /** Compares each line with each binary; `readOnly` (shows, bad command lines) lets iproute2's runs overlap. */
  async function same(lines: readonly (readonly string[])[], binaries: readonly (string | undefined)[] = [undefined, newer], variants = OUTPUT_VARIANTS, readOnly = true): Promise<void> {
    compared += lines.length;
    expect(await differencesPerBinary(withVariants(lines, variants), binaries, { readOnly })).toEqual(noDifferences(binaries));
  }

  /** Lines where 6.15's grammar or messages differ from 6.1's: compared with 6.1 only. */
  const only61 = (lines: readonly (readonly string[])[]): Promise<void> => same(lines, [undefined]);

  /** Port-level listings: 6.15 with and without -n; 6.1 with -n, JSON only (see above). */
  async function portLevel(lines: readonly (readonly string[])[]): Promise<void> {
    await same([...lines, ...lines.map((l) => ['-n', ...l])], [newer]);
    await same(lines.map((l) => ['-n', ...l]), [undefined], [['-j'], ['-j', '-p']]);
  }

  const quiet: CliRun = { status: 0, stdout: '', stderr: '' };

  /** A set made by iproute2 6.1, then the same by devlink-ts (each prints nothing and succeeds). */
  async function setBoth(words: readonly string[]): Promise<void> {
    expect({ tool: 'iproute2', words, run: runIproute2(words) }).toEqual({ tool: 'iproute2', words, run: quiet });
    expect({ tool: 'devlink-ts', words, run: await runOurs(words) }).toEqual({ tool: 'devlink-ts', words, run: quiet });
  }

  /** A set made by devlink-ts alone; `check` must appear in iproute2's show afterwards. */
  async function setOurs(words: readonly string[], show: readonly string[], check: string): Promise<void> {
    expect({ words, run: await runOurs(words) }).toEqual({ words, run: quiet });
    expect(runIproute2(show).stdout).toContain(check);
  }

  it('shows buffers, pools, port pools and tc bindings', async () => {
    await same([
      ['sb'], ['sb', 'show'], ['sb', 'list'], ['sb', 'show', h], ['sb', 'show', h, 'sb', '1'], ['sb', 'show', h, 'sb', '2'],
      ['sb', 'pool'], ['sb', 'pool', 'show'], ['sb', 'pool', 'show', h, 'pool', '3'], ['sb', 'pool', 'show', h, 'sb', '1', 'pool', '3'],
      ['sb', 'pool', 'show', h, 'pool', '8'], ['s', 'p', 's', h, 'p', '1'], ['sb', 'po', 'sh'],
    ]);
    await portLevel([['sb', 'port', 'pool'], ['sb', 'port', 'pool', 'show'], ['sb', 'tc', 'bind'], ['sb', 'tc', 'bind', 'show'], ['sb', 'po', 'po', 'sh']]);
    // 6.15 lists a device's or port's objects here and refuses pool/tc/type; 6.1 gets one object.
    await only61([
      ['-n', 'sb', 'port', 'pool', 'show', p1, 'pool', '7'], ['-n', 'sb', 'port', 'pool', 'show', p0, 'sb', '1', 'pool', '2'],
      ['sb', 'port', 'pool', 'show', p0, 'pool', '9'], ['-n', 'sb', 'tc', 'bind', 'show', p0, 'tc', '7', 'type', 'egress'],
      ['-n', 'sb', 'tc', 'bind', 'show', p1, 'sb', '1', 'tc', '0', 'type', 'ingress'], ['sb', 'tc', 'bind', 'show', p0, 'tc', '8', 'type', 'ingress'],
    ]);
  });

  it('reports bad command lines as iproute2 does', async () => {
    await same([
      ['sb', 'help'], ['sb', 'bogus'], ['sb', 'show', 'objsim'], ['sb', 'show', h, 'pool', '1'], ['sb', 'show', h, 'sb'], ['sb', 'show', h, 'sb', 'x'],
      ['sb', 'pool', 'help'], ['sb', 'pool', 'bogus'], ['sb', 'pool', 'show', h, 'pool', '70000'],
      ['sb', 'pool', 'set', h, 'pool', '0', 'size', '1'], ['sb', 'pool', 'set', h, 'pool', '0', 'size', '1', 'thtype', 'warm'],
      ['sb', 'port'], ['sb', 'port', 'help'], ['sb', 'port', 'bogus'], ['sb', 'port', 'pool', 'bogus'],
      ['sb', 'port', 'pool', 'set', p0, 'pool', '0'], ['sb', 'port', 'pool', 'set', p0, 'th', '1'],
      ['sb', 'tc'], ['sb', 'tc', 'help'], ['sb', 'tc', 'bogus'], ['sb', 'tc', 'bind', 'bogus'],
      ['sb', 'tc', 'bind', 'set', p0, 'tc', '1', 'type', 'ingress', 'pool', '0'], ['sb', 'tc', 'bind', 'set', p0, 'tc', '1', 'type', 'ingress', 'th', '3'],
      ['sb', 'occupancy'], ['sb', 'occupancy', 'help'], ['sb', 'occupancy', 'bogus'], ['sb', 'occupancy', 'show'],
      ['sb', 'occupancy', 'show', 'a/b/c/d'], ['sb', 'occupancy', 'snapshot'], ['sb', 'occupancy', 'snapshot', h, 'pool', '1'],
      ['sb', 'occupancy', 'clearmax', h, 'sb', 'x'], ['sb', 'occupancy', 'show', h, 'tc', '1'],
    ]);
    // 6.15 names every missing option, lists objects for a device handle, and asks rtnetlink for a
    // netdev name first; devlink-ts follows 6.1.
    await only61([
      ['sb', 'pool', 'show', h], ['sb', 'pool', 'set', h], ['sb', 'pool', 'set', h, 'pool', '0'], ['sb', 'pool', 'set', h, 'size', '1', 'thtype', 'static'],
      ['sb', 'port', 'pool', 'show', h, 'pool', '0'], ['sb', 'port', 'pool', 'show', `${h}/x`, 'pool', '0'], ['sb', 'port', 'pool', 'show', 'nosuchdev', 'pool', '0'],
      ['sb', 'tc', 'bind', 'show', p0, 'tc', '1'], ['sb', 'tc', 'bind', 'show', p0, 'tc', '1', 'type', 'sideways'],
    ]);
  });

  it('sets pools, port pool thresholds and tc bindings; shows the state after each', async () => {
    await setBoth(['sb', 'pool', 'set', h, 'pool', '1', 'size', '2000000', 'thtype', 'static']);
    await same([['sb', 'pool', 'show', h, 'pool', '1'], ['sb', 'pool', 'show']]);
    await portLevel([['sb', 'port', 'pool', 'show'], ['sb', 'tc', 'bind', 'show']]);
    await setOurs(['sb', 'pool', 'set', h, 'sb', '1', 'pool', '2', 'size', '1000000', 'thtype', 'dynamic'], ['sb', 'pool', 'show', h, 'sb', '1', 'pool', '2'], 'size 1000000');
    await only61([['sb', 'pool', 'show', h, 'sb', '1', 'pool', '2']]);

    await setBoth(['sb', 'port', 'pool', 'set', p1, 'pool', '0', 'th', '3']);
    await only61([['-n', 'sb', 'port', 'pool', 'show', p1, 'pool', '0']]);
    await portLevel([['sb', 'port', 'pool', 'show']]);
    await setOurs(['sb', 'port', 'pool', 'set', p0, 'pool', '1', 'th', '1500000'], ['-n', 'sb', 'port', 'pool', 'show', p0, 'pool', '1'], 'threshold 1500000');
    await only61([['-n', 'sb', 'port', 'pool', 'show', p0, 'pool', '1']]);
    await portLevel([['sb', 'port', 'pool', 'show']]);

    await setBoth(['sb', 'tc', 'bind', 'set', p0, 'tc', '3', 'type', 'egress', 'pool', '5', 'th', '7']);
    await only61([['-n', 'sb', 'tc', 'bind', 'show', p0, 'tc', '3', 'type', 'egress']]);
    await portLevel([['sb', 'tc', 'bind', 'show']]);
    await setOurs(['sb', 'tc', 'bind', 'set', p1, 'sb', '1', 'tc', '2', 'type', 'ingress', 'pool', '1', 'th', '12'],
      ['-n', 'sb', 'tc', 'bind', 'show', p1, 'sb', '1', 'tc', '2', 'type', 'ingress'], 'pool 1 threshold 12');
    await only61([['-n', 'sb', 'tc', 'bind', 'show', p1, 'sb', '1', 'tc', '2', 'type', 'ingress']]);
    await portLevel([['sb', 'tc', 'bind', 'show']]);
  });

  it('prints the driver refusals (extack) as iproute2 does', async () => {
    await same([
      ['sb', 'pool', 'set', h, 'pool', '0', 'size', '12000001', 'thtype', 'dynamic'],
      ['sb', 'pool', 'set', h, 'pool', '7', 'size', '96000', 'thtype', 'dynamic'],
      ['sb', 'pool', 'set', h, 'pool', '7', 'size', '1', 'thtype', 'static'],
      ['sb', 'pool', 'set', h, 'sb', '5', 'pool', '0', 'size', '1', 'thtype', 'static'],
      ['sb', 'port', 'pool', 'set', p0, 'pool', '0', 'th', '15'],
      ['sb', 'port', 'pool', 'set', p0, 'pool', '7', 'th', '12000001'],
      ['sb', 'port', 'pool', 'set', `${h}/9`, 'pool', '0', 'th', '1'],
      ['sb', 'tc', 'bind', 'set', p0, 'tc', '1', 'type', 'ingress', 'pool', '4', 'th', '3'],
      ['sb', 'tc', 'bind', 'set', p0, 'tc', '1', 'type', 'egress', 'pool', '7', 'th', '3'],
      ['sb', 'tc', 'bind', 'set', p0, 'tc', '9', 'type', 'egress', 'pool', '4', 'th', '3'],
    ], [undefined, newer], [[]], false);
  });

  it('shows occupancy: zero, after a snapshot, after clearmax', async () => {
    const show = [['sb', 'occupancy', 'show', h], ['sb', 'occupancy', 'show', p1], ['sb', 'occupancy', 'show', h, 'sb', '1'], ['sb', 'occupancy', 'list', p0, 'sb', '1']];
    await same(show);
    await setBoth(['sb', 'occupancy', 'snapshot', h]);
    await same(show);
    expect(runIproute2(['sb', 'occupancy', 'show', p0]).stdout).toContain('9600/19200');
    await setOurs(['sb', 'occupancy', 'snapshot', h, 'sb', '1'], ['sb', 'occupancy', 'show', p1, 'sb', '1'], '20160/40320');
    await same(show);
    await setBoth(['sb', 'occupancy', 'clearmax', h]);
    await same(show);
    await setOurs(['sb', 'occupancy', 'clearmax', h, 'sb', '1'], ['sb', 'occupancy', 'show', p1, 'sb', '1'], '20160/0');
    await same([...show, ['sb', 'occupancy', 'snapshot', h, 'sb', '3'], ['sb', 'occupancy', 'clearmax', 'objsim/nope']]);
  });
});
