import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { installSbDpipe } from '../support/fake-devlink-sb.js';

// The library's shared-buffer and dpipe ops against the fake devlink modelled on objsim.

let fake: FakeDevlink;
let client: Devlink;
const DEV = 'objsim/objsim1';

beforeEach(async () => {
  fake = new FakeDevlink();
  fake.addDevice(DEV, { eswitchMode: null });
  fake.addDevice('objsim/objsim2', { eswitchMode: null });
  const sb = installSbDpipe(fake);
  sb.add(DEV);
  sb.add('objsim/objsim2');
  client = await Devlink.open({ transport: fake.openTransport() });
});

afterEach(async () => {
  await client.close();
  fake.dispose();
});

describe('shared buffers', () => {
  it('lists and gets buffers and pools, filtered by device and sb', async () => {
    expect((await client.listSharedBuffers()).map((s) => `${s.handle}#${s.index}`)).toEqual(['objsim/objsim1#0', 'objsim/objsim1#1', 'objsim/objsim2#0', 'objsim/objsim2#1']);
    expect(await client.getSharedBuffer(DEV, 1)).toMatchObject({ handle: DEV, index: 1, size: 3000000, ingressPools: 2, egressPools: 2, ingressTcs: 8, egressTcs: 8 });
    const pools = await client.listSbPools(DEV, { sbIndex: 1 });
    expect(pools.map((p) => [p.pool, p.type, p.size, p.thresholdType, p.cellSize])).toEqual([
      [0, 'ingress', 1500000, 'dynamic', 96], [1, 'ingress', 960000, 'dynamic', 96], [2, 'egress', 1500000, 'dynamic', 96], [3, 'egress', 960000, 'dynamic', 96],
    ]);
    await client.setSbPool(DEV, 0, 2, { size: 100000, thresholdType: 'static' });
    expect(await client.getSbPool(DEV, 0, 2)).toMatchObject({ size: 100000, thresholdType: 'static' });
  });

  it('reads port pools and tc bindings of one port with occupancy after a snapshot; clearmax zeroes max', async () => {
    expect((await client.getSbPortPool(`${DEV}/1`, 0, 0)).occupancy).toEqual({ current: 0, max: 0 });
    await client.snapshotSbOccupancy(DEV, 0);
    const pools = await client.listSbPortPools(`${DEV}/1`, { sbIndex: 0 });
    expect(pools).toHaveLength(8);
    expect(pools[0]).toMatchObject({ handle: DEV, port: 1, sbIndex: 0, pool: 0, threshold: 10, occupancy: { current: 19200, max: 38400 } });
    const binds = await client.listSbTcBindings(`${DEV}/0`, { sbIndex: 0 });
    expect(binds).toHaveLength(16);
    expect(binds.find((b) => b.type === 'egress' && b.tc === 0)).toMatchObject({ pool: 4, threshold: 10, occupancy: { current: 105600, max: 211200 } });
    await client.clearSbOccupancyMax(DEV, 0);
    expect((await client.getSbTcBinding(`${DEV}/0`, 0, 0, 'egress')).occupancy).toEqual({ current: 105600, max: 0 });
  });

  it('sets thresholds and bindings; refusals carry the driver message', async () => {
    await client.setSbPortPool(`${DEV}/0`, 0, 1, 5);
    expect((await client.getSbPortPool(`${DEV}/0`, 0, 1)).threshold).toBe(5);
    await client.setSbTcBinding(`${DEV}/0`, 0, 2, 'ingress', { pool: 1, threshold: 4 });
    expect(await client.getSbTcBinding(`${DEV}/0`, 0, 2, 'ingress')).toMatchObject({ pool: 1, threshold: 4 });
    await expect(client.setSbTcBinding(`${DEV}/0`, 0, 2, 'ingress', { pool: 4, threshold: 4 })).rejects.toMatchObject({
      errno: 22, extack: { message: 'objsim: Cannot bind ingress TC 2 to egress pool 4' },
    });
    await expect(client.setSbPool(DEV, 0, 0, { size: -1, thresholdType: 'static' })).rejects.toThrow(/size/);
    await expect(client.setSbPool(DEV, 0, 0, { size: 1, thresholdType: 'warm' as 'static' })).rejects.toThrow(/warm/);
  });
});

describe('dpipe', () => {
  it('reads headers, tables (u64 as bigint) and entries; counters follow the switch', async () => {
    const { headers } = await client.getDpipeHeaders(DEV);
    expect(headers.map((h) => [h.name, h.id, h.global, h.fields.map((f) => f.name)])).toEqual([
      ['ethernet', 0, true, ['destination mac']], ['ipv4', 1, true, ['destination ip']],
    ]);
    const [table] = await client.getDpipeTables(DEV);
    expect(table).toMatchObject({ handle: DEV, name: 'objsim_host4', size: 3n, countersEnabled: false, resourceId: 1n, resourceUnits: 1n });
    expect(table?.matches).toEqual([{ type: 'field_exact', headerId: 1, headerIndex: 0, global: true, fieldId: 0 }]);
    expect(table?.actions).toEqual([{ type: 'field_modify', headerId: 0, headerIndex: 0, global: true, fieldId: 0 }]);
    let entries = await client.getDpipeEntries(DEV, 'objsim_host4');
    expect(entries.map((e) => [e.index, e.counter])).toEqual([[0n, undefined], [1n, undefined], [2n, undefined]]);
    expect(Array.from(entries[0]!.actionValues[0]!.value)).toEqual([0x02, 0x00, 0x00, 0x00, 0x00, 0x01]);
    await client.setDpipeTableCounters(DEV, 'objsim_host4', true);
    entries = await client.getDpipeEntries(DEV, 'objsim_host4');
    expect(entries.map((e) => e.counter)).toEqual([1000n, 2000n, 3000n]);
    expect((await client.getDpipeTables(DEV, 'objsim_host4'))[0]?.countersEnabled).toBe(true);
  });
});
