import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { installSbDpipe, type FakeSbDpipe } from '../support/fake-devlink-sb.js';
import { runCli, words } from './cli-harness.js';

// Goldens of `devlink-ts sb ...` against the fake devlink modelled on objsim; the layout follows
// iproute2 6.1's printers (test/vm/cli-sb.test.ts compares with iproute2 on objsim in the VM).

let fake: FakeDevlink;
let sb: FakeSbDpipe;
let factory: DevlinkFactory;
const DEV = 'objsim/objsim1';

beforeEach(() => {
  fake = new FakeDevlink();
  fake.addDevice(DEV, { eswitchMode: null });
  fake.addDevice('netdevsim/netdevsim2');
  sb = installSbDpipe(fake);
  sb.add(DEV);
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});

afterEach(() => fake.dispose());

const cli = (line: string) => runCli(words(line), { devlink: factory });

describe('sb show', () => {
  it('dumps every shared buffer, text and JSON', async () => {
    expect(await cli('sb')).toEqual({
      code: 0, err: '', opened: true,
      out: [
        'objsim/objsim1:',
        '  sb 0 size 12000000 ing_pools 4 eg_pools 4 ing_tcs 8 eg_tcs 8',
        '  sb 1 size 3000000 ing_pools 2 eg_pools 2 ing_tcs 8 eg_tcs 8',
        '',
      ].join('\n'),
    });
    expect((await cli('-j sb show')).out).toBe(
      '{"sb":{"objsim/objsim1":[{"sb":0,"size":12000000,"ing_pools":4,"eg_pools":4,"ing_tcs":8,"eg_tcs":8},' +
        '{"sb":1,"size":3000000,"ing_pools":2,"eg_pools":2,"ing_tcs":8,"eg_tcs":8}]}}\n',
    );
  });

  it('gets sb 0 by default and the one named', async () => {
    expect((await cli(`sb show ${DEV}`)).out).toBe('objsim/objsim1:\n  sb 0 size 12000000 ing_pools 4 eg_pools 4 ing_tcs 8 eg_tcs 8\n');
    expect((await cli(`sb s ${DEV} sb 1`)).out).toBe('objsim/objsim1:\n  sb 1 size 3000000 ing_pools 2 eg_pools 2 ing_tcs 8 eg_tcs 8\n');
  });

  it('reports an unknown sb as the kernel refuses it', async () => {
    // an sb index the device lacks: ENODEV (devlink_sb_get_from_attrs; test/contract/shared-buffers.ts on objsim)
    expect(await cli(`sb show ${DEV} sb 7`)).toMatchObject({ code: 1, out: '', err: 'kernel answers: No such device\n' });
    expect(await cli(`-j sb show ${DEV} sb 7`)).toMatchObject({ code: 1, out: '{"sb":{}}\n' });
  });
});

describe('sb pool', () => {
  it('shows pools with cell size, and sets size and threshold type', async () => {
    const out = (await cli('sb pool show')).out.split('\n');
    expect(out.slice(0, 3)).toEqual([
      'objsim/objsim1:',
      '  sb 0 pool 0 type ingress size 6000000 thtype dynamic cell size 96',
      '  sb 0 pool 1 type ingress size 3000000 thtype dynamic cell size 96',
    ]);
    expect(out).toContain('  sb 0 pool 7 type egress size 96000 thtype static cell size 96');
    expect(await cli(`sb pool set ${DEV} pool 1 size 2000000 thtype static`)).toMatchObject({ code: 0, out: '', err: '' });
    expect((await cli(`-j sb pool show ${DEV} pool 1`)).out).toBe(
      '{"pool":{"objsim/objsim1":[{"sb":0,"pool":1,"type":"ingress","size":2000000,"thtype":"static","cell_size":96}]}}\n',
    );
  });

  it('prints the extack of a refused set', async () => {
    expect(await cli(`sb pool set ${DEV} sb 1 pool 0 size 3000001 thtype dynamic`)).toMatchObject({
      code: 1, err: 'Error: objsim: Pool size 3000001 exceeds shared buffer size 3000000.\nkernel answers: Invalid argument\n',
    });
  });
});

