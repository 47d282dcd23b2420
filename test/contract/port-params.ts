/**
 * Contract: port params — the 6.12 core answers them itself (net/devlink/param.c): a get or set
 * is refused with "Port params are not supported", a dump is empty.
 */
import { describe, expect, it } from 'vitest';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

export const portParamsContract: Contract = (target) => {
  describe(`port params (objsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.objsim());

    it('refuses get and set, dumps nothing', async () => {
      const refused = { code: 'EINVAL', message: 'Port params are not supported' };
      expect(await refusal(c.dl.getPortParam(c.dev.port(0), 'some_param'))).toEqual(refused);
      expect(await refusal(c.dl.setPortParam(c.dev.port(0), 'some_param', { cmode: 'runtime', value: 1 }))).toEqual(refused);
      expect(await c.dl.listPortParams(c.dev.handle)).toEqual([]);
    });
  });
};
