import { afterEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { FakeDevlink } from '../support/fake-devlink.js';

const DEV = 'netdevsim/netdevsim10';
/** The device as every decoded object carries it. */
const OWNER = { busName: 'netdevsim', deviceName: 'netdevsim10', handle: DEV };
let fake: FakeDevlink;
let dl: Devlink;

afterEach(() => {
  dl?.close();
  fake?.dispose();
});

async function setup(): Promise<void> {
  fake = new FakeDevlink(new FakeKernel());
  fake.addDevice(DEV, {
    traps: {
      traps: [
        { name: 'source_mac_is_multicast', group: 'l2_drops', type: 'drop', generic: true, action: 'drop', metadata: { inPort: true }, rxPackets: 10n, rxBytes: 640n },
        { name: 'igmp_query', group: 'mc_snooping', type: 'control', generic: true, action: 'mirror', metadata: { inPort: true, faCookie: true }, rxPackets: 0n, rxBytes: 0n },
      ],
      groups: [{ name: 'l2_drops', generic: true, policerId: 1, rxPackets: 10n, rxBytes: 640n }, { name: 'mc_snooping', generic: true, rxPackets: 0n, rxBytes: 0n }],
      policers: [{ id: 1, rate: 1000n, burst: 128n, rxDropped: 5n }, { id: 2, rate: 2000n, burst: 256n, rxDropped: 0n }],
    },
  });
  dl = await Devlink.open({ transport: fake.openTransport(), timeoutMs: 2000 });
}

describe('traps, groups, policers', () => {
  it('shows traps with metadata and statistics, and sets actions', async () => {
    await setup();
    const traps = await dl.listTraps(DEV);
    expect(traps.map(({ attributes, ...t }) => t)).toEqual([
      { ...OWNER, name: 'source_mac_is_multicast', group: 'l2_drops', type: 'drop', generic: true, action: 'drop', metadata: ['input_port'], stats: { rxPackets: 10n, rxBytes: 640n } },
      { ...OWNER, name: 'igmp_query', group: 'mc_snooping', type: 'control', generic: true, action: 'mirror', metadata: ['input_port', 'flow_action_cookie'], stats: { rxPackets: 0n, rxBytes: 0n } },
    ]);
    const events = dl.events();
    await dl.setTrap(DEV, 'source_mac_is_multicast', { action: 'trap' });
    expect((await dl.getTrap(DEV, 'source_mac_is_multicast')).action).toBe('trap');
    const event = (await events.next()).value;
    events.close();
    expect(event).toMatchObject({ kind: 'trap', action: 'new', name: 'source_mac_is_multicast', trap: { action: 'trap', group: 'l2_drops' } });
    const warnings: string[] = [];
    await dl.setTrap(DEV, 'igmp_query', { action: 'drop' }, { onWarning: (w) => warnings.push(w.message ?? '') });
    expect(warnings).toEqual(['Cannot change action of non-drop traps. Skipping']);
    expect((await dl.getTrap(DEV, 'igmp_query')).action).toBe('mirror');
    const missing = (await dl.getTrap(DEV, 'nope').catch((e: unknown) => e)) as NetlinkKernelError;
    expect([missing.code, missing.message]).toEqual(['ENOENT', 'Device did not register this trap']);
    await expect(dl.setTrap(DEV, 'x', { action: 'forward' as never })).rejects.toThrow('invalid action "forward": expected one of drop, trap, mirror');
  });

  it('binds and unbinds policers, sets rate and burst within limits', async () => {
    await setup();
    expect((await dl.listTrapGroups(DEV)).map((g) => [g.name, g.policerId])).toEqual([['l2_drops', 1], ['mc_snooping', undefined]]);
    await dl.setTrapGroup(DEV, 'mc_snooping', { policerId: 2 });
    await dl.setTrapGroup(DEV, 'l2_drops', { policerId: 0 });
    expect((await dl.getTrapGroup(DEV, 'mc_snooping')).policerId).toBe(2);
    expect((await dl.getTrapGroup(DEV, 'l2_drops')).policerId).toBeUndefined();
    expect((await dl.listTrapPolicers(DEV)).map((p) => [p.id, p.rate, p.burst, p.stats?.rxDropped])).toEqual([[1, 1000n, 128n, 5n], [2, 2000n, 256n, 0n]]);
    await dl.setTrapPolicer(DEV, 1, { rate: 500n, burst: 64 });
    expect(await dl.getTrapPolicer(DEV, 1)).toMatchObject({ rate: 500n, burst: 64n });
    const high = (await dl.setTrapPolicer(DEV, 1, { rate: 10_000n }).catch((e: unknown) => e)) as NetlinkKernelError;
    expect([high.code, high.message]).toEqual(['EINVAL', 'Policer rate higher than limit']);
    await expect(dl.setTrapPolicer(DEV, 1, {})).rejects.toThrow('nothing to set: give at least one of rate, burst');
  });
});
