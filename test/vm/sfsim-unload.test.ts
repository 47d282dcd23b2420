import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { createSfsim, loadedSfsimKo, netdevNames, sfsimLoaded } from './support/sfsim.js';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function busybox(args: string[]): void {
  const r = spawnSync('busybox', args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`busybox ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
}

// Runs after the other sfsim files (alphabetical order): the module must unload cleanly with
// devices, attached/stalled/external SFs, rate nodes, changed params, a health error and an SF
// instance in another network namespace still present, then load again. The
// suite's kernel-log guard fails this file on any WARN/BUG the teardown causes.
describe('sfsim: module unload with everything present', () => {
  let dl: Devlink;

  beforeAll(async () => {
    dl = await Devlink.open();
  });
  afterAll(() => dl.close());

  it('rmmod removes every device, port, SF instance and netdev; insmod brings the bus back', { timeout: 300_000 }, async () => {
    const ko = await loadedSfsimKo(projectDir);
    const netdevsBefore = netdevNames().length;
    const a = createSfsim({ vfs: 2, external: true });
    const b = createSfsim({ vfs: 1 });
    for (const dev of [a, b]) {
      dev.setDelays(0, 1000);
      await dl.setEswitch(dev.handle, { mode: 'switchdev' });
      await dl.addRateNode(`${dev.handle}/top`);
      await dl.addRateNode(`${dev.handle}/mid`, { parent: 'top', txMax: 125_000_000n });
      await dl.setRate(dev.port(1), { parent: 'mid' });
      for (let sfnum = 0; sfnum < 3; sfnum++) {
        const port = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum });
        await dl.setRate(port.handle, { parent: sfnum === 0 ? 'top' : 'mid', txShare: 125_000n });
        await dl.setPortFunction(port.handle, { hwAddr: `02:00:00:00:0${dev.id % 10}:0${sfnum}`, state: 'active' });
      }
      await dl.waitForFunctionOpstate(dev.sfPort(2), 'attached', { timeoutMs: 20_000 });
    }
    // one SF of a in the middle of detaching (1 s detach delay), one stalled, one external active
    await dl.setPortFunction(a.sfPort(1), { state: 'inactive' });
    a.setStallAttach(true);
    await dl.setPortFunction((await dl.addPort(a.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 9 })).handle, { state: 'active' });
    await dl.setPortFunction((await dl.addPort(a.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 9, controller: 1 })).handle, { state: 'active' });
    // a device with everything of a host's life pending: changed and pending params, a health
    // error left unrecovered, an SF instance moved into a network namespace with a pending param
    const host = createSfsim();
    host.setDelays(0, 0);
    await dl.setParam(host.handle, 'flow_steering_mode', { value: 'smfs', cmode: 'runtime' });
    await dl.setParam(host.handle, 'enable_roce', { value: false, cmode: 'driverinit' });
    await dl.setHealthReporter(host.handle, 'fw_fatal', { autoRecover: false });
    host.reportHealthError('left in error');
    await dl.setEswitch(host.handle, { mode: 'switchdev' });
    const sf = (await dl.addPort(host.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
    await dl.setPortFunction(sf, { state: 'active' });
    const instance = (await dl.waitForFunctionOpstate(sf, 'attached', { timeoutMs: 20_000 })).function?.devlink?.handle ?? '';
    await dl.setParam(instance, 'enable_eth', { value: false, cmode: 'driverinit' });
    const netns = spawnSync('ip', ['netns', 'add', 'sfsimunload'], { encoding: 'utf8' });
    expect(netns.status).toBe(0);
    await dl.reload(instance, { netns: { name: 'sfsimunload' } });
    expect((await dl.listDevices()).filter((d) => d.handle.startsWith('auxiliary/sfsim')).length).toBeGreaterThanOrEqual(5);

    busybox(['rmmod', 'sfsim']);
    expect(sfsimLoaded()).toBe(false);
    expect(spawnSync('ip', ['-n', 'sfsimunload', '-o', 'link'], { encoding: 'utf8' }).stdout.trim().split('\n')).toHaveLength(1); // lo
    spawnSync('ip', ['netns', 'del', 'sfsimunload']);
    expect(existsSync('/sys/kernel/debug/sfsim')).toBe(false);
    expect((await dl.listDevices()).filter((d) => d.handle.startsWith('sfsim/') || d.handle.startsWith('auxiliary/sfsim'))).toEqual([]);
    expect(netdevNames().length).toBe(netdevsBefore);

    busybox(['insmod', ko]);
    expect(sfsimLoaded()).toBe(true);
    const c = createSfsim();
    try {
      await dl.setEswitch(c.handle, { mode: 'switchdev' });
      expect((await dl.addPort(c.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).function?.opstate).toBe('detached');
    } finally {
      c.remove();
    }
  });
});
