import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import type { FmsgItem } from '../support/fake-devlink-state.js';
import { runCli, words } from './cli-harness.js';

// Goldens of `devlink-ts health ...` against the fake devlink, shaped like netdevsim's reporters;
// the expected bytes are iproute2 6.1's output for netdevsim in the VM (test/vm/cli-health-trap).

const BYTES = Uint8Array.from({ length: 16 }, (_, i) => i);

/** netdevsim's dummy fmsg, including the two nest ends too many that 6.12 sends after test_nest. */
const DUMMY: FmsgItem[] = [
  ['obj'],
  ['pair'], ['name', 'test_bool'], ['flag', 1], ['end'],
  ['pair'], ['name', 'test_u8'], ['u8', 1], ['end'],
  ['pair'], ['name', 'test_u32'], ['u32', 3], ['end'],
  ['pair'], ['name', 'test_u64'], ['u64', 4n], ['end'],
  ['pair'], ['name', 'test_string'], ['str', 'somestring'], ['end'],
  ['pair'], ['name', 'test_binary'], ['arr'], ['bin', BYTES], ['end'], ['end'],
  ['pair'], ['name', 'test_nest'], ['obj'],
  ['pair'], ['name', 'nested_test_bool'], ['flag', 0], ['end'],
  ['pair'], ['name', 'nested_test_u8'], ['u8', 0], ['end'],
  ['end'], ['end'],
  ['end'], ['end'],
  ['pair'], ['name', 'test_u32_array'], ['arr'], ['u32', 0], ['u32', 1], ['end'], ['end'],
  ['end'],
];

/** A well-formed stream with an array of objects and a binary value longer than one row. */
const WELL_FORMED: FmsgItem[] = [
  ['obj'],
  ['pair'], ['name', 'break_message'], ['str', 'hello'], ['end'],
  ['pair'], ['name', 'blob'], ['arr'], ['bin', Uint8Array.from({ length: 20 }, (_, i) => 0xf0 + (i % 16))], ['end'], ['end'],
  ['pair'], ['name', 'queues'], ['arr'],
  ['obj'], ['pair'], ['name', 'id'], ['u32', 0], ['end'], ['pair'], ['name', 'ok'], ['flag', 1], ['end'], ['end'],
  ['obj'], ['pair'], ['name', 'id'], ['u32', 1], ['end'], ['pair'], ['name', 'ok'], ['flag', 0], ['end'], ['end'],
  ['end'], ['end'],
  ['pair'], ['name', 'numbers'], ['arr'], ['u32', 7], ['u32', 8], ['end'], ['end'],
  ['end'],
];

let fake: FakeDevlink;
let factory: DevlinkFactory;

beforeEach(() => {
  fake = new FakeDevlink();
  fake.addDevice('netdevsim/netdevsim1', {
    physicalPorts: 2,
    healthReporters: [
      { name: 'empty', state: 'healthy', errorCount: 0n, recoverCount: 0n, dump: { autoDump: true, items: [['obj'], ['end']] }, diagnose: [['obj'], ['end']] },
      {
        name: 'dummy', state: 'healthy', errorCount: 0n, recoverCount: 0n,
        recover: { gracefulPeriod: 0n, autoRecover: true },
        dump: { autoDump: true, items: DUMMY },
        diagnose: DUMMY,
      },
      { name: 'good', state: 'error', errorCount: 2n, recoverCount: 1n, diagnose: WELL_FORMED },
      { name: 'port_reporter', portIndex: 1001, state: 'healthy', errorCount: 0n, recoverCount: 0n },
    ],
  });
  fake.addDevice('netdevsim/netdevsim2', {
    physicalPorts: 1,
    healthReporters: [{ name: 'empty', state: 'healthy', errorCount: 0n, recoverCount: 0n }],
  });
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});

afterEach(() => fake.dispose());

const cli = (line: string) => runCli(words(line), { devlink: factory });

