/**
 * Contract: ports of an SF-capable device and the SF lifecycle, on sfsim (test/kmod/sfsim).
 * States the port layout as decoded objects, every refusal of `port add` (the driver's, in its
 * order, and the core's) with errno and extended-ACK text, the PORT_NEW reply, activation to
 * opstate attached with the SF's own devlink instance, the refusal to re-activate an SF that is
 * still attached, and deletion in any state.
 */
import { describe, expect, it } from 'vitest';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

export const sfPortsContract: Contract = (target) => {
  describe(`SF ports and lifecycle (sfsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.sfsim({ vfs: 1, external: true }));
    const sf = (fields: { pfnum?: number; sfnum?: number; controller?: number; portIndex?: number; flavour?: 'pcisf' | 'pcipf' }) =>
      c.dl.addPort(c.dev.handle, { flavour: 'pcisf', pfnum: 0, ...fields });

    it('lays out the physical port, the PFs and the VFs as the driver registers them', async () => {
      const ports = await c.dl.listPorts(c.dev.handle);
      for (const port of ports) expect(typeof port.netdevName, port.handle).toBe('string');
      const zero = '00:00:00:00:00:00';
      // in port index order (the core's port xarray)
      expect(decoded(ports)).toEqual([
        {
          handle: c.dev.port(0), busName: 'sfsim', deviceName: c.dev.handle.slice(6), portIndex: 0, type: 'eth', flavour: 'pcipf',
          splittable: false, controller: 0, pfnum: 0, external: false, function: { hwAddr: zero },
        },
        {
          handle: c.dev.port(1), busName: 'sfsim', deviceName: c.dev.handle.slice(6), portIndex: 1, type: 'eth', flavour: 'pcivf',
          splittable: false, controller: 0, pfnum: 0, vfnum: 0, external: false,
          function: { hwAddr: zero, caps: { roce: true, migratable: false, ipsecCrypto: false, ipsecPacket: false, raw: { value: 1, selector: 15 } }, maxIoEqs: 8 },
        },
        {
          handle: c.dev.port(0xffff), busName: 'sfsim', deviceName: c.dev.handle.slice(6), portIndex: 0xffff, type: 'eth', flavour: 'physical',
          splittable: false, portNumber: 0,
        },
        {
          handle: c.dev.port(0x10000), busName: 'sfsim', deviceName: c.dev.handle.slice(6), portIndex: 0x10000, type: 'eth', flavour: 'pcipf',
          splittable: false, controller: 1, pfnum: 0, external: true, function: { hwAddr: zero },
        },
      ]);
    });

    it('refuses SFs outside switchdev mode, then each bad request in the driver\'s order', async () => {
      expect(await refusal(sf({ sfnum: 1 }))).toEqual({ code: 'EOPNOTSUPP', message: 'sfsim: SF ports are only supported in eswitch switchdev mode.' });
      await c.dl.setEswitch(c.dev.handle, { mode: 'switchdev' });
      expect(await refusal(sf({ flavour: 'pcipf' }))).toEqual({ code: 'EOPNOTSUPP', message: 'sfsim: Driver supports only SF port addition' });
      expect(await refusal(sf({ sfnum: 1, portIndex: 7 }))).toEqual({ code: 'EOPNOTSUPP', message: 'sfsim: Driver does not support user defined port index assignment' });
      expect(await refusal(sf({}))).toEqual({ code: 'EOPNOTSUPP', message: 'sfsim: User must provide unique sfnum. Driver does not support auto assignment' });
      expect(await refusal(sf({ sfnum: 1, controller: 2 }))).toEqual({ code: 'EINVAL', message: 'sfsim: Invalid controller number' });
      expect(await refusal(sf({ sfnum: 1, pfnum: 1 }))).toEqual({ code: 'ENODEV', message: 'sfsim: Invalid pfnum supplied' });
    });

    it('refuses a request without flavour or pfnum (core)', async () => {
      const noPfnum = c.dl.request('port-new', { 'bus-name': 'sfsim', 'dev-name': c.dev.handle.slice(6), 'port-flavour': 7, 'port-pci-sf-number': 1 });
      expect(await refusal(noPfnum)).toEqual({ code: 'EINVAL', message: 'Port flavour or PCI PF are not specified' });
    });

    it('answers port add with the new port (slots lowest free across controllers), refuses a taken sfnum and the limit', async () => {
      const first = await sf({ sfnum: 88 });
      expect(typeof first.netdevName).toBe('string');
      expect(decoded(first)).toEqual({
        handle: c.dev.sfPort(0), busName: 'sfsim', deviceName: c.dev.handle.slice(6), portIndex: 0x8000, type: 'eth', flavour: 'pcisf',
        splittable: false, controller: 0, pfnum: 0, sfnum: 88,
        // the core reports migratable and ipsec_* for VFs only
        function: { hwAddr: '00:00:00:00:00:00', caps: { roce: true, raw: { value: 1, selector: 1 } }, state: 'inactive', opstate: 'detached', maxIoEqs: 8 },
      });
      const external = await sf({ sfnum: 88, controller: 1 });
      expect(external).toMatchObject({ handle: c.dev.sfPort(1, 1), controller: 1, sfnum: 88 });
      expect(await refusal(sf({ sfnum: 88 }))).toEqual({ code: 'EEXIST', message: 'sfsim: SF already exist. Choose different sfnum' });
      await c.dev.setMaxSfs(2);
      expect(await refusal(sf({ sfnum: 89 }))).toEqual({ code: 'ENOSPC', message: 'sfsim: SF limit of the device reached' });
      await c.dev.setMaxSfs(1024);
      await c.dl.deletePort(external.handle);
      await c.dl.deletePort(first.handle);
      expect((await sf({ sfnum: 90 })).handle).toBe(c.dev.sfPort(0));
      await c.dl.deletePort(c.dev.sfPort(0));
    });

    it('activates an SF to attached with its own devlink instance, refuses re-activation while still attached, deletes it', async () => {
      const port = await sf({ sfnum: 5 });
      await c.dl.setPortFunction(port.handle, { hwAddr: '02:00:00:00:00:05', state: 'active' });
      const attached = await c.dl.waitForFunctionOpstate(port.handle, 'attached', { timeoutMs: 20_000 });
      expect(attached.function).toMatchObject({ hwAddr: '02:00:00:00:00:05', state: 'active', opstate: 'attached' });
      const nested = attached.function?.devlink?.handle ?? '';
      expect(nested).toMatch(/^auxiliary\/sfsim\.sf\.\d+$/);
      // a port function relation, not one of the device's nested instances
      expect((await c.dl.getDevice(c.dev.handle)).nestedDevlinks).toEqual([]);
      expect((await c.dl.getDevice(nested)).handle).toBe(nested);
      // deactivation detaches later (detach_delay_ms); until then the SF cannot be activated again
      await c.dl.setPortFunction(port.handle, { state: 'inactive' });
      expect(await refusal(c.dl.setPortFunction(port.handle, { state: 'active' }))).toEqual({ code: 'EBUSY', message: 'sfsim: SF is inactivated but it is still attached' });
      const detached = await c.dl.waitForFunctionOpstate(port.handle, 'detached', { timeoutMs: 20_000 });
      expect(detached.function).toMatchObject({ state: 'inactive', opstate: 'detached' });
      expect(detached.function?.devlink).toBeUndefined();
      await c.dl.setPortFunction(port.handle, { state: 'active' });
      await c.dl.waitForFunctionOpstate(port.handle, 'attached', { timeoutMs: 20_000 });
      await c.dl.deletePort(port.handle);
      expect(await refusal(c.dl.getPort(port.handle))).toMatchObject({ code: 'ENODEV' });
      await c.dl.waitForDevice(nested, false, { timeoutMs: 20_000 });
    });

    it('refuses port del on a port that is not an SF (core, no message)', async () => {
      expect(await refusal(c.dl.deletePort(c.dev.port(0)))).toEqual({ code: 'EOPNOTSUPP', message: null });
    });
  });
};
