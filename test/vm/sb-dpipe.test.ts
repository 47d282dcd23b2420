import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { createObjsim, type ObjsimDevice } from './support/objsim.js';

// The library's shared-buffer and dpipe ops on the kernel's devlink with objsim (values from
// test/kmod/objsim/README.md): typed results, sets, occupancy after snapshot and clearmax, the
// driver's refusals, dpipe tables with u64 values as bigint, entries and counters.

describe('library: shared buffers and dpipe on objsim', () => {
  let dev: ObjsimDevice;
  let dl: Devlink;
  let h: string;

  beforeAll(async () => {
    dev = createObjsim();
    h = dev.handle;
    dl = await Devlink.open();
  });
  afterAll(() => {
    dl?.close();
    dev?.remove();
  });

  it('reads shared buffers and pools', async () => {
    expect((await dl.listSharedBuffers(h)).map((sb) => [sb.index, sb.size, sb.ingressPools, sb.egressPools, sb.ingressTcs, sb.egressTcs])).toEqual([
      [0, 12000000, 4, 4, 8, 8], [1, 3000000, 2, 2, 8, 8],
    ]);
    expect(await dl.getSharedBuffer(h, 1)).toMatchObject({ handle: h, index: 1, size: 3000000 });
    const pools = await dl.listSbPools(h, { sbIndex: 0 });
    expect(pools.map((p) => [p.pool, p.type, p.size, p.thresholdType, p.cellSize])).toEqual([
      [0, 'ingress', 6000000, 'dynamic', 96], [1, 'ingress', 3000000, 'dynamic', 96], [2, 'ingress', 960000, 'dynamic', 96],
      [3, 'ingress', 0, 'dynamic', 96], [4, 'egress', 6000000, 'dynamic', 96], [5, 'egress', 3000000, 'dynamic', 96],
      [6, 'egress', 960000, 'dynamic', 96], [7, 'egress', 96000, 'static', 96],
    ]);
  });

  it('sets a pool, a port threshold and a binding, and reads them back', async () => {
    await dl.setSbPool(h, 1, 3, { size: 500000, thresholdType: 'static' });
    expect(await dl.getSbPool(h, 1, 3)).toMatchObject({ type: 'egress', size: 500000, thresholdType: 'static' });
    // Changing the threshold type reset the thresholds on that pool to the pool size.
    expect((await dl.getSbPortPool(dev.port(0), 1, 3)).threshold).toBe(500000);
    await dl.setSbPortPool(dev.port(1), 0, 2, 4);
    expect(await dl.getSbPortPool(dev.port(1), 0, 2)).toMatchObject({ port: 1, sbIndex: 0, pool: 2, threshold: 4 });
    await dl.setSbTcBinding(dev.port(0), 0, 6, 'egress', { pool: 6, threshold: 9 });
    expect(await dl.getSbTcBinding(dev.port(0), 0, 6, 'egress')).toMatchObject({ tc: 6, type: 'egress', pool: 6, threshold: 9 });
    expect((await dl.listSbTcBindings(dev.port(0), { sbIndex: 0 })).length).toBe(16);
  });

  it('refuses what objsim refuses, with its message', async () => {
    await expect(dl.setSbPool(h, 0, 7, { size: 96000, thresholdType: 'dynamic' })).rejects.toMatchObject({
      errno: 22, extack: { message: 'objsim: Pool 7 is reserved, its threshold type cannot change' },
    });
    await expect(dl.setSbPortPool(dev.port(0), 0, 0, 15)).rejects.toMatchObject({ extack: { message: 'objsim: Dynamic threshold 15 out of range 1-14' } });
    await expect(dl.setSbTcBinding(dev.port(0), 0, 1, 'ingress', { pool: 4, threshold: 3 })).rejects.toMatchObject({
      extack: { message: 'objsim: Cannot bind ingress TC 1 to egress pool 4' },
    });
  });

  it('reports occupancy after a snapshot, max zeroed by clearmax', async () => {
    expect((await dl.getSbPortPool(dev.port(0), 0, 0)).occupancy).toEqual({ current: 0, max: 0 });
    await dl.snapshotSbOccupancy(h, 0);
    expect((await dl.getSbPortPool(dev.port(0), 0, 0)).occupancy).toEqual({ current: 9600, max: 19200 });
    const binds = await dl.listSbTcBindings(dev.port(1), { sbIndex: 0 });
    expect(binds.find((b) => b.type === 'egress' && b.tc === 0)?.occupancy).toEqual({ current: 201600, max: 403200 });
    await dl.clearSbOccupancyMax(h, 0);
    expect((await dl.listSbPortPools(dev.port(0), { sbIndex: 0 }))[0]?.occupancy).toEqual({ current: 9600, max: 0 });
  });

  it('reads dpipe headers, the table (u64 as bigint) and its entries; counters follow the switch', async () => {
    const { headers } = await dl.getDpipeHeaders(h);
    expect(headers.map((x) => [x.name, x.global, x.fields.map((f) => [f.name, f.bitwidth])])).toEqual([
      ['ethernet', true, [['destination mac', 48]]], ['ipv4', true, [['destination ip', 32]]],
    ]);
    const resources = await dl.getResources(h);
    const [table] = await dl.getDpipeTables(h);
    expect(table).toMatchObject({ name: 'objsim_host4', countersEnabled: false, resourceUnits: 1n, resourceId: resources.resources[0]?.id });
    expect(typeof table?.size).toBe('bigint');
    let entries = await dl.getDpipeEntries(h, 'objsim_host4');
    expect(entries.map((e) => [e.index, e.counter])).toEqual([[0n, undefined], [1n, undefined], [2n, undefined]]);
    expect(Array.from(entries[2]!.actionValues[0]!.value)).toEqual([0x02, 0, 0, 0, 0x01, 0x01]);
    expect(entries[2]!.matchValues[0]!.ref).toMatchObject({ type: 'field_exact', headerId: 1, global: true, fieldId: 0 });
    await dl.setDpipeTableCounters(h, 'objsim_host4', true);
    entries = await dl.getDpipeEntries(h, 'objsim_host4');
    expect(entries.every((e) => typeof e.counter === 'bigint')).toBe(true);
    await dl.setDpipeTableCounters(h, 'objsim_host4', false);
    expect((await dl.getDpipeTables(h, 'objsim_host4'))[0]?.countersEnabled).toBe(false);
  });
});
