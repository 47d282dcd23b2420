/**
 * Contract: regions on netdevsim's `dummy` region (32 KiB, at most 16 snapshots, snapshots on
 * request, no direct reads) — the region as a decoded object, snapshots taken, listed, read whole
 * and in part, deleted, and every refusal with the core's errno and extended-ACK text (several
 * refusals carry no message at all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devlink } from '../../src/devlink/client.js';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import type { Contract, NetdevsimTargetDevice } from './target.js';

export const regionsContract: Contract = (target) => {
  describe(`regions (netdevsim, ${target.kind})`, () => {
    let dl: Devlink;
    let dev: NetdevsimTargetDevice;

    beforeAll(async () => {
      dl = await target.open();
      dev = await target.netdevsim();
    });
    afterAll(async () => {
      await dev?.remove();
      dl?.close();
    });

    it('lists the region; takes, lists, reads and deletes a snapshot', async () => {
      expect(decoded(await dl.listRegions(dev.handle))).toEqual([{ handle: dev.handle, name: 'dummy', size: 32768n, maxSnapshots: 16, snapshots: [] }]);
      const id = await dl.newRegionSnapshot(dev.handle, 'dummy');
      expect((await dl.getRegion(dev.handle, 'dummy')).snapshots).toEqual([id]);
      const whole = await dl.readRegion(dev.handle, 'dummy', { snapshotId: id });
      expect(whole.data.length).toBe(32768);
      const part = await dl.readRegion(dev.handle, 'dummy', { snapshotId: id }, { address: 16, length: 32 });
      expect({ address: part.address, data: part.data }).toEqual({ address: 16n, data: whole.data.slice(16, 48) });
      expect(await refusal(dl.newRegionSnapshot(dev.handle, 'dummy', { snapshotId: id }))).toEqual({ code: 'EEXIST', message: 'The requested snapshot id is already in use' });
      await dl.deleteRegionSnapshot(dev.handle, 'dummy', id);
      expect((await dl.getRegion(dev.handle, 'dummy')).snapshots).toEqual([]);
    });

    it('refuses unknown regions and snapshots, and direct reads of a region without them', async () => {
      expect(await refusal(dl.getRegion(dev.handle, 'nope'))).toEqual({ code: 'EINVAL', message: null });
      expect(await refusal(dl.newRegionSnapshot(dev.handle, 'nope'))).toEqual({ code: 'EINVAL', message: 'The requested region does not exist' });
      expect(await refusal(dl.readRegion(dev.handle, 'nope', { snapshotId: 1 }))).toEqual({ code: 'EINVAL', message: 'Requested region does not exist' });
      expect(await refusal(dl.readRegion(dev.handle, 'dummy', { snapshotId: 4242 }))).toEqual({ code: 'EINVAL', message: 'Requested snapshot does not exist' });
      expect(await refusal(dl.readRegion(dev.handle, 'dummy', { direct: true }))).toEqual({ code: 'EOPNOTSUPP', message: 'Requested region does not support direct read' });
      expect(await refusal(dl.deleteRegionSnapshot(dev.handle, 'dummy', 4242))).toEqual({ code: 'EINVAL', message: null });
      expect(await refusal(dl.deleteRegionSnapshot(dev.handle, 'nope', 1))).toEqual({ code: 'EINVAL', message: null });
    });

    it('stops at the region\'s maximum number of snapshots', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 16; i++) ids.push(await dl.newRegionSnapshot(dev.handle, 'dummy'));
      expect(await refusal(dl.newRegionSnapshot(dev.handle, 'dummy'))).toEqual({ code: 'ENOSPC', message: 'The region has reached the maximum number of stored snapshots' });
      expect((await dl.getRegion(dev.handle, 'dummy')).snapshots.length).toBe(16);
      for (const id of ids) await dl.deleteRegionSnapshot(dev.handle, 'dummy', id);
    });
  });
};
