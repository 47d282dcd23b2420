/**
 * Contract: selftests — objsim offers `flash` and reports the result its debugfs knob says;
 * netdevsim has no selftest ops, so the core refuses both requests (EOPNOTSUPP, no message) and
 * leaves it out of the dump.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devlink } from '../../src/devlink/client.js';
import { refusal } from './refusal.js';
import type { Contract, NetdevsimTargetDevice, ObjsimTargetDevice } from './target.js';

export const selftestsContract: Contract = (target) => {
  describe(`selftests (objsim and netdevsim, ${target.kind})`, () => {
    let dl: Devlink;
    let objsim: ObjsimTargetDevice;
    let netdevsim: NetdevsimTargetDevice;
    beforeAll(async () => {
      dl = await target.open();
      objsim = await target.objsim();
      netdevsim = await target.netdevsim();
    });
    afterAll(async () => {
      await objsim?.remove();
      await netdevsim?.remove();
      dl?.close();
    });

    it('lists flash on objsim only', async () => {
      expect(await dl.listSelftests(objsim.handle)).toEqual(['flash']);
      const listed = (await dl.listDeviceSelftests()).filter((d) => d.handle === objsim.handle || d.handle === netdevsim.handle);
      expect(listed.map((d) => [d.handle, d.tests])).toEqual([[objsim.handle, ['flash']]]);
    });

    it('runs flash with the result the driver reports', async () => {
      expect(await dl.runSelftests(objsim.handle)).toEqual([{ id: 'flash', status: 'pass' }]);
      await objsim.setSelftestResult('fail');
      expect(await dl.runSelftests(objsim.handle, ['flash'])).toEqual([{ id: 'flash', status: 'fail' }]);
      await objsim.setSelftestResult('skip');
      expect(await dl.runSelftests(objsim.handle, ['flash'])).toEqual([{ id: 'flash', status: 'skip' }]);
      await objsim.setSelftestResult('pass');
    });

    it('refuses both requests on a driver without selftest ops (core, no message)', async () => {
      expect(await refusal(dl.listSelftests(netdevsim.handle))).toEqual({ code: 'EOPNOTSUPP', message: null });
      expect(await refusal(dl.runSelftests(netdevsim.handle, ['flash']))).toEqual({ code: 'EOPNOTSUPP', message: null });
    });
  });
};
