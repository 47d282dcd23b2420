import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { runCli, words } from './cli-harness.js';

// Goldens of `devlink-ts trap ...` against the fake devlink; the layout is iproute2 6.1's for
// netdevsim in the VM (test/vm/cli-health-trap.test.ts compares the two byte for byte).

let fake: FakeDevlink;
let factory: DevlinkFactory;
const DEV = 'netdevsim/netdevsim1';

beforeEach(() => {
  fake = new FakeDevlink();
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
  fake.addDevice('netdevsim/netdevsim2', {
    traps: { traps: [{ name: 'fid_miss', group: 'l2_drops', type: 'exception', generic: false, action: 'trap', metadata: {}, rxPackets: 0n, rxBytes: 0n }] },
  });
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});

afterEach(() => fake.dispose());

const cli = (line: string) => runCli(words(line), { devlink: factory });

describe('trap show', () => {
  it('lists traps per device, text and JSON', async () => {
    expect(await cli('trap')).toEqual({
      code: 0, err: '', opened: true,
      out: [
        'netdevsim/netdevsim1:',
        '  name source_mac_is_multicast type drop generic true action drop group l2_drops',
        '  name igmp_query type control generic true action mirror group mc_snooping',
        'netdevsim/netdevsim2:',
        '  name fid_miss type exception generic false action trap group l2_drops',
        '',
      ].join('\n'),
    });
    expect((await cli('-j trap show')).out).toBe(
      '{"trap":{"netdevsim/netdevsim1":[{"name":"source_mac_is_multicast","type":"drop","generic":true,"action":"drop","group":"l2_drops"},' +
        '{"name":"igmp_query","type":"control","generic":true,"action":"mirror","group":"mc_snooping"}],' +
        '"netdevsim/netdevsim2":[{"name":"fid_miss","type":"exception","generic":false,"action":"trap","group":"l2_drops"}]}}\n',
    );
  });

  it('adds metadata with -v and statistics with -s', async () => {
    expect((await cli('-v -s trap show netdevsim/netdevsim1 trap igmp_query')).out).toBe(
      [
        'netdevsim/netdevsim1:',
        '  name igmp_query type control generic true action mirror group mc_snooping',
        '    metadata:',
        '      input_port flow_action_cookie',
        '    stats:',
        '        rx:',
        '          bytes 0 packets 0',
        '',
      ].join('\n'),
    );
    expect((await cli('-j -v -s trap show netdevsim/netdevsim1 trap source_mac_is_multicast')).out).toBe(
      '{"trap":{"netdevsim/netdevsim1":[{"name":"source_mac_is_multicast","type":"drop","generic":true,"action":"drop","group":"l2_drops",' +
        '"metadata":["input_port"],"stats":{"rx":{"bytes":640,"packets":10}}}]}}\n',
    );
  });

  it('sets an action, and prints the warning of a request the kernel accepts but skips', async () => {
    expect(await cli('trap set netdevsim/netdevsim1 trap source_mac_is_multicast action trap')).toMatchObject({ code: 0, out: '', err: '' });
    expect((await cli('trap show netdevsim/netdevsim1 trap source_mac_is_multicast')).out).toContain('action trap group l2_drops');
    const skipped = await cli('trap set netdevsim/netdevsim1 trap igmp_query action drop');
    expect(skipped).toMatchObject({ code: 0, out: '', err: 'Warning: Cannot change action of non-drop traps. Skipping.\n' });
    expect((await cli('trap show netdevsim/netdevsim1 trap igmp_query')).out).toContain('action mirror');
  });

  it('names bad command lines as iproute2 does, before opening devlink', async () => {
    expect(await runCli(words('trap show netdevsim/netdevsim1'))).toMatchObject({ code: 1, err: "Trap's name is expected.\n", opened: false });
    expect(await runCli(words('trap set netdevsim/netdevsim1 trap x action bogus'))).toMatchObject({ code: 1, err: 'Unknown trap action "bogus"\n', opened: false });
    expect(await runCli(words('trap group show netdevsim/netdevsim1'))).toMatchObject({ code: 1, err: "Trap group's name is expected.\n" });
    expect(await runCli(words('trap policer show netdevsim/netdevsim1'))).toMatchObject({ code: 1, err: 'BUG: unknown argument required but not found\n' });
    expect(await runCli(words('trap bogus'))).toMatchObject({ code: 1, err: 'Command "bogus" not found\n' });
    expect(await runCli(words('trap help'))).toMatchObject({ code: 0, out: '' });
  });
});

describe('trap group and trap policer', () => {
  it('show groups and policers with statistics', async () => {
    expect((await cli('-s trap group show')).out).toBe(
      [
        'netdevsim/netdevsim1:',
        '  name l2_drops generic true policer 1',
        '    stats:',
        '        rx:',
        '          bytes 640 packets 10',
        '  name mc_snooping generic true',
        '    stats:',
        '        rx:',
        '          bytes 0 packets 0',
        '',
      ].join('\n'),
    );
    expect((await cli('-j trap policer show')).out).toBe(
      '{"trap_policer":{"netdevsim/netdevsim1":[{"policer":1,"rate":1000,"burst":128},{"policer":2,"rate":2000,"burst":256}]}}\n',
    );
    expect((await cli('-s trap policer show netdevsim/netdevsim1 policer 1')).out).toBe(
      'netdevsim/netdevsim1:\n  policer 1 rate 1000 burst 128\n    stats:\n        rx:\n          dropped 5\n',
    );
  });

  it('bind and unbind policers, set rates', async () => {
    expect(await cli('trap group set netdevsim/netdevsim1 group mc_snooping policer 2')).toMatchObject({ code: 0, err: '' });
    expect((await cli('trap group show netdevsim/netdevsim1 group mc_snooping')).out).toBe('netdevsim/netdevsim1:\n  name mc_snooping generic true policer 2\n');
    expect(await cli('trap group set netdevsim/netdevsim1 group mc_snooping nopolicer')).toMatchObject({ code: 0, err: '' });
    expect((await cli('trap group show netdevsim/netdevsim1 group mc_snooping')).out).toBe('netdevsim/netdevsim1:\n  name mc_snooping generic true\n');
    expect(await cli('trap policer set netdevsim/netdevsim1 policer 2 rate 3000 burst 512')).toMatchObject({ code: 0, err: '' });
    expect((await cli('trap policer show netdevsim/netdevsim1 policer 2')).out).toBe('netdevsim/netdevsim1:\n  policer 2 rate 3000 burst 512\n');
  });
});