describe('sb port pool and tc bind', () => {
  it('lists port pools per port, each entry on its own indented line (iproute2 6.15)', async () => {
    const out = (await cli('sb port pool show')).out.split('\n');
    expect(out.slice(0, 4)).toEqual([
      'objsim/objsim1/0:',
      '  sb 0 pool 0 threshold 10',
      '  sb 0 pool 1 threshold 10',
      '  sb 0 pool 2 threshold 10',
    ]);
    expect(out).toContain('  sb 0 pool 7 threshold 96000');
  });

  it('names a port by its netdev where it has one (iproute2 6.15), by handle with -n, and accepts the netdev as a handle', async () => {
    const device = fake.devices.get(DEV)!;
    fake.putPort(device, { index: 1, flavour: 'physical', type: 'eth', splittable: false, portNumber: 1, netdev: { ifindex: 77, name: 'swp1' } });
    const nice = (await cli('sb port pool show')).out.split('\n');
    expect(nice).toContain('swp1:');
    expect(nice).toContain('objsim/objsim1/0:');
    expect(nice).not.toContain('objsim/objsim1/1:');
    const numeric = (await cli('-n sb port pool show')).out.split('\n');
    expect(numeric).toContain('objsim/objsim1/1:');
    expect(numeric).not.toContain('swp1:');
    expect((await cli('-j sb tc bind show')).out).toContain('"swp1":[');
    expect((await cli('sb port pool show swp1 sb 1 pool 1')).out).toBe('swp1:\n  sb 1 pool 1 threshold 10\n');
  });

  it('sets a threshold and shows one port pool, text and JSON', async () => {
    expect(await cli(`sb port pool set ${DEV}/1 sb 1 pool 1 th 3`)).toMatchObject({ code: 0, err: '' });
    expect((await cli(`sb port pool show ${DEV}/1 sb 1 pool 1`)).out).toBe('objsim/objsim1/1:\n  sb 1 pool 1 threshold 3\n');
    expect((await cli(`-j sb port pool show ${DEV}/1 sb 1 pool 1`)).out).toBe('{"port_pool":{"objsim/objsim1/1":[{"sb":1,"pool":1,"threshold":3}]}}\n');
  });

  it('port pool show reports a refusal but exits 0, as iproute2 6.1', async () => {
    expect(await cli(`sb port pool show ${DEV}/0 pool 9`)).toMatchObject({ code: 0, out: '', err: 'kernel answers: Invalid argument\n' });
    expect(await cli(`sb port pool set ${DEV}/0 pool 0 th 20`)).toMatchObject({
      code: 1, err: 'Error: objsim: Dynamic threshold 20 out of range 1-14.\nkernel answers: Invalid argument\n',
    });
  });

  it('binds a TC and shows it', async () => {
    expect(await cli(`sb tc bind set ${DEV}/0 tc 3 type egress pool 5 th 7`)).toMatchObject({ code: 0, err: '' });
    expect((await cli(`sb tc bind show ${DEV}/0 tc 3 type egress`)).out).toBe('objsim/objsim1/0:\n  sb 0 tc 3 type egress pool 5 threshold 7\n');
    expect((await cli(`-j sb tc bind show ${DEV}/0 tc 3 type egress`)).out).toBe(
      '{"tc_bind":{"objsim/objsim1/0":[{"sb":0,"tc":3,"type":"egress","pool":5,"threshold":7}]}}\n',
    );
    expect(await cli(`sb tc bind set ${DEV}/0 tc 3 type ingress pool 5 th 7`)).toMatchObject({
      code: 1, err: 'Error: objsim: Cannot bind ingress TC 3 to egress pool 5.\nkernel answers: Invalid argument\n',
    });
  });
});

