/**
 * Contract: traps, trap groups and trap policers on netdevsim — decoded objects, action changes
 * (a non-drop trap's action is kept, with a warning only), and the core's refusals: unknown trap,
 * group and policer (ENOENT with the core's text) and the driver's policer limits.
 */
import { describe, expect, it } from 'vitest';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

export const trapsContract: Contract = (target) => {
  describe(`traps, groups and policers (netdevsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.netdevsim());

    it('reports traps with type, action, group, genericity and metadata', async () => {
      const traps = await c.dl.listTraps(c.dev.handle);
      const pick = (name: string) => {
        const t = traps.find((x) => x.name === name);
        return t && { name: t.name, type: t.type, action: t.action, group: t.group, generic: t.generic, metadata: t.metadata };
      };
      expect(pick('source_mac_is_multicast')).toEqual({ name: 'source_mac_is_multicast', type: 'drop', action: 'drop', group: 'l2_drops', generic: true, metadata: ['input_port'] });
      expect(pick('fid_miss')).toEqual({ name: 'fid_miss', type: 'exception', action: 'trap', group: 'l2_drops', generic: false, metadata: ['input_port'] });
      expect(pick('igmp_query')).toEqual({ name: 'igmp_query', type: 'control', action: 'mirror', group: 'mc_snooping', generic: true, metadata: ['input_port'] });
      expect(pick('ingress_flow_action_drop')?.metadata).toEqual(['input_port', 'flow_action_cookie']);
    });

    it('changes a drop trap\'s action, keeps a control trap\'s, refuses an unknown trap', async () => {
      await c.dl.setTrap(c.dev.handle, 'source_mac_is_multicast', { action: 'trap' });
      expect((await c.dl.getTrap(c.dev.handle, 'source_mac_is_multicast')).action).toBe('trap');
      await c.dl.setTrap(c.dev.handle, 'source_mac_is_multicast', { action: 'drop' });
      await c.dl.setTrap(c.dev.handle, 'igmp_query', { action: 'drop' });
      expect((await c.dl.getTrap(c.dev.handle, 'igmp_query')).action).toBe('mirror');
      expect(await refusal(c.dl.getTrap(c.dev.handle, 'nope'))).toEqual({ code: 'ENOENT', message: 'Device did not register this trap' });
      expect(await refusal(c.dl.setTrap(c.dev.handle, 'nope', { action: 'drop' }))).toEqual({ code: 'ENOENT', message: 'Device did not register this trap' });
    });

    it('reports groups with their policers, binds a policer, refuses unknown groups and policers', async () => {
      const groups = await c.dl.listTrapGroups(c.dev.handle);
      expect(groups.map((g) => [g.name, g.generic, g.policerId])).toEqual([
        ['l2_drops', true, undefined], ['l3_drops', true, 1], ['l3_exceptions', true, 1],
        ['buffer_drops', true, 2], ['acl_drops', true, 3], ['mc_snooping', true, 3],
      ]);
      await c.dl.setTrapGroup(c.dev.handle, 'l2_drops', { policerId: 2 });
      expect((await c.dl.getTrapGroup(c.dev.handle, 'l2_drops')).policerId).toBe(2);
      await c.dl.setTrapGroup(c.dev.handle, 'l2_drops', { policerId: 0 });
      expect((await c.dl.getTrapGroup(c.dev.handle, 'l2_drops')).policerId).toBeUndefined();
      expect(await refusal(c.dl.getTrapGroup(c.dev.handle, 'nope'))).toEqual({ code: 'ENOENT', message: 'Device did not register this trap group' });
      expect(await refusal(c.dl.setTrapGroup(c.dev.handle, 'l2_drops', { policerId: 99 }))).toEqual({ code: 'ENOENT', message: 'Device did not register this trap policer' });
    });

    it('reports policers, sets rate and burst within the driver\'s limits, refuses the rest', async () => {
      expect((await c.dl.listTrapPolicers(c.dev.handle)).map((p) => [p.id, p.rate, p.burst])).toEqual([[1, 1000n, 128n], [2, 2000n, 256n], [3, 3000n, 512n]]);
      await c.dl.setTrapPolicer(c.dev.handle, 1, { rate: 2000n, burst: 256n });
      expect(await c.dl.getTrapPolicer(c.dev.handle, 1)).toMatchObject({ id: 1, rate: 2000n, burst: 256n });
      expect(await refusal(c.dl.setTrapPolicer(c.dev.handle, 1, { rate: 0n }))).toEqual({ code: 'EINVAL', message: 'Policer rate lower than limit' });
      expect(await refusal(c.dl.setTrapPolicer(c.dev.handle, 1, { rate: 8001n }))).toEqual({ code: 'EINVAL', message: 'Policer rate higher than limit' });
      expect(await refusal(c.dl.setTrapPolicer(c.dev.handle, 1, { burst: 7n }))).toEqual({ code: 'EINVAL', message: 'Policer burst size lower than limit' });
      expect(await refusal(c.dl.setTrapPolicer(c.dev.handle, 1, { burst: 65537n }))).toEqual({ code: 'EINVAL', message: 'Policer burst size higher than limit' });
      expect(await refusal(c.dl.getTrapPolicer(c.dev.handle, 9))).toEqual({ code: 'ENOENT', message: 'Device did not register this trap policer' });
    });
  });
};
