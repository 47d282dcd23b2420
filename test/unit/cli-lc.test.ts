import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { addFakeLinecards, addFakePortParams } from '../support/fake-devlink-linecards.js';
import { monitorWhile, runCli, words } from './cli-harness.js';

// Goldens of `devlink-ts lc ...`, `dev selftests ...`, `port param ...` and `port health`
// against the fake devlink; layouts are iproute2 6.1's (test/vm/cli-lc.test.ts,
// cli-selftests.test.ts and cli-port-objects.test.ts compare with iproute2 on objsim/netdevsim).

let fake: FakeDevlink;
let factory: DevlinkFactory;
const DEV = 'objsim/objsim1';
const TYPES = ['16x100G', '8x200G'];

beforeEach(() => {
  fake = new FakeDevlink();
  const device = fake.addDevice(DEV, {
    physicalPorts: 2,
    selftests: { flash: 'pass' },
    flash: { files: ['fw.bin'], overwriteMask: false },
    healthReporters: [
      { name: 'fw', state: 'healthy', errorCount: 0n, recoverCount: 0n },
      { name: 'port_fw', portIndex: 0, state: 'error', errorCount: 2n, recoverCount: 1n, recover: { gracefulPeriod: 0n, autoRecover: true } },
    ],
  });
  addFakeLinecards(device, [
    { supportedTypes: TYPES },
    { state: 'active', type: '16x100G', supportedTypes: TYPES, nested: 'objsim/objsim1.lc2' },
  ], { delayMs: null });
  addFakePortParams(device, 0, [{ name: 'wol', generic: true, type: 'u8', values: { runtime: 3 } }]);
  const second = fake.addDevice('objsim/objsim2');
  addFakeLinecards(second, [{ state: 'provisioning_failed', type: '8x200G', supportedTypes: TYPES }], { delayMs: null });
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});

afterEach(() => fake.dispose());

const cli = (line: string) => runCli(words(line), { devlink: factory });

const ok = (out: string) => ({ code: 0, out, err: '', opened: true });
const failed = (err: string, out = '') => ({ code: 1, out, err, opened: true });
const refused = (err: string) => ({ code: 1, out: '', err, opened: false });
const SUPPORTED = '    supported_types:\n       16x100G 8x200G\n';

describe('lc show', () => {
  it('lists slots per device, text and JSON', async () => {
    expect(await cli('lc')).toEqual(ok(
      'objsim/objsim1:\n  lc 1 state unprovisioned\n' + SUPPORTED +
      '  lc 2 state active type 16x100G nested_devlink objsim/objsim1.lc2\n' + SUPPORTED +
      'objsim/objsim2:\n  lc 1 state provisioning_failed type 8x200G\n' + SUPPORTED,
    ));
    expect((await cli('-j lc list')).out).toBe(
      '{"lc":{"objsim/objsim1":[{"lc":1,"state":"unprovisioned","supported_types":["16x100G","8x200G"]},' +
        '{"lc":2,"state":"active","type":"16x100G","nested_devlink":"objsim/objsim1.lc2","supported_types":["16x100G","8x200G"]}],' +
        '"objsim/objsim2":[{"lc":1,"state":"provisioning_failed","type":"8x200G","supported_types":["16x100G","8x200G"]}]}}\n',
    );
  });

  it('shows one device (a dump with a selector, as iproute2 6.15) and one slot', async () => {
    expect(await cli('lc show objsim/objsim2')).toEqual(ok('objsim/objsim2:\n  lc 1 state provisioning_failed type 8x200G\n' + SUPPORTED));
    expect(await cli('l s objsim/objsim1 l 1')).toEqual(ok('objsim/objsim1:\n  lc 1 state unprovisioned\n' + SUPPORTED));
    expect(await cli('-jp lc show objsim/objsim1 lc 1')).toEqual(ok([
      '{',
      '    "lc": {',
      '        "objsim/objsim1": [ {',
      '                "lc": 1,',
      '                "state": "unprovisioned",',
      '                "supported_types": [ "16x100G","8x200G" ]',
      '            } ]',
      '    }',
      '}',
      '',
    ].join('\n')));
    expect(await cli('lc show objsim/objsim1 lc 7')).toEqual(failed('kernel answers: No such device\n'));
    expect(await cli('-j lc show objsim/objsim1 lc 7')).toEqual(failed('kernel answers: No such device\n', '{"lc":{}}\n'));
  });
});

