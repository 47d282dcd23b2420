/**
 * Contract: rate objects on sfsim — leaves for VFs and SFs as decoded objects, the driver's limits
 * (link speed, tx_share vs tx_max, tx_priority and tx_weight ranges), the core applying the
 * attributes one by one (tx_share before tx_max), nodes (switchdev only), parents and the core's
 * refusals (self, cycles, deleting a parent), the dump order (the core's rate list: nodes added
 * at its head, leaves at its tail), and the eswitch refusing legacy mode while rate nodes or SF
 * ports exist.
 */
import { describe, expect, it } from 'vitest';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

export const ratesContract: Contract = (target) => {
  describe(`rates and eswitch mode (sfsim, ${target.kind})`, () => {
    let leaf = '';
    const c = contractDevice(target, () => target.sfsim({ vfs: 1 }), async ({ dev }) => {
      leaf = dev.port(1);
    });

    it('has a leaf per VF in legacy mode; nodes need switchdev', async () => {
      expect(decoded(await c.dl.listRates(c.dev.handle))).toEqual([
        { handle: leaf, busName: 'sfsim', deviceName: c.dev.handle.slice(6), type: 'leaf', portIndex: 1, txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0 },
      ]);
      expect(await refusal(c.dl.addRateNode(`${c.dev.handle}/n`))).toEqual({ code: 'EOPNOTSUPP', message: 'sfsim: Rate node creation supported only in switchdev mode' });
    });

    it('driver: shares, limits, priority and weight; the core sets tx_share before tx_max', async () => {
      await c.dl.setRate(leaf, { txMax: 1_000_000n });
      expect(await refusal(c.dl.setRate(leaf, { txShare: 2_000_000n }))).toEqual({ code: 'EINVAL', message: "sfsim: tx_share can't be above tx_max" });
      await c.dl.setRate(leaf, { txShare: 500_000n });
      expect(await refusal(c.dl.setRate(leaf, { txMax: 100_000n }))).toEqual({ code: 'EINVAL', message: "sfsim: tx_max can't be below tx_share" });
      expect(await refusal(c.dl.setRate(leaf, { txMax: 12_500_000_001n }))).toEqual({ code: 'EINVAL', message: 'sfsim: TX rate exceeds the link speed of 100 Gbit/s' });
      expect(await refusal(c.dl.setRate(leaf, { txPriority: 8 }))).toEqual({ code: 'ERANGE', message: 'sfsim: tx_priority 8 out of range 0-7' });
      expect(await refusal(c.dl.setRate(leaf, { txWeight: 201 }))).toEqual({ code: 'ERANGE', message: 'sfsim: tx_weight 201 out of range 0-200' });
      // tx_max 0 is unlimited; then tx_share is checked against it, applied, and tx_max refused
      await c.dl.setRate(leaf, { txMax: 0n });
      expect(await refusal(c.dl.setRate(leaf, { txShare: 3_000_000n, txMax: 2_000_000n }))).toEqual({ code: 'EINVAL', message: "sfsim: tx_max can't be below tx_share" });
      // a failing tx_weight leaves the tx_priority of the same request applied
      expect(await refusal(c.dl.setRate(leaf, { txPriority: 5, txWeight: 300 }))).toEqual({ code: 'ERANGE', message: 'sfsim: tx_weight 300 out of range 0-200' });
      expect(decoded(await c.dl.getRate(leaf))).toMatchObject({ txShare: 3_000_000n, txMax: 0n, txPriority: 5, txWeight: 0 });
      await c.dl.setRate(leaf, { txShare: 0n, txPriority: 0 });
    });

    it('nodes: parents, and the core refuses self-parenting, cycles and deleting a parent', async () => {
      await c.dl.setEswitch(c.dev.handle, { mode: 'switchdev' });
      await c.dl.addRateNode(`${c.dev.handle}/a`);
      await c.dl.addRateNode(`${c.dev.handle}/b`, { parent: 'a', txMax: 2_000_000n });
      expect(await refusal(c.dl.setRate(`${c.dev.handle}/a`, { parent: 'a' }))).toEqual({ code: 'EINVAL', message: 'Parent to self is not allowed' });
      expect(await refusal(c.dl.setRate(`${c.dev.handle}/a`, { parent: 'b' }))).toEqual({ code: 'EEXIST', message: 'Node is already a parent of parent node.' });
      expect(await refusal(c.dl.setRate(leaf, { parent: 'nope' }))).toEqual({ code: 'ENODEV', message: null });
      expect(await refusal(c.dl.deleteRateNode(`${c.dev.handle}/a`))).toEqual({ code: 'EBUSY', message: 'Node has children. Cannot delete node.' });
      expect(await refusal(c.dl.addRateNode(`${c.dev.handle}/b`))).toEqual({ code: 'EEXIST', message: null });
      // a node whose settings fail is not created
      expect(await refusal(c.dl.addRateNode(`${c.dev.handle}/c`, { txShare: 2_000_000n, txMax: 1_000_000n }))).toEqual({ code: 'EINVAL', message: "sfsim: tx_max can't be below tx_share" });
      await c.dl.setRate(leaf, { parent: 'b' });
      // the core's rate list: nodes at its head, leaves at its tail (see the next test)
      expect(decoded(await c.dl.listRates(c.dev.handle))).toEqual([
        { handle: `${c.dev.handle}/b`, busName: 'sfsim', deviceName: c.dev.handle.slice(6), type: 'node', nodeName: 'b', txShare: 0n, txMax: 2_000_000n, txPriority: 0, txWeight: 0, parent: 'a' },
        { handle: `${c.dev.handle}/a`, busName: 'sfsim', deviceName: c.dev.handle.slice(6), type: 'node', nodeName: 'a', txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0 },
        { handle: leaf, busName: 'sfsim', deviceName: c.dev.handle.slice(6), type: 'leaf', portIndex: 1, txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0, parent: 'b' },
      ]);
      await c.dl.setRate(leaf, { parent: null });
      expect((await c.dl.getRate(leaf)).parent).toBeUndefined();
    });

    it('dumps in the core\'s list order: nodes newest first, then leaves in the order they were created', async () => {
      const sfA = await c.dl.addPort(c.dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 10 });
      await c.dl.addRateNode(`${c.dev.handle}/c`);
      const sfB = await c.dl.addPort(c.dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 11 });
      await c.dl.deletePort(sfA.handle);
      // the re-added SF takes the freed slot (the same port index) and its new leaf goes last
      const sfC = await c.dl.addPort(c.dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 12 });
      expect(sfC.handle).toBe(sfA.handle);
      const order = [`${c.dev.handle}/c`, `${c.dev.handle}/b`, `${c.dev.handle}/a`, leaf, sfB.handle, sfC.handle];
      expect((await c.dl.listRates(c.dev.handle)).map((r) => r.handle)).toEqual(order);
      // an unfiltered dump walks the same list; ports, though, dump by index
      expect((await c.dl.listRates()).map((r) => r.handle).filter((h) => h.startsWith(`${c.dev.handle}/`))).toEqual(order);
      expect((await c.dl.listPorts(c.dev.handle)).map((p) => p.portIndex)).toEqual([0, 1, 0x8000, 0x8001, 0xffff]);
      await c.dl.deletePort(sfB.handle);
      await c.dl.deletePort(sfC.handle);
      await c.dl.deleteRateNode(`${c.dev.handle}/c`);
    });

    it('eswitch: legacy is refused while rate nodes exist (core), then while SF ports exist (driver)', async () => {
      expect(await refusal(c.dl.setEswitch(c.dev.handle, { mode: 'legacy' }))).toEqual({ code: 'EBUSY', message: 'Rate node(s) exists.' });
      await c.dl.deleteRateNode(`${c.dev.handle}/b`);
      await c.dl.deleteRateNode(`${c.dev.handle}/a`);
      const sf = await c.dl.addPort(c.dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 3 });
      expect((await c.dl.getRate(sf.handle)).type).toBe('leaf');
      expect(await refusal(c.dl.setEswitch(c.dev.handle, { mode: 'legacy' }))).toEqual({ code: 'EBUSY', message: "sfsim: Can't change eswitch mode to legacy while SF ports exist" });
      await c.dl.deletePort(sf.handle);
      await c.dl.setEswitch(c.dev.handle, { mode: 'legacy' });
      expect(decoded(await c.dl.getEswitch(c.dev.handle))).toEqual({ handle: c.dev.handle, busName: 'sfsim', deviceName: c.dev.handle.slice(6), mode: 'legacy' });
    });
  });
};
