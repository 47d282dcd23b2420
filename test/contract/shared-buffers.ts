/**
 * Contract: shared buffers on objsim (test/kmod/objsim/README.md) — sbs, pools, port pool
 * thresholds and TC bindings as decoded objects, a pool's threshold type change resetting the
 * thresholds that refer to it, the driver's refusals (every text) and the core's bare EINVAL for
 * indexes out of range, and occupancy (zero, snapshot, clear max).
 */
import { describe, expect, it } from 'vitest';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

const EINVAL_BARE = { code: 'EINVAL', message: null };
const objsim = (message: string) => ({ code: 'EINVAL', message: `objsim: ${message}` });
/** objsim's occupancy after a snapshot: pool `i` and TC `t` of direction `d`, port `p`, sb `s`. */
const poolOcc = (p: number, s: number, i: number) => ({ current: 96 * (100 * (p + 1) + 10 * s + i), max: 2 * 96 * (100 * (p + 1) + 10 * s + i) });
const tcOcc = (p: number, s: number, d: number, t: number) => ({ current: 96 * (1000 * (p + 1) + 100 * d + 10 * s + t), max: 2 * 96 * (1000 * (p + 1) + 100 * d + 10 * s + t) });

export const sharedBuffersContract: Contract = (target) => {
  describe(`shared buffers (objsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.objsim());
    const owner = () => ({ handle: c.dev.handle, busName: 'objsim', deviceName: c.dev.handle.slice(7) });

    it('reports sbs and pools as decoded objects', async () => {
      expect(decoded(await c.dl.listSharedBuffers(c.dev.handle))).toEqual([
        { ...owner(), sbIndex: 0, size: 12000000, ingressPools: 4, egressPools: 4, ingressTcs: 8, egressTcs: 8 },
        { ...owner(), sbIndex: 1, size: 3000000, ingressPools: 2, egressPools: 2, ingressTcs: 8, egressTcs: 8 },
      ]);
      expect(decoded(await c.dl.getSharedBuffer(c.dev.handle, 1))).toMatchObject({ sbIndex: 1, size: 3000000 });
      const pools = await c.dl.listSbPools(c.dev.handle);
      expect(pools.map((p) => [p.sbIndex, p.pool, p.type, p.size, p.thresholdType, p.cellSize])).toEqual([
        [0, 0, 'ingress', 6000000, 'dynamic', 96], [0, 1, 'ingress', 3000000, 'dynamic', 96], [0, 2, 'ingress', 960000, 'dynamic', 96],
        [0, 3, 'ingress', 0, 'dynamic', 96], [0, 4, 'egress', 6000000, 'dynamic', 96], [0, 5, 'egress', 3000000, 'dynamic', 96],
        [0, 6, 'egress', 960000, 'dynamic', 96], [0, 7, 'egress', 96000, 'static', 96],
        [1, 0, 'ingress', 1500000, 'dynamic', 96], [1, 1, 'ingress', 960000, 'dynamic', 96], [1, 2, 'egress', 1500000, 'dynamic', 96],
        [1, 3, 'egress', 960000, 'dynamic', 96],
      ]);
      expect(decoded(await c.dl.getSbPool(c.dev.handle, 0, 7))).toEqual({ ...owner(), sbIndex: 0, pool: 7, type: 'egress', size: 96000, thresholdType: 'static', cellSize: 96 });
    });

    it('reports port pool thresholds and TC bindings for both ports', async () => {
      expect(decoded(await c.dl.getSbPortPool(c.dev.port(1), 0, 7))).toEqual({
        ...owner(), portIndex: 1, sbIndex: 0, pool: 7, threshold: 96000, occupancy: { current: 0, max: 0 },
      });
      expect(decoded(await c.dl.getSbTcBinding(c.dev.port(0), 1, 6, 'egress'))).toEqual({
        ...owner(), portIndex: 0, sbIndex: 1, tc: 6, type: 'egress', pool: 2, threshold: 10, occupancy: { current: 0, max: 0 },
      });
      const portPools = await c.dl.listSbPortPools(c.dev.handle);
      // dumped per sb, then port, then pool
      const expectedPortPools = [[0, 8], [1, 4]].flatMap(([sb, pools]) => [0, 1].flatMap((port) =>
        Array.from({ length: pools! }, (_, pool) => `${port}/${sb}/${pool}=${sb === 0 && pool === 7 ? 96000 : 10}`)));
      expect(portPools.map((p) => `${p.portIndex}/${p.sbIndex}/${p.pool}=${p.threshold}`)).toEqual(expectedPortPools);
      const bindings = await c.dl.listSbTcBindings(c.dev.port(1), { sbIndex: 0 });
      expect(bindings.map((b) => `${b.type}${b.tc}:${b.pool}/${b.threshold}`)).toEqual([
        ...[0, 1, 2, 3, 4, 5, 6, 7].map((tc) => `ingress${tc}:0/10`), ...[0, 1, 2, 3, 4, 5, 6, 7].map((tc) => `egress${tc}:4/10`),
      ]);
    });

    it('sets pools, port thresholds and bindings; a threshold type change resets the pool\'s thresholds', async () => {
      await c.dl.setSbPool(c.dev.handle, 1, 1, { size: 2000000, thresholdType: 'static' });
      expect(await c.dl.getSbPool(c.dev.handle, 1, 1)).toMatchObject({ size: 2000000, thresholdType: 'static' });
      expect((await c.dl.getSbPortPool(c.dev.port(0), 1, 1)).threshold).toBe(2000000);
      await c.dl.setSbPortPool(c.dev.port(0), 1, 1, 50000);
      expect((await c.dl.getSbPortPool(c.dev.port(0), 1, 1)).threshold).toBe(50000);
      await c.dl.setSbTcBinding(c.dev.port(1), 1, 3, 'ingress', { pool: 1, threshold: 70000 });
      await c.dl.setSbTcBinding(c.dev.port(1), 0, 7, 'egress', { pool: 6, threshold: 14 });
      expect(await c.dl.getSbTcBinding(c.dev.port(1), 1, 3, 'ingress')).toMatchObject({ pool: 1, threshold: 70000 });
      expect(await c.dl.getSbTcBinding(c.dev.port(1), 0, 7, 'egress')).toMatchObject({ pool: 6, threshold: 14 });
      expect(await c.dl.getSbTcBinding(c.dev.port(0), 1, 3, 'ingress')).toMatchObject({ pool: 0, threshold: 10 });
      // back to dynamic: the bound TC's threshold resets to 10 as well
      await c.dl.setSbPool(c.dev.handle, 1, 1, { size: 960000, thresholdType: 'dynamic' });
      expect(await c.dl.getSbTcBinding(c.dev.port(1), 1, 3, 'ingress')).toMatchObject({ pool: 1, threshold: 10 });
      expect((await c.dl.getSbPortPool(c.dev.port(0), 1, 1)).threshold).toBe(10);
    });

    it('refuses with the driver\'s texts, and indexes out of range without a message (core)', async () => {
      const h = c.dev.handle;
      expect(await refusal(c.dl.setSbPool(h, 0, 0, { size: 13000000, thresholdType: 'dynamic' }))).toEqual(objsim('Pool size 13000000 exceeds shared buffer size 12000000'));
      expect(await refusal(c.dl.setSbPool(h, 0, 7, { size: 96000, thresholdType: 'dynamic' }))).toEqual(objsim('Pool 7 is reserved, its threshold type cannot change'));
      expect(await refusal(c.dl.setSbPool(h, 0, 7, { size: 192000, thresholdType: 'static' }))).toEqual(objsim('Pool 7 is reserved, its size cannot change'));
      expect(await refusal(c.dl.setSbPortPool(c.dev.port(0), 0, 0, 15))).toEqual(objsim('Dynamic threshold 15 out of range 1-14'));
      expect(await refusal(c.dl.setSbPortPool(c.dev.port(0), 0, 7, 12000001))).toEqual(objsim('Static threshold 12000001 exceeds shared buffer size 12000000'));
      expect(await refusal(c.dl.setSbTcBinding(c.dev.port(0), 0, 0, 'ingress', { pool: 4, threshold: 3 }))).toEqual(objsim('Cannot bind ingress TC 0 to egress pool 4'));
      expect(await refusal(c.dl.setSbTcBinding(c.dev.port(1), 1, 5, 'egress', { pool: 1, threshold: 3 }))).toEqual(objsim('Cannot bind egress TC 5 to ingress pool 1'));
      expect(await refusal(c.dl.setSbTcBinding(c.dev.port(0), 0, 1, 'egress', { pool: 7, threshold: 3 }))).toEqual(objsim('Pool 7 is reserved, TCs cannot be bound to it'));
      expect(await refusal(c.dl.setSbTcBinding(c.dev.port(0), 0, 1, 'egress', { pool: 5, threshold: 99 }))).toEqual(objsim('Dynamic threshold 99 out of range 1-14'));
      // an sb the device lacks is ENODEV (devlink_sb_get_from_attrs); pools and TCs out of range EINVAL
      expect(await refusal(c.dl.getSharedBuffer(h, 2))).toEqual({ code: 'ENODEV', message: null });
      expect(await refusal(c.dl.getSbPool(h, 1, 4))).toEqual(EINVAL_BARE);
      expect(await refusal(c.dl.setSbPool(h, 1, 4, { size: 1, thresholdType: 'static' }))).toEqual(EINVAL_BARE);
      expect(await refusal(c.dl.setSbTcBinding(c.dev.port(0), 0, 8, 'egress', { pool: 5, threshold: 3 }))).toEqual(EINVAL_BARE);
      expect(await refusal(c.dl.getSbTcBinding(c.dev.port(0), 0, 8, 'egress'))).toEqual(EINVAL_BARE);
      expect(await c.dl.getSbPool(h, 0, 0)).toMatchObject({ size: 6000000, thresholdType: 'dynamic' });
    });

    it('occupancy: zero before a snapshot, the driver\'s values after, clear max zeroes max', async () => {
      expect((await c.dl.getSbPortPool(c.dev.port(0), 0, 0)).occupancy).toEqual({ current: 0, max: 0 });
      await c.dl.snapshotSbOccupancy(c.dev.handle, 0);
      expect((await c.dl.getSbPortPool(c.dev.port(0), 0, 0)).occupancy).toEqual(poolOcc(0, 0, 0));
      expect((await c.dl.getSbPortPool(c.dev.port(1), 0, 6)).occupancy).toEqual(poolOcc(1, 0, 6));
      expect((await c.dl.getSbTcBinding(c.dev.port(1), 0, 0, 'egress')).occupancy).toEqual(tcOcc(1, 0, 1, 0));
      expect((await c.dl.getSbPortPool(c.dev.port(1), 1, 3)).occupancy).toEqual({ current: 0, max: 0 });
      await c.dl.snapshotSbOccupancy(c.dev.handle, 1);
      expect((await c.dl.getSbTcBinding(c.dev.port(1), 1, 7, 'egress')).occupancy).toEqual(tcOcc(1, 1, 1, 7));
      await c.dl.clearSbOccupancyMax(c.dev.handle, 0);
      expect((await c.dl.getSbPortPool(c.dev.port(0), 0, 2)).occupancy).toEqual({ current: poolOcc(0, 0, 2).current, max: 0 });
      expect((await c.dl.getSbTcBinding(c.dev.port(1), 0, 5, 'ingress')).occupancy).toEqual({ current: tcOcc(1, 0, 0, 5).current, max: 0 });
      expect((await c.dl.getSbPortPool(c.dev.port(1), 1, 3)).occupancy).toEqual(poolOcc(1, 1, 3));
    });
  });
};