describe('lc set', () => {
  it('provisions and unprovisions, with the kernel warnings and refusals as iproute2 prints them', async () => {
    expect(await cli('lc set objsim/objsim1 lc 1 type 8x200G')).toEqual(ok(''));
    expect((await cli('lc show objsim/objsim1 lc 1')).out).toContain('lc 1 state provisioning type 8x200G');
    expect(await cli('lc set objsim/objsim1 lc 1 notype')).toEqual(failed('Error: Line card is currently being provisioned.\nkernel answers: Device or resource busy\n'));
    expect(await cli('lc set objsim/objsim1 lc 2 type 16x100G')).toEqual({ ...ok(''), err: 'Warning: Line card already provisioned.\n' });
    expect(await cli('lc set objsim/objsim1 lc 2 type 8x200G')).toEqual(failed('Error: Line card already provisioned.\nkernel answers: Device or resource busy\n'));
    expect(await cli('lc set objsim/objsim2 lc 1 t 1x400G')).toEqual(failed('Error: Unsupported line card type provided.\nkernel answers: Invalid argument\n'));
    expect(await cli('lc set objsim/objsim2 lc 1 notype')).toEqual(ok(''));
    expect(await cli('lc set objsim/objsim2 lc 1 n')).toEqual({ ...ok(''), err: 'Warning: Line card is not provisioned.\n' });
  });

  it('refuses bad command lines with iproute2 messages before opening devlink', async () => {
    const cases: [string, string][] = [
      ['lc set', 'Devlink identification ("bus_name/dev_name") expected\n'],
      ['lc set objsim', 'Wrong identification string format.\nDevlink identification ("bus_name/dev_name") expected\n'],
      ['lc set objsim/objsim1', 'Linecard index expected.\n'],
      ['lc set objsim/objsim1 lc 1', 'Linecard type expected.\n'],
      ['lc set objsim/objsim1 type 8x200G', 'Linecard index expected.\n'],
      ['lc set objsim/objsim1 lc', 'Unsigned number argument expected\n'],
      ['lc set objsim/objsim1 lc one', '"one" is not a number or not within range\n'],
      ['lc set objsim/objsim1 lc 1 type', 'String parameter expected\n'],
      ['lc set objsim/objsim1 lc 1 colour red', 'Unknown option "colour"\n'],
      ['lc show objsim/objsim1 type 8x200G', 'Unknown option "type"\n'],
      ['lc show objsim/objsim1 lc -1', '"-1" is not a number or not within range\n'],
      ['lc bogus', 'Command "bogus" not found\n'],
    ];
    for (const [line, err] of cases) expect({ line, ...(await cli(line)) }).toEqual({ line, ...refused(err) });
    expect(await cli('lc help')).toEqual({ code: 0, out: '', opened: false, err:
      'Usage: devlink lc show [ DEV [ lc LC_INDEX ] ]\n       devlink lc set DEV lc LC_INDEX [ { type LC_TYPE | notype } ]\n' });
  });
});

describe('lc set --wait', () => {
  it('waits by notifications for the outcome and prints it; failure and timeout fail the command', async () => {
    const waiting = new FakeDevlink();
    const device = waiting.addDevice(DEV);
    const [first, second] = addFakeLinecards(device, [{ supportedTypes: TYPES }, { supportedTypes: TYPES }], { delayMs: 20 });
    const open: DevlinkFactory = async (opts) => Devlink.open({ ...opts, transport: waiting.openTransport() });
    const run = (line: string) => runCli(words(line), { devlink: open });
    try {
      expect(await run(`lc set ${DEV} lc 1 type 8x200G --wait`)).toEqual(ok(`${DEV} lc 1: state provisioned type 8x200G\n`));
      expect(first?.state).toBe('provisioned');
      expect(await run(`lc set ${DEV} lc 1 notype --wait=5`)).toEqual(ok(`${DEV} lc 1: state unprovisioned\n`));
      second!.failNextProvision = true;
      expect(await run(`lc set ${DEV} lc 2 type 16x100G --wait`)).toEqual(failed(`devlink-ts: line card ${DEV} lc 2: provisioning failed (type 16x100G)\n`));
      addFakeLinecards(device, [{ supportedTypes: TYPES }], { delayMs: null });
      expect(await run(`lc set ${DEV} lc 1 type 16x100G --wait=0.05`)).toEqual(
        failed(`timed out after 50 ms waiting for line card ${DEV} lc 1: state provisioned\n`),
      );
    } finally {
      waiting.dispose();
    }
  });
});

describe('dev selftests', () => {
  it('shows offered selftests per device and runs them', async () => {
    expect(await cli('dev selftests')).toEqual(ok('objsim/objsim1:\n  flash\n'));
    expect(await cli('-j dev selftests show objsim/objsim1')).toEqual(ok('{"selftests":{"objsim/objsim1":["flash"]}}\n'));
    expect(await cli('dev selftests run objsim/objsim1')).toEqual(ok('objsim/objsim1:\n    flash:\n      status passed\n'));
    expect(await cli('-j dev selftests run objsim/objsim1 id flash')).toEqual(ok('{"selftests":{"objsim/objsim1":{"flash":{"status":"passed"}}}}\n'));
    // a driver without selftest ops: the kernel refuses (EOPNOTSUPP; test/contract/selftests.ts on netdevsim)
    expect(await cli('dev selftests show objsim/objsim2')).toEqual(failed('kernel answers: Operation not supported\n'));
  });

  it('refuses bad command lines', async () => {
    expect(await cli('dev selftests run')).toEqual(refused('Devlink identification ("bus_name/dev_name") expected\n'));
    expect(await cli('dev selftests run objsim/objsim1 id flash bogus')).toEqual(refused('Unknown selftest "bogus"\n'));
    expect(await cli('dev selftests run objsim/objsim1 now')).toEqual(refused('Unknown option "now"\n'));
    expect(await cli('dev selftests show objsim/objsim1 extra')).toEqual(refused('Unknown option "extra"\n'));
    expect(await cli('dev selftests bogus')).toEqual(refused('Command "bogus" not found\n'));
  });
});