describe('health show', () => {
  it('lists device and port reporters grouped per handle, text and JSON', async () => {
    expect(await cli('health show')).toEqual({
      code: 0, err: '', opened: true,
      out: [
        'netdevsim/netdevsim1:',
        '  reporter empty',
        '    state healthy error 0 recover 0 auto_dump true',
        '  reporter dummy',
        '    state healthy error 0 recover 0 grace_period 0 auto_recover true auto_dump true',
        '  reporter good',
        '    state error error 2 recover 1',
        'netdevsim/netdevsim1/1001:',
        '  reporter port_reporter',
        '    state healthy error 0 recover 0',
        'netdevsim/netdevsim2:',
        '  reporter empty',
        '    state healthy error 0 recover 0',
        '',
      ].join('\n'),
    });
    expect((await cli('-j health')).out).toBe(
      '{"health":{"netdevsim/netdevsim1":[{"reporter":"empty","state":"healthy","error":0,"recover":0,"auto_dump":true},' +
        '{"reporter":"dummy","state":"healthy","error":0,"recover":0,"grace_period":0,"auto_recover":true,"auto_dump":true},' +
        '{"reporter":"good","state":"error","error":2,"recover":1}],' +
        '"netdevsim/netdevsim1/1001":[{"reporter":"port_reporter","state":"healthy","error":0,"recover":0}],' +
        '"netdevsim/netdevsim2":[{"reporter":"empty","state":"healthy","error":0,"recover":0}]}}\n',
    );
  });

  it('shows one reporter of a device or of a port', async () => {
    expect((await cli('health show netdevsim/netdevsim1 reporter dummy')).out).toBe(
      'netdevsim/netdevsim1:\n  reporter dummy\n    state healthy error 0 recover 0 grace_period 0 auto_recover true auto_dump true\n',
    );
    expect((await cli('-j health show netdevsim/netdevsim1/1001 reporter port_reporter')).out).toBe(
      '{"health":{"netdevsim/netdevsim1/1001":[{"reporter":"port_reporter","state":"healthy","error":0,"recover":0}]}}\n',
    );
    // A port named by its netdev.
    expect((await cli('health show eth1 reporter port_reporter')).out).toBe(
      'netdevsim/netdevsim1/1001:\n  reporter port_reporter\n    state healthy error 0 recover 0\n',
    );
  });

  it('names what is missing or unknown, as iproute2', async () => {
    expect(await runCli(words('health show netdevsim/netdevsim1'))).toMatchObject({ code: 1, out: '', err: "Reporter's name is expected.\n", opened: false });
    expect(await runCli(words('health recover netdevsim/netdevsim1 reporter'))).toMatchObject({ code: 1, err: 'String parameter expected\n' });
    expect(await runCli(words('health set netdevsim/netdevsim1 reporter dummy grace_period x'))).toMatchObject({ code: 1, err: '"x" is not a number or not within range\n' });
    expect(await runCli(words('health set netdevsim/netdevsim1 reporter dummy auto_dump maybe'))).toMatchObject({ code: 1, err: '"maybe" is not a valid boolean value\n' });
    expect(await runCli(words('health dump bogus'))).toMatchObject({ code: 1, err: 'Command "bogus" not found\n' });
    expect(await runCli(words('health help'))).toMatchObject({ code: 0, out: '' });
  });
});

describe('health diagnose and dump show', () => {
  it('prints netdevsim\'s dummy stream up to where iproute2 stops, and its "kernel answers: Success"', async () => {
    const expected =
      ' test_bool: true test_u8: 1 test_u32: 3 test_u64: 4 test_string: somestring\n' +
      '  test_binary:\n' +
      '    00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f \n' +
      '  test_nest:\n' +
      '    nested_test_bool: false nested_test_u8: 0\n';
    expect(await cli('health diagnose netdevsim/netdevsim1 reporter dummy')).toEqual({ code: 0, out: expected, err: 'kernel answers: Success\n', opened: true });
    expect(await cli('health dump show netdevsim/netdevsim1 reporter dummy')).toEqual({ code: 0, out: expected, err: 'kernel answers: Success\n', opened: true });
    expect((await cli('-j health diagnose netdevsim/netdevsim1 reporter dummy')).out).toBe(
      '{"test_bool":true,"test_u8":1,"test_u32":3,"test_u64":4,"test_string":"somestring",' +
        '"test_binary":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],"test_nest":{"nested_test_bool":false,"nested_test_u8":0}}\n',
    );
  });

  it('prints an empty stream as nothing (text) and {} (JSON)', async () => {
    expect(await cli('health diagnose netdevsim/netdevsim1 reporter empty')).toEqual({ code: 0, out: '', err: '', opened: true });
    expect((await cli('-j health dump show netdevsim/netdevsim1 reporter empty')).out).toBe('{}\n');
  });

  it('prints arrays of objects and long binary values', async () => {
    expect(await cli('health diagnose netdevsim/netdevsim1 reporter good')).toEqual({
      code: 0, err: '', opened: true,
      out: [
        ' break_message: hello',
        '  blob:',
        '    f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff ',
        '    f0 f1 f2 f3 ',
        '  queues:',
        // Each object of the array opens one more indent step, as in iproute2's walk.
        '      id: 0 ok: true',
        '      id: 1 ok: false',
        '  numbers:',
        '    7 8',
        '',
      ].join('\n'),
    });
    expect((await cli('-j -p health diagnose netdevsim/netdevsim1 reporter good')).out).toBe(
      [
        '{',
        '    "break_message": "hello",',
        '    "blob": [ 240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255,240,241,242,243 ],',
        '    "queues": [ {',
        '            "id": 0,',
        '            "ok": true',
        '        },{',
        '            "id": 1,',
        '            "ok": false',
        '        } ],',
        '    "numbers": [ 7,8 ]',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('health set, recover, dump clear, test', () => {
  it('changes settings and reports kernel refusals', async () => {
    expect(await cli('health set netdevsim/netdevsim1 reporter dummy grace_period 3000 auto_recover false')).toMatchObject({ code: 0, out: '', err: '' });
    expect((await cli('health show netdevsim/netdevsim1 reporter dummy')).out).toContain('grace_period 3000 auto_recover false auto_dump true');
    expect(await cli('health recover netdevsim/netdevsim1 reporter dummy')).toMatchObject({ code: 0, out: '', err: '' });
    expect(await cli('health dump clear netdevsim/netdevsim1 reporter dummy')).toMatchObject({ code: 0, out: '', err: '' });
    const refused = await cli('health recover netdevsim/netdevsim1 reporter nope');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/kernel answers: /);
  });

  it('accepts a set with nothing to change, as iproute2 does, and still refuses an unknown reporter', async () => {
    expect(await cli('health set netdevsim/netdevsim1 reporter dummy')).toMatchObject({ code: 0, out: '', err: '' });
    const refused = await cli('health set netdevsim/netdevsim1 reporter nope');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/kernel answers: /);
  });
});
