/**
 * Contract: firmware flash on netdevsim — the core's refusals (a component the driver does not
 * report as one, overwrite sections the driver does not allow, a file the firmware loader cannot
 * find) and the progress a flash reports, as decoded objects and as events: begin, the driver's
 * statuses (nsim_dev_flash_update: "Preparing to flash", 501 "Flashing" steps, "Flash select" with
 * its timeout, "Flashing done"), end. netdevsim's flash sleeps about 5 s, so there is one.
 */
import { describe, expect, it } from 'vitest';
import { DEVLINK_CMD } from '../../src/devlink/spec/index.js';
import { decoded } from './decoded.js';
import { recordEvents } from './events.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import { CONTRACT_FIRMWARE, type Contract } from './target.js';

export const flashContract: Contract = (target) => {
  describe(`flash (netdevsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.netdevsim());

    it('refuses an unknown component, overwrite sections the driver does not allow, and a missing file', async () => {
      expect(await refusal(c.dl.flash(c.dev.handle, { file: CONTRACT_FIRMWARE, component: 'fw.nope' }))).toEqual({ code: 'EINVAL', message: 'selected component is not supported by this device' });
      // the core takes the mask (netdevsim declares it), the driver refuses every section (its debugfs mask is 0)
      expect(await refusal(c.dl.flash(c.dev.handle, { file: CONTRACT_FIRMWARE, overwrite: ['settings'] }))).toEqual({ code: 'EOPNOTSUPP', message: null });
      expect(await refusal(c.dl.flash(c.dev.handle, { file: 'devlink-ts-nope.bin' }))).toEqual({ code: 'ENOENT', message: 'failed to locate the requested firmware file' });
    });

    it('reports begin, the driver\'s statuses in order with their fields, and end, to the caller and on the events stream', async () => {
      const events = recordEvents(c.dl, (device) => device === c.dev.handle);
      const progress: unknown[] = [];
      try {
        await c.dl.flash(c.dev.handle, { file: CONTRACT_FIRMWARE, component: 'fw.mgmt', onProgress: (p) => progress.push(decoded(p)) });
        const handle = c.dev.handle;
        const status = (message: string, fields: { done?: bigint; total?: bigint; timeout?: bigint } = {}) => ({
          command: DEVLINK_CMD['flash-update-status'], kind: 'flash', stage: 'status', handle, message, component: 'fw.mgmt',
          done: fields.done ?? 0n, total: fields.total ?? 0n, timeout: fields.timeout ?? 0n,
        });
        const size = 500_000n;
        expect(progress).toEqual([
          { command: DEVLINK_CMD['flash-update'], kind: 'flash', stage: 'begin', handle },
          status('Preparing to flash'),
          ...Array.from({ length: 500 }, (_, i) => status('Flashing', { done: BigInt(i) * 1000n, total: size })),
          status('Flashing', { done: size, total: size }),
          status('Flash select', { timeout: 81n }),
          status('Flashing done'),
          { command: DEVLINK_CMD['flash-update-end'], kind: 'flash', stage: 'end', handle },
        ]);
        const lines = await events.take(progress.length);
        expect([lines.slice(0, 4), lines.slice(-5)]).toEqual([
          ['flash-begin', 'flash-status Preparing to flash [fw.mgmt]', 'flash-status Flashing [fw.mgmt] 0/500000', 'flash-status Flashing [fw.mgmt] 1000/500000'],
          ['flash-status Flashing [fw.mgmt] 499000/500000', 'flash-status Flashing [fw.mgmt] 500000/500000', 'flash-status Flash select [fw.mgmt] timeout 81', 'flash-status Flashing done [fw.mgmt]', 'flash-end'],
        ]);
      } finally {
        events.close();
      }
    });
  });
};
