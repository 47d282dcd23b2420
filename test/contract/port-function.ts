/**
 * Contract: port function attributes on sfsim — what each port flavour accepts, the devlink
 * core's validation (its order and messages, with the offending attribute), the driver's range
 * and "frozen while active" refusals, and that attributes applied before a failing one stay applied.
 */
import { describe, expect, it } from 'vitest';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

export const portFunctionContract: Contract = (target) => {
  describe(`port function attributes (sfsim, ${target.kind})`, () => {
    let sf = '';
    const c = contractDevice(target, () => target.sfsim({ vfs: 1 }), async ({ dl, dev }) => {
      await dl.setEswitch(dev.handle, { mode: 'switchdev' });
      sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
    });

    it('core: migratable and ipsec_* are for VFs only; a VF takes every cap', async () => {
      for (const [settings, label] of [[{ migratable: true }, 'migratable'], [{ ipsecCrypto: true }, 'ipsec_crypto'], [{ ipsecPacket: true }, 'ipsec_packet']] as const) {
        expect(await refusal(c.dl.setPortFunction(sf, settings))).toEqual({ code: 'EOPNOTSUPP', message: `${label} function attribute supported for VFs only` });
      }
      await c.dl.setPortFunction(c.dev.port(1), { migratable: true, ipsecCrypto: true, ipsecPacket: true, roce: false, maxIoEqs: 2 });
      expect((await c.dl.getPort(c.dev.port(1))).function).toMatchObject({
        caps: { roce: false, migratable: true, ipsecCrypto: true, ipsecPacket: true }, maxIoEqs: 2,
      });
    });

    it('core: a PF has no caps, no max_io_eqs and no state; a VF has no state', async () => {
      expect(await refusal(c.dl.setPortFunction(c.dev.port(0), { roce: true }))).toEqual({ code: 'EOPNOTSUPP', message: "Port doesn't support RoCE function attribute" });
      expect(await refusal(c.dl.setPortFunction(c.dev.port(0), { migratable: true }))).toEqual({ code: 'EOPNOTSUPP', message: "Port doesn't support migratable function attribute" });
      expect(await refusal(c.dl.setPortFunction(c.dev.port(0), { maxIoEqs: 4 }))).toEqual({ code: 'EOPNOTSUPP', message: 'Function does not support max_io_eqs setting' });
      expect(await refusal(c.dl.setPortFunction(c.dev.port(0), { state: 'active' }))).toEqual({ code: 'EOPNOTSUPP', message: 'Function does not support state setting' });
      expect(await refusal(c.dl.setPortFunction(c.dev.port(1), { state: 'active' }))).toEqual({ code: 'EOPNOTSUPP', message: 'Function does not support state setting' });
      // the physical port has no function ops at all
      expect(await refusal(c.dl.setPortFunction(c.dev.port(0xffff), { hwAddr: '02:00:00:00:00:09' }))).toEqual({ code: 'EOPNOTSUPP', message: "Port doesn't support function attributes" });
      await c.dl.setPortFunction(c.dev.port(0), { hwAddr: '02:00:00:00:00:10' });
      expect((await c.dl.getPort(c.dev.port(0))).function?.hwAddr).toBe('02:00:00:00:00:10');
    });

    it('core: hw_addr must be a 6-byte unicast address on an Ethernet port', async () => {
      expect(await refusal(c.dl.setPortFunction(sf, { hwAddr: '01:00:5e:00:00:01' }))).toEqual({ code: 'EINVAL', message: 'Non-unicast hardware address unsupported' });
      expect(await refusal(c.dl.setPortFunction(sf, { hwAddr: new Uint8Array([2, 0, 0, 0, 0, 1, 2, 3]) }))).toEqual({ code: 'EINVAL', message: 'Address must be 6 bytes for Ethernet device' });
    });

    it('driver: max_io_eqs range; what came before the failing attribute stays applied', async () => {
      expect(await refusal(c.dl.setPortFunction(sf, { maxIoEqs: 0 }))).toEqual({ code: 'ERANGE', message: 'sfsim: max_io_eqs 0 out of range 1-128' });
      expect(await refusal(c.dl.setPortFunction(sf, { maxIoEqs: 129 }))).toEqual({ code: 'ERANGE', message: 'sfsim: max_io_eqs 129 out of range 1-128' });
      expect(await refusal(c.dl.setPortFunction(sf, { hwAddr: '02:00:00:00:00:01', roce: false, maxIoEqs: 0 }))).toEqual({ code: 'ERANGE', message: 'sfsim: max_io_eqs 0 out of range 1-128' });
      expect((await c.dl.getPort(sf)).function).toMatchObject({ hwAddr: '02:00:00:00:00:01', caps: { roce: false }, maxIoEqs: 8 });
      await c.dl.setPortFunction(sf, { maxIoEqs: 128, roce: true });
      expect((await c.dl.getPort(sf)).function).toMatchObject({ caps: { roce: true }, maxIoEqs: 128 });
    });

    it('driver: an active SF keeps its RoCE and max_io_eqs', async () => {
      await c.dev.setStallAttach(true);
      await c.dl.setPortFunction(sf, { state: 'active' });
      expect(await refusal(c.dl.setPortFunction(sf, { roce: false }))).toEqual({ code: 'EBUSY', message: "sfsim: RoCE can't be changed while the function is active" });
      expect(await refusal(c.dl.setPortFunction(sf, { maxIoEqs: 4 }))).toEqual({ code: 'EBUSY', message: "sfsim: max_io_eqs can't be changed while the function is active" });
      expect((await c.dl.getPort(sf)).function).toMatchObject({ state: 'active', opstate: 'detached', caps: { roce: true }, maxIoEqs: 128 });
      await c.dl.setPortFunction(sf, { state: 'inactive' });
      await c.dev.setStallAttach(false);
    });
  });
};
