/**
 * Contract: rate objects on sfsim — leaves for VFs and SFs as decoded objects, the driver's limits
 * (link speed, tx_share vs tx_max, tx_priority and tx_weight ranges), the core applying the
 * attributes one by one (tx_share before tx_max), nodes (switchdev only), parents and the core's
 * refusals (self, cycles, deleting a parent), and the eswitch refusing legacy mode while rate
 * nodes or SF ports exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devlink } from '../../src/devlink/client.js';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import type { Contract, SfsimTargetDevice } from './target.js';

export const ratesContract: Contract = (target) => {
  describe(`rates and eswitch mode (sfsim, ${target.kind})`, () => {
    let dl: Devlink;
    let dev: SfsimTargetDevice;
    let leaf: string;

    beforeAll(async () => {
      dl = await target.open();
      dev = await target.sfsim({ vfs: 1 });
      leaf = dev.port(1);
    });
    afterAll(async () => {
      await dev?.remove();
      dl?.close();
    });

    it('has a leaf per VF in legacy mode; nodes need switchdev', async () => {
      expect(decoded(await dl.listRates(dev.handle))).toEqual([
        { handle: leaf, busName: 'sfsim', deviceName: dev.handle.slice(6), type: 'leaf', index: 1, txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0 },
      ]);
      expect(await refusal(dl.addRateNode(`${dev.handle}/n`))).toEqual({ code: 'EOPNOTSUPP', message: 'sfsim: Rate node creation supported only in switchdev mode' });
    });

    it('driver: shares, limits, priority and weight; the core sets tx_share before tx_max', async () => {
      await dl.setRate(leaf, { txMax: 1_000_000n });
      expect(await refusal(dl.setRate(leaf, { txShare: 2_000_000n }))).toEqual({ code: 'EINVAL', message: "sfsim: tx_share can't be above tx_max" });
      await dl.setRate(leaf, { txShare: 500_000n });
      expect(await refusal(dl.setRate(leaf, { txMax: 100_000n }))).toEqual({ code: 'EINVAL', message: "sfsim: tx_max can't be below tx_share" });
      expect(await refusal(dl.setRate(leaf, { txMax: 12_500_000_001n }))).toEqual({ code: 'EINVAL', message: 'sfsim: TX rate exceeds the link speed of 100 Gbit/s' });
      expect(await refusal(dl.setRate(leaf, { txPriority: 8 }))).toEqual({ code: 'ERANGE', message: 'sfsim: tx_priority 8 out of range 0-7' });
      expect(await refusal(dl.setRate(leaf, { txWeight: 201 }))).toEqual({ code: 'ERANGE', message: 'sfsim: tx_weight 201 out of range 0-200' });
      // tx_max 0 is unlimited; then tx_share is checked against it, applied, and tx_max refused
      await dl.setRate(leaf, { txMax: 0n });
      expect(await refusal(dl.setRate(leaf, { txShare: 3_000_000n, txMax: 2_000_000n }))).toEqual({ code: 'EINVAL', message: "sfsim: tx_max can't be below tx_share" });
      // a failing tx_weight leaves the tx_priority of the same request applied
      expect(await refusal(dl.setRate(leaf, { txPriority: 5, txWeight: 300 }))).toEqual({ code: 'ERANGE', message: 'sfsim: tx_weight 300 out of range 0-200' });
      expect(decoded(await dl.getRate(leaf))).toMatchObject({ txShare: 3_000_000n, txMax: 0n, txPriority: 5, txWeight: 0 });
      await dl.setRate(leaf, { txShare: 0n, txPriority: 0 });
    });

    it('nodes: parents, and the core refuses self-parenting, cycles and deleting a parent', async () => {
      await dl.setEswitch(dev.handle, { mode: 'switchdev' });
      await dl.addRateNode(`${dev.handle}/a`);
      await dl.addRateNode(`${dev.handle}/b`, { parent: 'a', txMax: 2_000_000n });
      expect(await refusal(dl.setRate(`${dev.handle}/a`, { parent: 'a' }))).toEqual({ code: 'EINVAL', message: 'Parent to self is not allowed' });
      expect(await refusal(dl.setRate(`${dev.handle}/a`, { parent: 'b' }))).toEqual({ code: 'EEXIST', message: 'Node is already a parent of parent node.' });
      expect(await refusal(dl.setRate(leaf, { parent: 'nope' }))).toEqual({ code: 'ENODEV', message: null });
      expect(await refusal(dl.deleteRateNode(`${dev.handle}/a`))).toEqual({ code: 'EBUSY', message: 'Node has children. Cannot delete node.' });
      expect(await refusal(dl.addRateNode(`${dev.handle}/b`))).toEqual({ code: 'EEXIST', message: null });
      // a node whose settings fail is not created
      expect(await refusal(dl.addRateNode(`${dev.handle}/c`, { txShare: 2_000_000n, txMax: 1_000_000n }))).toEqual({ code: 'EINVAL', message: "sfsim: tx_max can't be below tx_share" });
      await dl.setRate(leaf, { parent: 'b' });
      // dump order differs (the kernel lists nodes newest first, then leaves; the fake leaves first)
      const byHandle = (a: { handle: string }, b: { handle: string }) => a.handle.localeCompare(b.handle);
      expect(decoded((await dl.listRates(dev.handle)).sort(byHandle))).toEqual([
        { handle: leaf, busName: 'sfsim', deviceName: dev.handle.slice(6), type: 'leaf', index: 1, txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0, parent: 'b' },
        { handle: `${dev.handle}/a`, busName: 'sfsim', deviceName: dev.handle.slice(6), type: 'node', nodeName: 'a', txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0 },
        { handle: `${dev.handle}/b`, busName: 'sfsim', deviceName: dev.handle.slice(6), type: 'node', nodeName: 'b', txShare: 0n, txMax: 2_000_000n, txPriority: 0, txWeight: 0, parent: 'a' },
      ]);
      await dl.setRate(leaf, { parent: null });
      expect((await dl.getRate(leaf)).parent).toBeUndefined();
    });

    it('eswitch: legacy is refused while rate nodes exist (core), then while SF ports exist (driver)', async () => {
      expect(await refusal(dl.setEswitch(dev.handle, { mode: 'legacy' }))).toEqual({ code: 'EBUSY', message: 'Rate node(s) exists.' });
      await dl.deleteRateNode(`${dev.handle}/b`);
      await dl.deleteRateNode(`${dev.handle}/a`);
      const sf = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 3 });
      expect((await dl.getRate(sf.handle)).type).toBe('leaf');
      expect(await refusal(dl.setEswitch(dev.handle, { mode: 'legacy' }))).toEqual({ code: 'EBUSY', message: "sfsim: Can't change eswitch mode to legacy while SF ports exist" });
      await dl.deletePort(sf.handle);
      await dl.setEswitch(dev.handle, { mode: 'legacy' });
      expect(decoded(await dl.getEswitch(dev.handle))).toEqual({ handle: dev.handle, mode: 'legacy' });
    });
  });
};
