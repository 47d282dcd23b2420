import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differencesPerBinary, noDifferences, OUTPUT_VARIANTS, withVariants } from './support/cli-compare.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { createObjsim, type ObjsimDevice } from './support/objsim.js';
import { newerIproute2Devlink } from './support/sfsim.js';

// `dev selftests show|run` on objsim (which offers the flash selftest) and netdevsim (which has
// none): devlink-ts and iproute2 6.1 and 6.15 must print the same bytes in text, -j and -jp.

describe('CLI differential: dev selftests vs iproute2 6.1 and 6.15', () => {
  let objsim: ObjsimDevice;
  let nsim: NetdevsimDevice;
  let newer: string;
  let compared = 0;

  beforeAll(() => {
    newer = newerIproute2Devlink();
    objsim = createObjsim();
    nsim = createNetdevsim(1);
  });
  afterAll(() => {
    objsim?.remove();
    nsim?.remove();
    console.log(`compared ${compared} command lines x ${OUTPUT_VARIANTS.length} output modes x 2 iproute2 versions`);
  });

  /** Shows, bad command lines and selftest runs change no state (objsim's result comes from debugfs): iproute2's runs overlap. */
  async function same(lines: readonly (readonly string[])[]): Promise<void> {
    compared += lines.length;
    const binaries = [undefined, newer];
    expect(await differencesPerBinary(withVariants(lines), binaries, { readOnly: true })).toEqual(noDifferences(binaries));
  }

  it('shows the offered selftests and reports bad command lines alike', async () => {
    const o = objsim.handle;
    await same([
      ['dev', 'selftests'], ['dev', 'selftests', 'show'], ['dev', 'selftests', 'list'], ['dev', 'selftests', 'show', o],
      ['dev', 'selftests', 'show', nsim.handle], ['dev', 'selftests', 'show', o, 'extra'], ['dev', 'selftests', 'show', 'bad'],
      ['dev', 'selftests', 'run'], ['dev', 'selftests', 'run', o, 'id', 'bogus'], ['dev', 'selftests', 'run', o, 'bogus'],
      ['dev', 'selftests', 'run', nsim.handle], ['dev', 'selftests', 'bogus'],
    ]);
    // `dev selftests help` prints devlink-ts's `dev help` (with its additions), by design not compared.
  });

  it('runs the flash selftest with each result', async () => {
    const o = objsim.handle;
    for (const result of ['pass', 'fail', 'skip'] as const) {
      objsim.setSelftestFlashResult(result);
      await same([['dev', 'selftests', 'run', o], ['dev', 'selftests', 'run', o, 'id', 'flash'], ['d', 'selft', 'r', o, 'i']]);
    }
  }, 120_000);
});
