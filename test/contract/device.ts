/**
 * Contract: a device's eswitch, info, params and reload on netdevsim — decoded objects (info
 * versions, params with their cmodes and values), parameter refusals (unknown name, unsupported
 * cmode: errno only), reload actions and limits with the core's texts, and a driverinit value
 * taking effect across a reload.
 */
import { describe, expect, it } from 'vitest';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

export const deviceContract: Contract = (target) => {
  describe(`device: eswitch, info, params, reload (netdevsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.netdevsim());

    it('reports the eswitch mode only, and info with the driver and its versions', async () => {
      expect(decoded(await c.dl.getEswitch(c.dev.handle))).toEqual({ handle: c.dev.handle, busName: 'netdevsim', deviceName: c.dev.handle.slice(10), mode: 'legacy' });
      expect(decoded(await c.dl.getInfo(c.dev.handle))).toEqual({
        handle: c.dev.handle, busName: 'netdevsim', deviceName: c.dev.handle.slice(10), driver: 'netdevsim',
        versions: { fixed: [], running: [{ name: 'fw.mgmt', value: '10.20.30' }], stored: [{ name: 'fw.mgmt', value: '10.20.30' }] },
      });
    });

    it('reports params with type, cmodes and values; refuses unknown names and unsupported cmodes', async () => {
      expect(decoded(await c.dl.listParams(c.dev.handle))).toEqual([
        { handle: c.dev.handle, busName: 'netdevsim', deviceName: c.dev.handle.slice(10), name: 'max_macs', generic: true, type: 'u32', values: [{ cmode: 'driverinit', value: 32 }] },
        { handle: c.dev.handle, busName: 'netdevsim', deviceName: c.dev.handle.slice(10), name: 'test1', generic: false, type: 'bool', values: [{ cmode: 'driverinit', value: true }] },
      ]);
      expect(await refusal(c.dl.getParam(c.dev.handle, 'nope'))).toEqual({ code: 'EINVAL', message: null });
      expect(await refusal(c.dl.setParam(c.dev.handle, 'max_macs', { cmode: 'runtime', value: 8 }))).toEqual({ code: 'EOPNOTSUPP', message: null });
    });

    it('reloads with driver_reinit only, refusing other actions and limits with the core\'s texts', async () => {
      expect(await refusal(c.dl.reload(c.dev.handle, { action: 'fw_activate' }))).toEqual({ code: 'EOPNOTSUPP', message: 'Requested reload action is not supported by the driver' });
      expect(await refusal(c.dl.reload(c.dev.handle, { action: 'driver_reinit', limit: 'no_reset' }))).toEqual({ code: 'EOPNOTSUPP', message: 'Requested limit is not supported by the driver' });
      await c.dl.setParam(c.dev.handle, 'max_macs', { cmode: 'driverinit', value: 64 });
      expect((await c.dl.reload(c.dev.handle, { action: 'driver_reinit' })).actionsPerformed).toEqual(['driver_reinit']);
      expect((await c.dl.getParam(c.dev.handle, 'max_macs')).values).toEqual([{ cmode: 'driverinit', value: 64 }]);
    });
  });
};