describe('sb occupancy', () => {
  it('is zero before a snapshot and set by it; clearmax zeroes max', async () => {
    const before = (await cli(`sb occupancy show ${DEV}/0 sb 1`)).out;
    expect(before).toBe([
      'objsim/objsim1/0:',
      '  pool: 0:             0/0          1:             0/0          2:             0/0          3:             0/0         ',
      '  itc:  0(0):          0/0          1(0):          0/0          2(0):          0/0          3(0):          0/0         ',
      '        4(0):          0/0          5(0):          0/0          6(0):          0/0          7(0):          0/0         ',
      '  etc:  0(2):          0/0          1(2):          0/0          2(2):          0/0          3(2):          0/0         ',
      '        4(2):          0/0          5(2):          0/0          6(2):          0/0          7(2):          0/0         ',
      '',
      '',
    ].join('\n'));
    expect(await cli(`sb occupancy snapshot ${DEV} sb 1`)).toMatchObject({ code: 0, err: '' });
    const after = (await cli(`sb occupancy show ${DEV}/1 sb 1`)).out.split('\n');
    expect(after[1]).toBe('  pool: 0:         20160/40320      1:         20256/40512      2:         20352/40704      3:         20448/40896     ');
    expect(after[4]).toBe('  etc:  0(2):     202560/405120     1(2):     202656/405312     2(2):     202752/405504     3(2):     202848/405696    ');
    expect(await cli(`sb occupancy clearmax ${DEV} sb 1`)).toMatchObject({ code: 0, err: '' });
    const json = JSON.parse((await cli(`-j sb occupancy show ${DEV} sb 1`)).out) as { occupancy: Record<string, Record<string, Record<string, unknown>>> };
    expect(Object.keys(json.occupancy)).toEqual(['objsim/objsim1/0', 'objsim/objsim1/1']);
    expect(json.occupancy['objsim/objsim1/1']?.['pool']?.['0']).toEqual({ current: 20160, max: 0 });
    expect(json.occupancy['objsim/objsim1/1']?.['etc']?.['0']).toEqual({ bound_pool: 2, current: 202560, max: 0 });
  });
});

describe('sb command lines iproute2 refuses', () => {
  it.each([
    ['sb pool set objsim/objsim1 pool 0 size 10', 'Pool threshold type option expected.\n'],
    ['sb pool set objsim/objsim1 size 10 thtype static', 'Pool index option expected.\n'],
    ['sb pool set objsim/objsim1 pool 0 size 10 thtype warm', 'Unknown threshold type "warm"\n'],
    ['sb pool show objsim/objsim1', 'Pool index option expected.\n'],
    ['sb pool show objsim/objsim1 pool 70000', '"70000" is not a number or not within range\n'],
    ['sb pool show objsim/objsim1 pool', 'Unsigned number argument expected\n'],
    ['sb show objsim/objsim1 pool 1', 'Unknown option "pool"\n'],
    ['sb show objsim', 'Wrong identification string format.\nDevlink identification ("bus_name/dev_name") expected\n'],
    ['sb port pool set objsim/objsim1/0 pool 0', 'Threshold option expected.\n'],
    ['sb port pool show objsim/objsim1 pool 0', 'Wrong port identification string format.\nExpected "bus_name/dev_name/port_index" or "netdev_ifname".\n'],
    ['sb tc bind show objsim/objsim1/0 tc 1', 'Pool type option expected.\n'],
    ['sb tc bind set objsim/objsim1/0 tc 1 type sideways pool 0 th 1', 'Unknown pool type "sideways"\n'],
    ['sb tc bind set objsim/objsim1/0 tc 1 type ingress pool 0', 'Threshold option expected.\n'],
    ['sb occupancy show', 'One of following identifications expected:\nDevlink identification ("bus_name/dev_name")\nPort identification ("bus_name/dev_name/port_index" or "netdev ifname")\n'],
    ['sb occupancy snapshot objsim/objsim1 sb x', '"x" is not a number or not within range\n'],
    ['sb occupancy clean objsim/objsim1', 'Command "clean" not found\n'],
    ['sb tc unbind', 'Command "unbind" not found\n'],
    ['sb frobnicate', 'Command "frobnicate" not found\n'],
  ])('%s', async (line, err) => {
    expect(await runCli(words(line))).toEqual({ code: 1, out: '', err, opened: false });
  });

  it('-h sb and -h dpipe print the object usage on stdout', async () => {
    const sbHelp = await runCli(['-h', 'sb']);
    expect(sbHelp).toMatchObject({ code: 0, err: '', opened: false });
    expect(sbHelp.out.split('\n')[0]).toBe('Usage: devlink sb show [ DEV [ sb SB_INDEX ] ]');
    expect((await runCli(['dpipe', '-h'])).out.split('\n')[0]).toBe('Usage: devlink dpipe table show DEV [ name TABLE_NAME ]');
  });

  it('prints the usage for help and incomplete object words', async () => {
    for (const line of ['sb help', 'sb port', 'sb tc', 'sb occupancy', 'sb pool help']) {
      const run = await runCli(words(line));
      expect(run).toMatchObject({ code: 0, out: '', opened: false });
      expect(run.err.split('\n')[0]).toBe('Usage: devlink sb show [ DEV [ sb SB_INDEX ] ]');
      expect(run.err.split('\n')).toHaveLength(17);
    }
  });
});
