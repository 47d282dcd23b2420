/**
 * Contract: regions on netdevsim's `dummy` region (32 KiB, at most 16 snapshots, snapshots on
 * request, no direct reads) — the region as a decoded object, snapshots taken, listed, read whole
 * and in part, deleted, and every refusal with the core's errno and extended-ACK text (several
 * refusals carry no message at all).
 */
import { describe, expect, it } from 'vitest';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

export const regionsContract: Contract = (target) => {
  describe(`regions (netdevsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.netdevsim());

    it('lists the region; takes, lists, reads and deletes a snapshot', async () => {
      expect(decoded(await c.dl.listRegions(c.dev.handle))).toEqual([{ handle: c.dev.handle, busName: 'netdevsim', deviceName: c.dev.handle.slice(10), name: 'dummy', size: 32768n, maxSnapshots: 16, snapshots: [] }]);
      const id = await c.dl.newRegionSnapshot(c.dev.handle, 'dummy');
      expect((await c.dl.getRegion(c.dev.handle, 'dummy')).snapshots).toEqual([id]);
      const whole = await c.dl.readRegion(c.dev.handle, 'dummy', { snapshotId: id });
      expect(whole.data.length).toBe(32768);
      const part = await c.dl.readRegion(c.dev.handle, 'dummy', { snapshotId: id }, { address: 16, length: 32 });
      expect({ address: part.address, data: part.data }).toEqual({ address: 16n, data: whole.data.slice(16, 48) });
      expect(await refusal(c.dl.newRegionSnapshot(c.dev.handle, 'dummy', { snapshotId: id }))).toEqual({ code: 'EEXIST', message: 'The requested snapshot id is already in use' });
      await c.dl.deleteRegionSnapshot(c.dev.handle, 'dummy', id);
      expect((await c.dl.getRegion(c.dev.handle, 'dummy')).snapshots).toEqual([]);
    });

    it('refuses unknown regions and snapshots, and direct reads of a region without them', async () => {
      expect(await refusal(c.dl.getRegion(c.dev.handle, 'nope'))).toEqual({ code: 'EINVAL', message: null });
      expect(await refusal(c.dl.newRegionSnapshot(c.dev.handle, 'nope'))).toEqual({ code: 'EINVAL', message: 'The requested region does not exist' });
      expect(await refusal(c.dl.readRegion(c.dev.handle, 'nope', { snapshotId: 1 }))).toEqual({ code: 'EINVAL', message: 'Requested region does not exist' });
      expect(await refusal(c.dl.readRegion(c.dev.handle, 'dummy', { snapshotId: 4242 }))).toEqual({ code: 'EINVAL', message: 'Requested snapshot does not exist' });
      expect(await refusal(c.dl.readRegion(c.dev.handle, 'dummy', { direct: true }))).toEqual({ code: 'EOPNOTSUPP', message: 'Requested region does not support direct read' });
      expect(await refusal(c.dl.deleteRegionSnapshot(c.dev.handle, 'dummy', 4242))).toEqual({ code: 'EINVAL', message: null });
      expect(await refusal(c.dl.deleteRegionSnapshot(c.dev.handle, 'nope', 1))).toEqual({ code: 'EINVAL', message: null });
      // requests the library never sends: no region name, a read naming neither snapshot nor direct, or both
      const handle = { 'bus-name': 'netdevsim', 'dev-name': c.dev.handle.slice(10) };
      expect(await refusal(c.dl.request('region-new', handle))).toEqual({ code: 'EINVAL', message: 'No region name provided' });
      expect(await refusal(c.dl.dump('region-read', handle))).toEqual({ code: 'EINVAL', message: 'No region name provided' });
      expect(await refusal(c.dl.dump('region-read', { ...handle, 'region-name': 'dummy' }))).toEqual({ code: 'EINVAL', message: 'No snapshot id provided' });
      expect(await refusal(c.dl.dump('region-read', { ...handle, 'region-name': 'dummy', 'region-snapshot-id': 1, 'region-direct': true }))).toEqual({ code: 'EINVAL', message: 'Direct region read does not use snapshot' });
    });

    it('stops at the region\'s maximum number of snapshots', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 16; i++) ids.push(await c.dl.newRegionSnapshot(c.dev.handle, 'dummy'));
      expect(await refusal(c.dl.newRegionSnapshot(c.dev.handle, 'dummy'))).toEqual({ code: 'ENOSPC', message: 'The region has reached the maximum number of stored snapshots' });
      expect((await c.dl.getRegion(c.dev.handle, 'dummy')).snapshots.length).toBe(16);
      for (const id of ids) await c.dl.deleteRegionSnapshot(c.dev.handle, 'dummy', id);
    });
  });
};
