import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { monitorWhile } from './cli-harness.js';

// `monitor` prints trap, trap group, trap policer and region notifications with the object
// printers of `trap show` / `region show` (handle on the event's line), against the fake devlink.

let fake: FakeDevlink;
let factory: DevlinkFactory;
const DEV = 'netdevsim/netdevsim1';

beforeEach(() => {
  fake = new FakeDevlink();
  fake.addDevice(DEV, {
    traps: {
      traps: [{ name: 'source_mac_is_multicast', group: 'l2_drops', type: 'drop', generic: true, action: 'drop', metadata: { inPort: true }, rxPackets: 1n, rxBytes: 64n }],
      groups: [{ name: 'l2_drops', generic: true, rxPackets: 1n, rxBytes: 64n }],
      policers: [{ id: 1, rate: 1000n, burst: 128n, rxDropped: 0n }],
    },
    regions: [{ name: 'dummy', maxSnapshots: 2, data: new Uint8Array(8), direct: true, snapshot: true, snapshots: new Map() }],
  });
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});

afterEach(() => fake.dispose());

describe('monitor of trap and region events', () => {
  it('prints them as iproute2 does, text and JSON lines', async () => {
    const actions = [
      `trap set ${DEV} trap source_mac_is_multicast action trap`,
      `trap policer set ${DEV} policer 1 rate 2000 burst 256`,
      `region new ${DEV}/dummy snapshot 4`,
    ];
    const text = await monitorWhile(factory, ['monitor', 'trap', 'trap-policer', 'region'], actions, 3);
    expect(text).toContain(`[trap,new] ${DEV}: name source_mac_is_multicast type drop generic true action trap group l2_drops\n`);
    expect(text).toContain(`[trap-policer,new] ${DEV}: policer 1 rate 2000 burst 256\n`);
    expect(text).toMatch(new RegExp(`\\[region,new\\] ${DEV}/dummy:.* snapshot 4\\n`));
    const json = await monitorWhile(factory, ['-j', 'monitor', 'trap'], [`trap set ${DEV} trap source_mac_is_multicast action drop`], 1);
    expect(JSON.parse(json.trim())).toEqual({
      command: 'new',
      trap: { [DEV]: { name: 'source_mac_is_multicast', type: 'drop', generic: true, action: 'drop', group: 'l2_drops' } },
    });
  });
});
