import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differencesPerBinary, noDifferences, OUTPUT_VARIANTS, withVariants, type CliRun } from './support/cli-compare.js';
import { captureMonitors, captureMonitorsOfEach, quietly } from './support/monitor-compare.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { createObjsim, type ObjsimDevice } from './support/objsim.js';
import { newerIproute2Devlink } from './support/sfsim.js';

// Per-port objects: `port param` (netdevsim; the 6.12 kernel refuses port params), `port health`
// and `health` on objsim's per-port reporter port_fw, `region` with objsim's per-port region
// port_cfg (which iproute2 lists but cannot address), and flash events in `monitor`.
// devlink-ts and iproute2 6.1 and 6.15 must print the same bytes in text, -j and -jp.

/** Masks the dump time stamps (`last_dump_date/time`), which both tools print from the same stamp. */
function masked(run: CliRun): CliRun {
  const mask = (text: string) => text.replace(/(last_dump_(?:date|time)"?:? ?"?)[0-9:-]+/g, '$1T');
  return { status: run.status, stdout: mask(run.stdout), stderr: mask(run.stderr) };
}

describe('CLI differential: port param, port health, port regions, flash events vs iproute2 6.1 and 6.15', () => {
  let objsim: ObjsimDevice;
  let nsim: NetdevsimDevice;
  let newer: string;
  let compared = 0;

  beforeAll(() => {
    newer = newerIproute2Devlink();
    objsim = createObjsim();
    nsim = createNetdevsim(2);
  });
  afterAll(() => {
    objsim?.remove();
    nsim?.remove();
    console.log(`compared ${compared} command lines x ${OUTPUT_VARIANTS.length} output modes x 2 iproute2 versions`);
  });

  /**
   * Compares each line with each binary. `readOnly`: the lines change no state (shows, bad command
   * lines, port param sets the 6.12 kernel always refuses), so iproute2's runs overlap; health
   * dumps (created on first read) and region lines stay sequential.
   */
  async function same(lines: readonly (readonly string[])[], binaries: readonly (string | undefined)[] = [undefined, newer], readOnly = false): Promise<void> {
    compared += lines.length;
    expect(await differencesPerBinary(withVariants(lines), binaries, { mask: masked, readOnly })).toEqual(noDifferences(binaries));
  }

  it('port param: the same requests and the kernel refusal printed alike', async () => {
    const p = `${nsim.handle}/0`;
    await same([
      ['port', 'param'], ['port', 'param', 'show'], ['port', 'param', 'list'], ['port', 'param', 'show', p, 'name', 'x'],
      ['port', 'param', 'show', `${nsim.handle}/9`, 'name', 'x'],
      ['port', 'param', 'set', p, 'name', 'x', 'value', '1', 'cmode', 'runtime'],
      ['port', 'param', 'set', p, 'name', 'x', 'value', '1'], ['port', 'param', 'set', p, 'name', 'x', 'value', '1', 'cmode', 'bogus'],
      ['port', 'param', 'bogus'],
    ], [undefined, newer], true);
    // iproute2 6.15 names every missing option and then an unknown word; 6.1 (and devlink-ts)
    // stops at the first unknown word or names the first missing option.
    // 6.15 also tries a dump with a selector for `show DEV[/PORT]` without a name, which 6.12
    // refuses ("Dump selectors are not supported by kernel for this command").
    await same([
      ['port', 'param', 'set', p, 'name', 'x'], ['port', 'param', 'set', p, 'bogus'],
      ['port', 'param', 'show', p], ['port', 'param', 'show', nsim.handle],
    ], [undefined], true);
    // (`port param help` prints devlink-ts's `port help`, which has its additions: not compared.)
  });

  it('port health and health with per-port reporters', async () => {
    const o = objsim.handle;
    const p0 = objsim.port(0);
    await same([
      ['port', 'health'], ['port', 'health', 'show'], ['port', 'health', 'list'], ['port', 'health', 'show', p0, 'reporter', 'port_fw'],
      ['port', 'health', 'list', p0, 'reporter', 'port_fw'], ['port', 'health', 'diagnose', p0, 'reporter', 'port_fw'],
      ['port', 'health', 'dump', 'show', p0, 'reporter', 'port_fw'], ['port', 'health', 'help'], ['port', 'health', 'bogus'],
      ['health'], ['health', 'show', p0, 'reporter', 'port_fw'], ['health', 'show', o, 'reporter', 'port_fw'],
      ['health', 'diagnose', objsim.port(1), 'reporter', 'port_fw'], ['health', 'dump', 'show', objsim.port(1), 'reporter', 'port_fw'],
      ['health', 'show', `${o}/7`, 'reporter', 'port_fw'],
    ]);
    await same([['health', 'dump', 'clear', p0, 'reporter', 'port_fw'], ['health', 'show', p0, 'reporter', 'port_fw']]);
  });

  it('regions: port regions listed, handles and snapshots as iproute2 reads them', async () => {
    const o = objsim.handle;
    await same([
      ['region'], ['region', 'show'], ['region', 'show', `${o}/port_cfg`], ['region', 'show', `${o}/0/port_cfg`],
      ['region', 'new', `${o}/port_cfg`], ['region', 'new', `${o}/0/port_cfg`, 'snapshot', '1'],
      ['region', 'del', `${o}/port_cfg`, 'snapshot', '1'], ['region', 'dump', `${o}/port_cfg`, 'snapshot', '1'],
      ['region', 'read', `${o}/port_cfg`, 'snapshot', '1', 'address', '0', 'length', '16'],
      ['region', 'dump', `${o}/0/port_cfg`, 'snapshot', '1'],
    ]);
  });

  it('prints flash events as iproute2 monitor does', async () => {
    mkdirSync('/lib/firmware', { recursive: true });
    writeFileSync('/lib/firmware/devlink-ts-lc.bin', Buffer.alloc(64));
    // One flash watched by iproute2 6.1's and 6.15's monitors and ours; ours compared with each.
    const captures = await captureMonitorsOfEach([], async () => {
      expect(await quietly(['dev', 'flash', nsim.handle, 'file', 'devlink-ts-lc.bin', 'component', 'fw.mgmt'])).toBe(0);
    }, [undefined, newer]);
    for (const capture of captures) {
      // netdevsim reports 500 "Flashing" steps 10 ms apart; iproute2's monitor may fall behind under
      // TCG, lose notifications (ENOBUFS) and stop: then what it printed must start ours.
      console.log(JSON.stringify({ ...capture, reference: capture.reference.slice(0, 2000), ours: capture.ours.slice(-2000) }));
      expect(capture.reference).toContain('[flash,status]');
      expect(capture.oursErr).toBe('');
      if (capture.referenceErr.includes('No buffer space available')) {
        expect(capture.reference.split('\n').length).toBeGreaterThan(10);
        expect(capture.ours.startsWith(capture.reference)).toBe(true);
        expect(capture.ours).toContain('msg Flashing done component fw.mgmt done 0 total 0\n[flash,end]');
      } else {
        expect({ out: capture.ours, err: capture.oursErr }).toEqual({ out: capture.reference, err: capture.referenceErr });
      }
    }
    // Without progress messages: begin and end only, compared exactly.
    nsim.writeDebugfs('fw_update_status', 'N');
    const quiet = await captureMonitors(['all'], async () => {
      expect(await quietly(['dev', 'flash', nsim.handle, 'file', 'devlink-ts-lc.bin'])).toBe(0);
    });
    expect(quiet.reference).toBe(`[flash,begin] ${nsim.handle}:\n[flash,end] ${nsim.handle}:\n`);
    expect({ out: quiet.ours, err: quiet.oursErr }).toEqual({ out: quiet.reference, err: quiet.referenceErr });
  }, 120_000);
});
