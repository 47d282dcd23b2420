import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { decodeAttributes, type AttributeTree } from '../../src/devlink/codec.js';
import { DEVLINK_CMD } from '../../src/devlink/spec/index.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { runCli, words } from './cli-harness.js';

// `slice` (the 2020 devlink-slice proposal) as an alias over port add / port function set /
// port del, against the fake kernel: the same requests as the port commands, the proposal's
// output, and the kernel's refusals printed as iproute2 prints them.

const DEV = 'pci/0000:06:00.0';
let fake: FakeDevlink;
let factory: DevlinkFactory;

beforeEach(() => {
  fake = new FakeDevlink();
  fake.addDevice(DEV, { sf: true, eswitchMode: 'switchdev', vfs: 1 });
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});
afterEach(() => fake.dispose());

async function cli(line: string) {
  return runCli(words(line), { devlink: factory });
}

function sent(command: number): AttributeTree[] {
  return fake.kernel.requests
    .filter((r) => r.genl?.familyId === fake.family.id && r.genl.command === command)
    .map((r) => decodeAttributes(r.genl!.attributes, 'devlink'));
}

describe('slice (alias over port functions)', () => {
  it("runs the proposal's sequence: add, show (text and -j), set hw_addr and state, del", async () => {
    const added = await cli(`slice add ${DEV} flavour pcisf pfnum 0 sfnum 4`);
    expect(added).toMatchObject({ code: 0, err: '', out: `${DEV}/32768: flavour pcisf pfnum 0 sfnum 4 state inactive opstate detached\n` });
    expect(sent(DEVLINK_CMD['port-new']).at(-1)!.values).toMatchObject({ 'port-flavour': 7, 'port-pci-pf-number': 0, 'port-pci-sf-number': 4 });

    expect((await cli(`-j slice show ${DEV}/32768`)).out).toBe(
      `{"slice":{"${DEV}/32768":{"flavour":"pcisf","pfnum":0,"sfnum":4,"state":"inactive","opstate":"detached"}}}\n`,
    );
    // a listing shows every port with a PCI function (PF, VF, SF), not physical ports
    const listed = (await cli('slice show')).out.split('\n').filter(Boolean);
    expect(listed.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      `${DEV}/0: flavour pcipf`, `${DEV}/1: flavour pcivf`, `${DEV}/32768: flavour pcisf`,
    ]);

    expect(await cli(`slice set ${DEV}/32768 hw_addr 00:00:00:00:04:04 state active`)).toMatchObject({ code: 0, err: '', out: '' });
    const fn = sent(DEVLINK_CMD['port-set']).at(-1)!;
    expect(fn.values['port-index']).toBe(32768);
    expect((fn.values['port-function'] as AttributeTree).values).toMatchObject({ 'hw-addr': Uint8Array.from([0, 0, 0, 0, 4, 4]), state: 1 });
    expect((await cli(`slice show ${DEV}/32768`)).out).toBe(`${DEV}/32768: flavour pcisf pfnum 0 sfnum 4 state active opstate attached\n`);
    expect((await cli(`port show ${DEV}/32768`)).out).toContain('hw_addr 00:00:00:00:04:04 state active opstate attached');

    expect(await cli(`slice set ${DEV}/32768 state inactive`)).toMatchObject({ code: 0, err: '' });
    expect(await cli(`slice del ${DEV}/32768`)).toMatchObject({ code: 0, err: '', out: '' });
    expect(sent(DEVLINK_CMD['port-del']).at(-1)!.values).toMatchObject({ 'bus-name': 'pci', 'dev-name': '0000:06:00.0', 'port-index': 32768 });
    expect((await cli(`-j slice show ${DEV}`)).out).not.toContain('32768');
  });

  it('sends index N as the requested port index (the fake, like mlx5, refuses it with its message)', async () => {
    expect(await cli(`slice add ${DEV} flavour pcisf pfnum 0 sfnum 4 index 7`)).toMatchObject({
      code: 1, err: 'Error: sfsim: Driver does not support user defined port index assignment.\nkernel answers: Operation not supported\n',
    });
    expect(sent(DEVLINK_CMD['port-new']).at(-1)!.values['port-index']).toBe(7);
  });

  it('prints kernel refusals as iproute2 does and -j output the same way as port commands', async () => {
    expect(await cli(`-j slice add ${DEV} flavour pcisf pfnum 0 sfnum 9`)).toMatchObject({
      code: 0, out: `{"slice":{"${DEV}/32768":{"flavour":"pcisf","pfnum":0,"sfnum":9,"state":"inactive","opstate":"detached"}}}\n`,
    });
    const again = await cli(`slice add ${DEV} flavour pcisf pfnum 0 sfnum 9`);
    expect(again).toMatchObject({ code: 1, err: 'Error: sfsim: SF already exist. Choose different sfnum.\nkernel answers: File exists\n' });
    expect(await cli(`slice del ${DEV}/4242`)).toMatchObject({ code: 1 });
    expect((await cli(`slice del ${DEV}/4242`)).err).toBe((await cli(`port del ${DEV}/4242`)).err);
  });

  it('names bad command lines before opening devlink', async () => {
    const bad: [string, string][] = [
      [`slice add ${DEV} pfnum 0 sfnum 4`, 'Port flavour is expected.\n'],
      [`slice add ${DEV} flavour pcisf sfnum 4`, 'Port PCI PF number is expected.\n'],
      [`slice add ${DEV} flavour pcisf pfnum 0 sfnum 4 index x`, '"x" is not a number or not within range\n'],
      [`slice add ${DEV} flavour pcisf pfnum 0 colour red`, 'Unknown option "colour"\n'],
      [`slice add ${DEV} flavour pcivf pfnum 0`, 'Only slices of flavour pcisf or pcipf can be added\n'],
      [`slice set ${DEV}/1`, 'Need to set at least one option: hw_addr or state\n'],
      [`slice set ${DEV}/1 state up`, 'Error: argument "up" is wrong: unknown state\n'],
      [`slice set ${DEV}/1 hw_addr zz:00`, '"zz" is invalid lladdr.\n'],
      [`slice del ${DEV}`, 'Wrong port identification string format.\nExpected "bus_name/dev_name/port_index" or "netdev_ifname".\n'],
      ['slice bogus', 'Command "bogus" not found\n'],
    ];
    for (const [line, err] of bad) expect(await runCli(words(line)), line).toMatchObject({ code: expect.any(Number), err, opened: false });
    for (const [line] of bad) expect((await runCli(words(line))).code, line).not.toBe(0);
  });

  it('help and -h slice print the usage', async () => {
    expect((await runCli(['slice', 'help'])).err).toMatch(/^Usage: devlink slice show \[ DEV\/SLICE_INDEX \]\n/);
    expect((await runCli(['-h', 'slice'])).out).toMatch(/devlink slice add DEV flavour pcisf pfnum PFNUM sfnum SFNUM \[ index SLICE_INDEX \]/);
  });
});
