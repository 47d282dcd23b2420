import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { differencesPerBinary, noDifferences, OUTPUT_VARIANTS, runIproute2, runOurs, withVariants } from './support/cli-compare.js';
import { captureMonitors, captureMonitorsOfEach, quietly } from './support/monitor-compare.js';
import { createObjsim, type ObjsimDevice } from './support/objsim.js';
import { newerIproute2Devlink } from './support/sfsim.js';

// `lc` (line cards) on objsim: devlink-ts (in-process main() on the kernel socket) and iproute2
// 6.1 and 6.15 on the same state must print the same bytes (stdout, stderr, status) in text, -j
// and -jp; set commands change equivalent slots (iproute2 one, devlink-ts the next) and must
// print the same; `monitor lc` must print the same lines.

describe('CLI differential: lc vs iproute2 6.1 and 6.15 on objsim', () => {
  let dev: ObjsimDevice;
  let h: string;
  let newer: string;
  let dl: Devlink;
  let compared = 0;

  beforeAll(async () => {
    newer = newerIproute2Devlink();
    dev = createObjsim();
    h = dev.handle;
    dl = await Devlink.open();
  });
  afterAll(() => {
    dl?.close();
    dev?.remove();
    console.log(`compared ${compared} command lines x ${OUTPUT_VARIANTS.length} output modes x 2 iproute2 versions`);
  });

  /** Every group compared here only reads state (shows, bad command lines, refusals that change nothing): iproute2's runs overlap. */
  async function same(lines: readonly (readonly string[])[], binaries: readonly (string | undefined)[] = [undefined, newer]): Promise<void> {
    compared += lines.length;
    expect(await differencesPerBinary(withVariants(lines), binaries, { readOnly: true })).toEqual(noDifferences(binaries));
  }

  /** iproute2 changes slot `a`, devlink-ts the equivalent slot `b`: same output. */
  async function sameChange(words: (slot: number) => string[], a: number, b: number): Promise<void> {
    const theirs = runIproute2(words(a));
    const ours = await runOurs(words(b));
    expect({ line: words(b).join(' '), ours }).toEqual({ line: words(b).join(' '), ours: theirs });
  }

  it('shows unprovisioned slots and reports bad command lines and refusals alike', async () => {
    await same([
      ['lc'], ['lc', 'show'], ['lc', 'list'], ['lc', 'show', h, 'lc', '1'], ['lc', 'show', h, 'lc', '9'],
      ['lc', 'show', h, 'lc'], ['lc', 'show', h, 'lc', 'x'], ['lc', 'show', h, 'bogus'], ['lc', 'show', 'bad'],
      ['lc', 'set', h, 'lc', '1'], ['lc', 'set', h, 'lc', '1', 'type'], ['lc', 'set', h, 'type', '16x100G'],
      ['lc', 'set', h, 'lc', '1', 'type', 'bogus'], ['lc', 'set', h, 'lc', '1', 'notype'], ['lc', 'set', h, 'lc', '9', 'type', '16x100G'],
      ['lc', 'bogus'], ['lc', 'help'], ['l', 's', h, 'l', '2'],
    ]);
    // iproute2 6.15 names every missing option and then an unknown word; 6.1 (and devlink-ts) only
    // the first missing option, or the unknown word as soon as it reads it.
    await same([['lc', 'set', h], ['lc', 'set', h, 'lc', '1', 'bogus'], ['lc', 'set', h, 'bogus', 'lc', '1']], [undefined]);
    // iproute2 6.1 asks for a slot without an index (EINVAL); 6.15 lists the device's slots, as devlink-ts does.
    await same([['lc', 'show', h]], [newer]);
  });

  it('shows a slot while it provisions, and the refusals of a busy slot', async () => {
    // Long enough for the comparisons (~2 s under TCG); checked below, so a slower run fails
    // instead of comparing a provisioned slot.
    dev.setProvisionDelay(10_000);
    expect(await quietly(['lc', 'set', h, 'lc', '1', 'type', '16x100G'])).toBe(0);
    await same([
      ['lc', 'show', h, 'lc', '1'], ['lc', 'set', h, 'lc', '1', 'type', '8x200G'], ['lc', 'set', h, 'lc', '1', 'notype'],
    ]);
    expect(runIproute2(['lc', 'show', h, 'lc', '1']).stdout).toMatch(/state provisioning\b/);
    dev.setProvisionDelay(100);
    const card = await dl.waitForLinecardState(h, 1, 'provisioned', { timeoutMs: 60_000 });
    expect(card.type).toBe('16x100G');
  }, 180_000);

  it('shows provisioned, active and failed slots; set type/notype print alike', async () => {
    await sameChange((slot) => ['lc', 'set', h, 'lc', String(slot), 'type', '8x200G'], 2, 3);
    dev.setLinecardFailProvision(4, true);
    expect(await quietly(['lc', 'set', h, 'lc', '4', 'type', '8x200G'])).toBe(0);
    await dl.waitForLinecardState(h, 2, 'provisioned', { timeoutMs: 10_000 });
    await dl.waitForLinecardState(h, 3, 'provisioned', { timeoutMs: 10_000 });
    await expect(dl.waitForLinecardState(h, 4, 'provisioned', { timeoutMs: 10_000 })).rejects.toThrow('provisioning failed (type 8x200G)');
    dev.setLinecardActive(1, true);
    await dl.waitForLinecardState(h, 1, 'active', { timeoutMs: 10_000 });
    await same([
      ['lc'], ['lc', 'show', h, 'lc', '1'], ['lc', 'show', h, 'lc', '4'],
      // Same type again: accepted with the kernel's warning; another type: refused.
      ['lc', 'set', h, 'lc', '1', 'type', '16x100G'], ['lc', 'set', h, 'lc', '2', 'type', '16x100G'],
    ]);
    await same([['lc', 'show', h]], [newer]);
    await sameChange((slot) => ['lc', 'set', h, 'lc', String(slot), 'notype'], 2, 3);
    await sameChange((slot) => ['lc', 'set', h, 'lc', String(slot), 'notype'], 4, 1);
    await same([['lc']]);
    // devlink-ts's --wait: the outcome of provisioning, by notifications.
    expect(await runOurs(['lc', 'set', h, 'lc', '3', 'type', '16x100G', '--wait=10'])).toEqual({ status: 0, stdout: `${h} lc 3: state provisioned type 16x100G\n`, stderr: '' });
    dev.setLinecardFailProvision(2, true);
    expect(await runOurs(['lc', 'set', h, 'lc', '2', 'type', '8x200G', '--wait'])).toEqual({
      status: 1, stdout: '', stderr: `devlink-ts: line card ${h} lc 2: provisioning failed (type 8x200G)\n`,
    });
    expect(await runOurs(['lc', 'set', h, 'lc', '3', 'notype', '--wait'])).toEqual({ status: 0, stdout: `${h} lc 3: state unprovisioned\n`, stderr: '' });
  }, 180_000);

  it('prints line card events as iproute2 monitor does', async () => {
    const other = createObjsim();
    try {
      // The same changes watched by iproute2 6.1's and 6.15's monitors and ours; ours compared with each.
      const captures = await captureMonitorsOfEach(['lc'], async () => {
        expect(await quietly(['lc', 'set', other.handle, 'lc', '1', 'type', '16x100G'])).toBe(0);
        await dl.waitForLinecardState(other.handle, 1, 'provisioned', { timeoutMs: 10_000 });
        other.setLinecardActive(1, true);
        await dl.waitForLinecardState(other.handle, 1, 'active', { timeoutMs: 10_000 });
        other.setLinecardFailProvision(2, true);
        expect(await quietly(['lc', 'set', other.handle, 'lc', '2', 'type', '8x200G'])).toBe(0);
        await expect(dl.waitForLinecardState(other.handle, 2, 'active', { timeoutMs: 10_000 })).rejects.toThrow('provisioning failed');
        expect(await quietly(['lc', 'set', other.handle, 'lc', '1', 'notype'])).toBe(0);
        expect(await quietly(['lc', 'set', other.handle, 'lc', '2', 'notype'])).toBe(0);
      }, [undefined, newer]);
      for (const capture of captures) {
        console.log(JSON.stringify(capture));
        expect(capture.reference).toContain('[lc,new]');
        expect({ out: capture.ours, err: capture.oursErr }).toEqual({ out: capture.reference, err: capture.referenceErr });
      }
      // -j: one JSON object per event and line (a documented difference from iproute2's one {"mon":[...]}).
      const json = await captureMonitors(['lc'], async () => {
        expect(await quietly(['lc', 'set', other.handle, 'lc', '3', 'type', '8x200G'])).toBe(0);
        await dl.waitForLinecardState(other.handle, 3, 'provisioned', { timeoutMs: 10_000 });
      }, { global: ['-j'] });
      const events = json.ours.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(events.map((e) => e.command)).toEqual(['new', 'new']);
      expect(events[1]).toEqual({
        command: 'new',
        lc: { [other.handle]: [{ lc: 3, state: 'provisioned', type: '8x200G', supported_types: ['16x100G', '8x200G'] }] },
      });
    } finally {
      other.remove();
    }
  }, 240_000);
});
