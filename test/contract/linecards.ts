/**
 * Contract: line cards on objsim — the slots as decoded objects, provisioning (asynchronous, with
 * the core's notifications), a failed provisioning, activation with the card's own devlink
 * instance as the slot's nested devlink, unprovisioning, and every refusal and warning of the core.
 */
import { describe, expect, it } from 'vitest';
import { decoded } from './decoded.js';
import { recordEvents } from './events.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

const TYPES = ['16x100G', '8x200G'];

export const linecardsContract: Contract = (target) => {
  describe(`line cards (objsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.objsim());
    const owner = () => ({ handle: c.dev.handle, busName: 'objsim', deviceName: c.dev.handle.slice(7) });

    it('reports four unprovisioned slots with their supported types', async () => {
      expect(decoded(await c.dl.listLinecards(c.dev.handle))).toEqual([1, 2, 3, 4].map((index) => ({ ...owner(), index, state: 'unprovisioned', supportedTypes: TYPES })));
      expect(await refusal(c.dl.getLinecard(c.dev.handle, 5))).toEqual({ code: 'ENODEV', message: null });
    });

    it('provisions asynchronously with notifications; refuses while provisioning and once provisioned', async () => {
      const events = recordEvents(c.dl, (device) => device === c.dev.handle);
      try {
        expect(await refusal(c.dl.setLinecardType(c.dev.handle, 1, '4x400G'))).toEqual({ code: 'EINVAL', message: 'Unsupported line card type provided' });
        await c.dl.setLinecardType(c.dev.handle, 1, '16x100G');
        expect(await refusal(c.dl.setLinecardType(c.dev.handle, 1, '8x200G'))).toEqual({ code: 'EBUSY', message: 'Line card is currently being provisioned' });
        expect(await refusal(c.dl.setLinecardType(c.dev.handle, 1, null))).toEqual({ code: 'EBUSY', message: 'Line card is currently being provisioned' });
        expect(await events.take(2)).toEqual(['linecard-new 1 provisioning 16x100G', 'linecard-new 1 provisioned 16x100G']);
        expect(await refusal(c.dl.setLinecardType(c.dev.handle, 1, '8x200G'))).toEqual({ code: 'EBUSY', message: 'Line card already provisioned' });
        // the same type again: success (the driver's same_provision), no notification
        await c.dl.setLinecardType(c.dev.handle, 1, '16x100G');
        expect(decoded(await c.dl.getLinecard(c.dev.handle, 1))).toEqual({ ...owner(), index: 1, state: 'provisioned', type: '16x100G', supportedTypes: TYPES });
        // unprovisioning: unprovisioning, then unprovisioned, both before the reply (objsim clears the provisioning in its op)
        await c.dl.setLinecardType(c.dev.handle, 1, null);
        expect((await c.dl.getLinecard(c.dev.handle, 1)).state).toBe('unprovisioned');
        expect(await events.take(2)).toEqual(['linecard-new 1 unprovisioning 16x100G', 'linecard-new 1 unprovisioned']);
        // notype on an unprovisioned card: a warning, no change
        await c.dl.setLinecardType(c.dev.handle, 1, null);
        expect((await c.dl.getLinecard(c.dev.handle, 1)).state).toBe('unprovisioned');
      } finally {
        events.close();
      }
    });

    it('a failed provisioning keeps the type until notype; it can be provisioned again', async () => {
      const events = recordEvents(c.dl, (device) => device === c.dev.handle);
      try {
        await c.dev.failNextProvision(2);
        await c.dl.setLinecardType(c.dev.handle, 2, '8x200G');
        expect(await events.take(2)).toEqual(['linecard-new 2 provisioning 8x200G', 'linecard-new 2 provisioning_failed 8x200G']);
        await c.dl.setLinecardType(c.dev.handle, 2, null);
        expect(await events.take(1)).toEqual(['linecard-new 2 unprovisioned']);
        await c.dl.setLinecardType(c.dev.handle, 2, '8x200G');
        expect(await events.take(2)).toEqual(['linecard-new 2 provisioning 8x200G', 'linecard-new 2 provisioned 8x200G']);
      } finally {
        events.close();
      }
    });

    it('an active card has its own devlink instance as the slot\'s nested devlink', async () => {
      await c.dl.setLinecardType(c.dev.handle, 3, '16x100G');
      await c.dl.waitForLinecardState(c.dev.handle, 3, 'provisioned', { timeoutMs: 20_000 });
      await c.dev.setLinecardActive(3, true);
      const active = await c.dl.waitForLinecardState(c.dev.handle, 3, 'active', { timeoutMs: 20_000 });
      const nested = active.nestedDevlink?.handle ?? '';
      expect(nested).toMatch(/^auxiliary\/objsim\.lc\.\d+$/);
      const info = await c.dl.getInfo(nested);
      expect({ driver: info.driver, versions: info.versions }).toEqual({
        driver: 'objsim.lc', versions: { fixed: [{ name: 'hw.revision', value: '0' }], running: [{ name: 'ini.version', value: '1' }], stored: [] },
      });
      await c.dev.setLinecardActive(3, false);
      const provisioned = await c.dl.waitForLinecardState(c.dev.handle, 3, 'provisioned', { timeoutMs: 20_000 });
      expect(provisioned.nestedDevlink).toBeUndefined();
      await c.dl.waitForDevice(nested, false, { timeoutMs: 20_000 });
      await c.dl.setLinecardType(c.dev.handle, 3, null);
      await c.dl.waitForLinecardState(c.dev.handle, 3, 'unprovisioned', { timeoutMs: 20_000 });
    });
  });
};
