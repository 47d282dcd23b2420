/**
 * Contract: port split and unsplit on a driver without split ops (objsim; netdevsim and sfsim in
 * 6.12 have none either): the core refuses both with EOPNOTSUPP and no message, after checking
 * that a split count was given. Rate nodes on a driver without rate ops (objsim): refused, with
 * the core's text.
 */
import { describe, expect, it } from 'vitest';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

export const portSplitContract: Contract = (target) => {
  describe(`port split and unsplit, rate nodes (objsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.objsim());

    it('refuses split and unsplit without the driver ops (core, no message)', async () => {
      expect(await refusal(c.dl.splitPort(c.dev.port(0), 2))).toEqual({ code: 'EOPNOTSUPP', message: null });
      expect(await refusal(c.dl.splitPort(c.dev.port(1), 4))).toEqual({ code: 'EOPNOTSUPP', message: null });
      expect(await refusal(c.dl.unsplitPort(c.dev.port(0)))).toEqual({ code: 'EOPNOTSUPP', message: null });
      expect((await c.dl.listPorts(c.dev.handle)).map((p) => [p.portIndex, p.flavour, p.splittable])).toEqual([[0, 'physical', false], [1, 'physical', false]]);
    });

    it('refuses rate nodes without the driver ops (core)', async () => {
      expect(await refusal(c.dl.addRateNode(`${c.dev.handle}/n`))).toEqual({ code: 'EOPNOTSUPP', message: "Rate nodes aren't supported" });
      expect(await c.dl.listRates(c.dev.handle)).toEqual([]);
    });
  });
};
