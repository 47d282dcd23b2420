/**
 * Contract: a device's eswitch, info, params and reload on netdevsim — decoded objects (info
 * versions, params with their cmodes and values), parameter refusals (unknown name, unsupported
 * cmode: errno only), reload actions, limits and namespaces with the core's texts, and a
 * driverinit value taking effect across a reload.
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
      // limits and namespaces the core refuses before asking the driver (raw requests: the library sends one limit, one namespace)
      const reload = (attributes: Record<string, unknown>) => c.dl.request('reload', { 'bus-name': 'netdevsim', 'dev-name': c.dev.handle.slice(10), ...attributes });
      expect(await refusal(reload({ 'reload-limits': { value: 0, selector: 2 } }))).toEqual({ code: 'EINVAL', message: 'Invalid limit selected' });
      expect(await refusal(reload({ 'reload-limits': { value: 6, selector: 6 } }))).toEqual({ code: 'EOPNOTSUPP', message: 'Multiselection of limit is not supported' });
      // bit 0 (the unspecified limit) is outside the family's policy
      expect(await refusal(reload({ 'reload-limits': { value: 1, selector: 1 } }))).toEqual({ code: 'EINVAL', message: 'Attribute failed policy validation' });
      expect(await refusal(reload({ 'netns-pid': process.pid, 'netns-id': 4242 }))).toEqual({ code: 'EINVAL', message: 'multiple netns identifying attributes specified' });
      expect(await refusal(c.dl.reload(c.dev.handle, { netns: { id: 4242 } }))).toEqual({ code: 'EINVAL', message: 'Unknown network namespace' });
      await c.dl.setParam(c.dev.handle, 'max_macs', { cmode: 'driverinit', value: 64 });
      expect((await c.dl.reload(c.dev.handle, { action: 'driver_reinit' })).actionsPerformed).toEqual(['driver_reinit']);
      expect((await c.dl.getParam(c.dev.handle, 'max_macs')).values).toEqual([{ cmode: 'driverinit', value: 64 }]);
    });

    it('refuses a limit the action cannot take, on a driver that has the limit (sfsim: no_reset is for fw_activate)', async () => {
      const sfsim = await target.sfsim();
      try {
        expect(await refusal(c.dl.reload(sfsim.handle, { action: 'driver_reinit', limit: 'no_reset' }))).toEqual({ code: 'EINVAL', message: 'Requested limit is invalid for this action' });
      } finally {
        await sfsim.remove();
      }
    });
  });
};
