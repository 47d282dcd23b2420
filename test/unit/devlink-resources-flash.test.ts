import { afterEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { FlashProgress } from '../../src/devlink/ops/flash.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { FakeDevlink } from '../support/fake-devlink.js';

const DEV = 'netdevsim/netdevsim10';
let fake: FakeDevlink;
let dl: Devlink;

afterEach(() => {
  dl?.close();
  fake?.dispose();
});

async function setup(): Promise<void> {
  fake = new FakeDevlink(new FakeKernel());
  fake.addDevice(DEV, {
    resources: [
      { name: 'IPv4', id: 1n, size: 1024n, min: 0n, max: 2048n, gran: 1n, children: [{ name: 'fib', id: 2n, size: 512n, min: 0n, max: 1024n, gran: 8n, occ: 3n, children: [] }] },
      { name: 'IPv6', id: 3n, size: 1024n, min: 0n, max: 2048n, gran: 1n, children: [] },
    ],
    selftests: { flash: 'pass' },
    flash: { files: ['fw.bin'], overwriteMask: true },
  });
  fake.addDevice('netdevsim/netdevsim11');
  dl = await Devlink.open({ transport: fake.openTransport(), timeoutMs: 2000 });
}

describe('resources', () => {
  it('reads the tree over several reply messages and sets a size by path', async () => {
    await setup();
    const { resources } = await dl.getResources(DEV);
    expect(resources.map((r) => r.path)).toEqual(['/IPv4', '/IPv6']);
    expect(resources[0]!.children[0]).toMatchObject({ path: '/IPv4/fib', id: 2n, size: 512n, occupancy: 3n, sizeGranularity: 8n, unit: 'entry' });
    expect(resources[0]!.sizeValid).toBe(true);
    await dl.setResourceSize(DEV, '/IPv4/fib', 640n);
    expect((await dl.getResources(DEV)).resources[0]!.children[0]!.sizeNew).toBe(640n);
    const gran = (await dl.setResourceSize(DEV, 2n, 641).catch((e: unknown) => e)) as NetlinkKernelError;
    expect(gran.message).toBe('Wrong granularity');
    await expect(dl.setResourceSize(DEV, '/IPv4/nope', 1)).rejects.toThrow('no resource "/IPv4/nope" on netdevsim/netdevsim10');
    expect(((await dl.getResources('netdevsim/netdevsim11').catch((e: unknown) => e)) as NetlinkKernelError).code).toBe('EOPNOTSUPP');
  });
});

describe('selftests', () => {
  it('lists and runs, decoding the result nest', async () => {
    await setup();
    expect(await dl.listSelftests(DEV)).toEqual(['flash']);
    expect(await dl.runSelftests(DEV)).toEqual([{ id: 'flash', status: 'pass' }]);
    await expect(dl.runSelftests(DEV, ['memory'])).rejects.toThrow('unknown selftest "memory"');
  });
});

describe('flash', () => {
  it('reports every progress notification of the device before resolving', async () => {
    await setup();
    const progress: FlashProgress[] = [];
    await dl.flash(DEV, { file: 'fw.bin', component: 'fw.mgmt', overwrite: ['settings'], onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => [p.stage, p.message, p.done, p.total, p.timeout])).toEqual([
      ['begin', undefined, undefined, undefined, undefined],
      ['status', 'Preparing to flash', 0n, 0n, 0n],
      ['status', 'Flashing', 500n, 1000n, 0n],
      ['status', 'Flashing', 1000n, 1000n, 0n],
      ['status', 'Flash select', 0n, 0n, 5n],
      ['end', undefined, undefined, undefined, undefined],
    ]);
    expect(progress[1]!.component).toBe('fw.mgmt');
    const missing = (await dl.flash(DEV, { file: 'nope.bin' }).catch((e: unknown) => e)) as NetlinkKernelError;
    expect([missing.code, missing.message, missing.extack?.attributePath]).toEqual(['ENOENT', 'failed to locate the requested firmware file', 'flash-update-file-name']);
    await expect(dl.flash(DEV, { file: 'fw.bin', overwrite: ['everything' as never] })).rejects.toThrow('invalid overwrite "everything": expected one of settings, identifiers');
  });
});
