import { afterEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkEvent } from '../../src/devlink/ops/events.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { FakeDevlink } from '../support/fake-devlink.js';

const DEV = 'netdevsim/netdevsim10';
/** The device as every decoded object carries it. */
const OWNER = { busName: 'netdevsim', deviceName: 'netdevsim10', handle: DEV };
const CONTENTS = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
let fake: FakeDevlink;
let dl: Devlink;

afterEach(() => {
  dl?.close();
  fake?.dispose();
});

async function setup(): Promise<void> {
  fake = new FakeDevlink(new FakeKernel());
  fake.addDevice(DEV, {
    regions: [
      { name: 'dummy', maxSnapshots: 2, data: CONTENTS, direct: true, snapshot: true, snapshots: new Map() },
      { name: 'fw', maxSnapshots: 1, data: new Uint8Array(16), direct: false, snapshot: false, snapshots: new Map([[42, new Uint8Array(16).fill(7)]]) },
    ],
  });
  dl = await Devlink.open({ transport: fake.openTransport(), timeoutMs: 2000 });
}

describe('regions', () => {
  it('lists, snapshots with kernel-chosen and given ids, reads whole and ranges over several messages, deletes', async () => {
    await setup();
    const events = dl.events();
    expect((await dl.listRegions(DEV)).map(({ attributes, ...r }) => r)).toEqual([
      { ...OWNER, name: 'dummy', size: 1000n, maxSnapshots: 2, snapshots: [] },
      { ...OWNER, name: 'fw', size: 16n, maxSnapshots: 1, snapshots: [42] },
    ]);
    const chosen = await dl.newRegionSnapshot(DEV, 'dummy');
    expect(chosen).toBe(1);
    expect(await dl.newRegionSnapshot(DEV, 'dummy', { snapshotId: 9 })).toBe(9);
    expect((await dl.getRegion(DEV, 'dummy')).snapshots).toEqual([1, 9]);
    const full = await dl.readRegion(DEV, 'dummy', { snapshotId: 1 });
    expect(full.chunks.map((c) => [c.address, c.data.length])).toEqual([[0n, 256], [256n, 256], [512n, 256], [768n, 232]]);
    expect(full.data).toEqual(CONTENTS);
    const part = await dl.readRegion(DEV, 'dummy', { direct: true }, { address: 300, length: 20n });
    expect([part.address, part.data]).toEqual([300n, CONTENTS.slice(300, 320)]);
    const full2 = (await dl.newRegionSnapshot(DEV, 'dummy').catch((e: unknown) => e)) as NetlinkKernelError;
    expect([full2.code, full2.message]).toEqual(['ENOSPC', 'The region has reached the maximum number of stored snapshots']);
    await dl.deleteRegionSnapshot(DEV, 'dummy', 9);
    const seen: DevlinkEvent[] = [];
    for (let i = 0; i < 3; i++) seen.push((await events.next()).value as DevlinkEvent);
    events.close();
    expect(seen.map((e) => (e.kind === 'region' ? [e.action, e.region, e.snapshotId] : e.kind))).toEqual([['new', 'dummy', 1], ['new', 'dummy', 9], ['del', 'dummy', 9]]);
  });

  it('reports the kernel refusals and checks input', async () => {
    await setup();
    const noDirect = (await dl.readRegion(DEV, 'fw', { direct: true }).catch((e: unknown) => e)) as NetlinkKernelError;
    expect(noDirect.message).toBe('Requested region does not support direct read');
    const noSnap = (await dl.readRegion(DEV, 'fw', { snapshotId: 3 }).catch((e: unknown) => e)) as NetlinkKernelError;
    expect([noSnap.message, noSnap.extack?.attributePath]).toEqual(['Requested snapshot does not exist', 'region-snapshot-id']);
    const noImmediate = (await dl.newRegionSnapshot(DEV, 'fw').catch((e: unknown) => e)) as NetlinkKernelError;
    expect(noImmediate.code).toBe('EOPNOTSUPP');
    await expect(dl.readRegion(DEV, 'dummy', { snapshotId: 1 }, { address: 5 })).rejects.toThrow('give both address and length, or neither (the whole region)');
    await expect(dl.readRegion(DEV, 'dummy', { snapshotId: -1 })).rejects.toThrow('invalid snapshotId -1: must be an integer 0..4294967295');
  });
});