describe('port param', () => {
  it('shows and sets port params where the kernel has them; prints its refusal otherwise', async () => {
    expect(await cli('port param')).toEqual(ok('objsim/objsim1/0:\n  name wol type generic\n    values:\n      cmode runtime value 3\n'));
    expect((await cli('-j port param show objsim/objsim1/0 name wol')).out).toBe(
      '{"param":{"objsim/objsim1/0":[{"name":"wol","type":"generic","values":[{"cmode":"runtime","value":3}]}]}}\n',
    );
    expect(await cli('port param set objsim/objsim1/0 name wol value 5 cmode runtime')).toEqual(ok(''));
    expect((await cli('port param show objsim/objsim1/0 name wol')).out).toContain('cmode runtime value 5');
    expect(await cli('port param set objsim/objsim1/0 name wol value 300 cmode runtime')).toEqual(failed('Value "300" is not a number or not within range\n'));
    expect(await cli('-j port param show objsim/objsim1/1 name wol')).toEqual(
      failed('Error: Port params are not supported.\nkernel answers: Invalid argument\n', '{"param":{}}\n'),
    );
    expect(await cli('port param set objsim/objsim1/1 name wol value 1 cmode runtime')).toEqual(
      failed('Error: Port params are not supported.\nkernel answers: Invalid argument\n'),
    );
  });

  it('refuses bad command lines', async () => {
    expect(await cli('port param show objsim/objsim1/0')).toEqual(refused('Parameter name expected.\n'));
    expect(await cli('port param set objsim/objsim1/0 name wol')).toEqual(refused('Value to set expected.\n'));
    expect(await cli('port param set objsim/objsim1/0 name wol value 1')).toEqual(refused('Configuration mode expected.\n'));
    expect(await cli('port param set objsim/objsim1/0 bogus name wol')).toEqual(refused('Unknown option "bogus"\n'));
    expect(await cli('port param bogus')).toEqual(refused('Command "bogus" not found\n'));
  });
});

describe('port health', () => {
  it('lists only port reporters; other forms are health ...', async () => {
    const port = 'objsim/objsim1/0:\n  reporter port_fw\n    state error error 2 recover 1 grace_period 0 auto_recover true\n';
    expect(await cli('port health')).toEqual(ok(port));
    expect(await cli('port health show')).toEqual(ok(port));
    expect(await cli('port health list objsim/objsim1 reporter fw')).toEqual(ok(''));
    expect(await cli('port health show objsim/objsim1 reporter fw')).toEqual(ok('objsim/objsim1:\n  reporter fw\n    state healthy error 0 recover 0\n'));
    expect(await cli('port health bogus')).toEqual(refused('Command "bogus" not found\n'));
  });
});

describe('monitor lc and flash', () => {
  it('prints line card events with the lc printer (iproute2 keeps the device header of the last event)', async () => {
    const text = await monitorWhile(factory, ['monitor', 'lc'], ['lc set objsim/objsim1 lc 1 type 8x200G', 'lc set objsim/objsim2 lc 1 notype'], 6, { code: 0 });
    expect(text).toBe(
      '[lc,new] objsim/objsim1:\n  lc 1 state provisioning type 8x200G\n' + SUPPORTED +
      '  [lc,new] objsim/objsim2:\n  lc 1 state unprovisioned\n' + SUPPORTED,
    );
    const json = await monitorWhile(factory, ['-j', 'monitor', 'lc'], ['lc set objsim/objsim1 lc 2 notype'], 1, { code: 0 });
    expect(JSON.parse(json.trim())).toEqual({
      command: 'new', lc: { 'objsim/objsim1': [{ lc: 2, state: 'unprovisioning', type: '16x100G', supported_types: TYPES }] },
    });
  });

  it('prints flash begin/status/end events', async () => {
    const text = await monitorWhile(factory, ['monitor', 'flash'], ['dev flash objsim/objsim1 file fw.bin'], 6, { code: 0 });
    expect(text).toBe([
      '[flash,begin] objsim/objsim1:',
      '[flash,status] objsim/objsim1: msg Preparing to flash done 0 total 0',
      '[flash,status] objsim/objsim1: msg Flashing done 500 total 1000',
      '[flash,status] objsim/objsim1: msg Flashing done 1000 total 1000',
      '[flash,status] objsim/objsim1: msg Flash select done 0 total 0',
      '[flash,end] objsim/objsim1:',
      '',
    ].join('\n'));
  });
});
