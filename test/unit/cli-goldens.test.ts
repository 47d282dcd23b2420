import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { DEVLINK_CMD } from '../../src/devlink/spec/index.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink, type FakeDevice, type FakePort } from '../support/fake-devlink.js';
import { monitorWhile, runCli, words } from './cli-harness.js';

/** The fake plus what the sfsim driver does on attach: the SF instance gets a port with a netdev. */
class SfsimLikeFake extends FakeDevlink {
  override attach(device: FakeDevice, port: FakePort): void {
    super.attach(device, port);
    const handle = port.function?.devlink;
    const aux = handle ? this.devices.get(handle) : undefined;
    if (!aux) return;
    const sfPort = this.putPort(aux, {
      index: 0, flavour: 'virtual', type: 'eth', splittable: false,
      netdev: { ifindex: 900 + (port.sfnum ?? 0), name: `eth_sf${port.sfnum ?? 0}` },
    });
    this.notifyPort(aux, sfPort);
  }
}

let fake: SfsimLikeFake;
let factory: DevlinkFactory;

beforeEach(() => {
  fake = new SfsimLikeFake();
  fake.addDevice('pci/0000:06:00.0', {
    sf: true,
    eswitchMode: 'switchdev',
    vfs: 2,
    serial: 'SN0601',
    params: [
      { name: 'max_macs', generic: true, type: 'u32', values: { driverinit: 32 } },
      { name: 'test1', generic: false, type: 'bool', values: { driverinit: true } },
    ],
  });
  fake.addDevice('netdevsim/netdevsim10', { physicalPorts: 2, eswitchMode: null });
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});

afterEach(() => fake.dispose());

async function cli(line: string) {
  return runCli(words(line), { devlink: factory });
}

describe('goldens against the fake devlink (text and JSON)', () => {
  it('dev show', async () => {
    const text = await cli('dev show');
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0
      netdevsim/netdevsim10
      "
    `);
    expect((await cli('-j dev show')).out).toMatchInlineSnapshot(`
      "{"dev":{"pci/0000:06:00.0":{},"netdevsim/netdevsim10":{}}}
      "
    `);
    expect((await cli('-jp dev show pci/0000:06:00.0')).out).toMatchInlineSnapshot(`
      "{
          "dev": {
              "pci/0000:06:00.0": {}
          }
      }
      "
    `);
  });

  it('port show', async () => {
    expect((await cli('port show')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0/0: type eth netdev sfsimpf0 flavour pcipf controller 0 pfnum 0 external false splittable false
        function:
          hw_addr 00:00:00:00:00:00 state active opstate attached roce enable
      pci/0000:06:00.0/1: type eth netdev sfsimpf0vf0 flavour pcivf controller 0 pfnum 0 vfnum 0 external false splittable false
        function:
          hw_addr 00:00:00:00:00:00 state active opstate attached roce enable migratable disable ipsec_crypto disable ipsec_packet disable max_io_eqs 8
      pci/0000:06:00.0/2: type eth netdev sfsimpf0vf1 flavour pcivf controller 0 pfnum 0 vfnum 1 external false splittable false
        function:
          hw_addr 00:00:00:00:00:00 state active opstate attached roce enable migratable disable ipsec_crypto disable ipsec_packet disable max_io_eqs 8
      netdevsim/netdevsim10/1000: type eth netdev eth0 flavour physical port 1 splittable true lanes 4
      netdevsim/netdevsim10/1001: type eth netdev eth1 flavour physical port 2 splittable true lanes 4
      "
    `);
    expect((await cli('-j port show pci/0000:06:00.0/1')).out).toMatchInlineSnapshot(`
      "{"port":{"pci/0000:06:00.0/1":{"type":"eth","netdev":"sfsimpf0vf0","flavour":"pcivf","controller":0,"pfnum":0,"vfnum":0,"external":false,"splittable":false,"function":{"hw_addr":"00:00:00:00:00:00","state":"active","opstate":"attached","roce":"enable","migratable":"disable","ipsec_crypto":"disable","ipsec_packet":"disable","max_io_eqs":8}}}}
      "
    `);
    expect((await cli('port show netdevsim/netdevsim10')).out).toMatchInlineSnapshot(`
      "netdevsim/netdevsim10/1000: type eth netdev eth0 flavour physical port 1 splittable true lanes 4
      netdevsim/netdevsim10/1001: type eth netdev eth1 flavour physical port 2 splittable true lanes 4
      "
    `);
  });

  it('eswitch, info, params', async () => {
    expect((await cli('dev eswitch show pci/0000:06:00.0')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0: mode switchdev inline-mode none encap-mode basic
      "
    `);
    expect((await cli('-j dev eswitch show pci/0000:06:00.0')).out).toMatchInlineSnapshot(`
      "{"dev":{"pci/0000:06:00.0":{"mode":"switchdev","inline-mode":"none","encap-mode":"basic"}}}
      "
    `);
    expect((await cli('dev info pci/0000:06:00.0')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0:
        driver sfsim
        serial_number SN0601
        versions:
            fixed:
              board.id fake-1
            running:
              fw.version 1.2.3
      "
    `);
    expect((await cli('-j dev info pci/0000:06:00.0')).out).toMatchInlineSnapshot(`
      "{"info":{"pci/0000:06:00.0":{"driver":"sfsim","serial_number":"SN0601","versions":{"fixed":{"board.id":"fake-1"},"running":{"fw.version":"1.2.3"}}}}}
      "
    `);
    expect((await cli('dev param show')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0:
        name max_macs type generic
          values:
            cmode driverinit value 32
        name test1 type driver-specific
          values:
            cmode driverinit value true
      "
    `);
    expect((await cli('-j dev param show pci/0000:06:00.0 name max_macs')).out).toMatchInlineSnapshot(`
      "{"param":{"pci/0000:06:00.0":[{"name":"max_macs","type":"generic","values":[{"cmode":"driverinit","value":32}]}]}}
      "
    `);
    expect(await cli('dev param set pci/0000:06:00.0 name max_macs value 64 cmode driverinit')).toMatchObject({ code: 0, err: '' });
    expect((await cli('dev param show pci/0000:06:00.0 name max_macs')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0:
        name max_macs type generic
          values:
            cmode driverinit value 64
      "
    `);
    expect(await cli('dev reload pci/0000:06:00.0 action driver_reinit')).toEqual({
      code: 0, out: 'reload_actions_performed:\n    driver_reinit\n', err: '', opened: true,
    });
    expect((await cli('-j dev reload pci/0000:06:00.0 action fw_activate')).out).toBe(
      '{"reload":{"reload_actions_performed":["fw_activate"]}}\n',
    );
    expect(await cli('dev param set pci/0000:06:00.0 name max_macs value many cmode driverinit')).toMatchObject({
      code: 1,
      err: 'Value "many" is not a number or not within range\n',
    });
    expect(await cli('dev param set pci/0000:06:00.0 name max_macs value 1 cmode runtime')).toMatchObject({
      code: 1,
      err: 'Configuration mode not supported\n',
    });
  });

  it('the SF lifecycle: add, configure, rates, activate --wait, deactivate --wait, delete', async () => {
    const added = await cli('port add pci/0000:06:00.0 flavour pcisf pfnum 0 sfnum 100000');
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0/32768: type eth netdev sfsimpf0sf100000 flavour pcisf controller 0 pfnum 0 sfnum 100000 splittable false
        function:
          hw_addr 00:00:00:00:00:00 state inactive opstate detached roce enable max_io_eqs 4
      "
    `);
    const json = await cli('-j port add pci/0000:06:00.0 flavour pcisf pfnum 0 sfnum 89');
    expect(json.out).toMatchInlineSnapshot(`
      "{"port":{"pci/0000:06:00.0/32769":{"type":"eth","netdev":"sfsimpf0sf89","flavour":"pcisf","controller":0,"pfnum":0,"sfnum":89,"splittable":false,"function":{"hw_addr":"00:00:00:00:00:00","state":"inactive","opstate":"detached","roce":"enable","max_io_eqs":4}}}}
      "
    `);
    expect(JSON.parse(json.out)).toHaveProperty(['port']);

    expect(await cli('port function set pci/0000:06:00.0/32768 hw_addr 00:00:00:00:88:88 roce disable max_io_eqs 4')).toMatchObject({ code: 0, err: '' });
    expect((await cli('port show pci/0000:06:00.0/32768')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0/32768: type eth netdev sfsimpf0sf100000 flavour pcisf controller 0 pfnum 0 sfnum 100000 splittable false
        function:
          hw_addr 00:00:00:00:88:88 state inactive opstate detached roce disable max_io_eqs 4
      "
    `);

    expect(await cli('port function rate add pci/0000:06:00.0/group1 tx_max 100mbit')).toMatchObject({ code: 0, err: '' });
    expect(await cli('port function rate set pci/0000:06:00.0/1 tx_share 12mbit parent group1')).toMatchObject({ code: 0, err: '' });
    expect((await cli('port function rate show')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0/group1: type node tx_max 100Mbit
      pci/0000:06:00.0/1: type leaf tx_share 12Mbit parent group1
      pci/0000:06:00.0/2: type leaf
      pci/0000:06:00.0/32768: type leaf
      pci/0000:06:00.0/32769: type leaf
      "
    `);
    expect((await cli('-j rate show pci/0000:06:00.0/group1')).out).toMatchInlineSnapshot(`
      "{"rate":{"pci/0000:06:00.0/group1":{"type":"node","tx_max":12500000}}}
      "
    `);
    expect((await cli('-i rate show pci/0000:06:00.0/1')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0/1: type leaf tx_share 11718Kibit parent group1
      "
    `);

    const active = await cli('port function set pci/0000:06:00.0/32768 state active --wait=5');
    expect(active).toMatchObject({ code: 0, err: '' });
    expect(active.out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0/32768: opstate attached devlink auxiliary/sfsim.sf.100000 netdev eth_sf100000
      "
    `);
    expect((await cli('port show pci/0000:06:00.0/32768')).out).toMatchInlineSnapshot(`
      "pci/0000:06:00.0/32768: type eth netdev sfsimpf0sf100000 flavour pcisf controller 0 pfnum 0 sfnum 100000 splittable false
        function:
          hw_addr 00:00:00:00:88:88 state active opstate attached roce disable max_io_eqs 4
            nested_devlink:
              auxiliary/sfsim.sf.100000
      "
    `);

    const inactive = await cli('-j port function set pci/0000:06:00.0/32768 state inactive --wait=5');
    expect(inactive).toMatchObject({ code: 0, err: '', out: '\n' });
    expect(await cli('port del pci/0000:06:00.0/32768')).toMatchObject({ code: 0, err: '', out: '' });
    expect(await cli('rate set pci/0000:06:00.0/1 noparent')).toMatchObject({ code: 0, err: '' });
    expect(await cli('port function rate del pci/0000:06:00.0/group1')).toMatchObject({ code: 0, err: '' });
  });

  it('a wait that does not complete names its stage', async () => {
    const neverAttaches = new SfsimLikeFake(undefined, { attachDelayMs: null });
    neverAttaches.addDevice('pci/0000:06:00.0', { sf: true, eswitchMode: 'switchdev' });
    const stalled: DevlinkFactory = async (opts) => Devlink.open({ ...opts, transport: neverAttaches.openTransport() });
    await runCli(words('port add pci/0000:06:00.0 flavour pcisf pfnum 0 sfnum 7'), { devlink: stalled });
    const run = await runCli(words('port function set pci/0000:06:00.0/32768 state active --wait=0.2'), { devlink: stalled });
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'Timed out after 0.2 s waiting for pci/0000:06:00.0/32768: stage "function attached" did not complete (opstate is detached)\n',
    );
    neverAttaches.dispose();
  });

  it('kernel refusals print the extended ACK and the strerror', async () => {
    const run = await cli('port add pci/0000:06:00.0 flavour pcisf pfnum 3 sfnum 1');
    expect(run.code).toBe(1);
    expect(run.err).toMatchInlineSnapshot(`
      "Error: sfsim: Invalid pfnum supplied.
      kernel answers: No such device
      "
    `);
    fake.failNext(DEVLINK_CMD['port-split'], 'EOPNOTSUPP', 'netdevsim: Port splitting is not supported');
    const unsupported = await cli('port split netdevsim/netdevsim10/1000 count 2');
    expect(unsupported).toMatchObject({
      code: 1,
      out: '',
      err: 'Error: netdevsim: Port splitting is not supported.\nkernel answers: Operation not supported\n',
    });
    const missing = await cli('dev show pci/0000:99:00.0');
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toMatchInlineSnapshot(`
      "kernel answers: No such device
      "
    `);
    expect((await cli('-j dev show pci/0000:99:00.0')).out).toBe('{"dev":{}}\n');
  });

  it('batch mode stops at the first failure, or continues with -force', async () => {
    const files = {
      cmds: 'dev show netdevsim/netdevsim10\n# a comment\nport show bogus/handle/x\ndev eswitch show pci/0000:06:00.0\n',
    };
    const stop = await runCli(['-b', 'cmds'], { devlink: factory, files });
    expect(stop.code).toBe(1);
    expect(stop.out).toBe('netdevsim/netdevsim10\n');
    expect(stop.err).toBe('Port index "x" is not a number or not within range\nCommand failed cmds:3\n');
    const force = await runCli(['-force', '-b', 'cmds'], { devlink: factory, files });
    expect(force.code).toBe(1);
    expect(force.out).toBe('netdevsim/netdevsim10\npci/0000:06:00.0: mode switchdev inline-mode none encap-mode basic\n');
    const missing = await runCli(['-b', 'nope'], { devlink: factory, files });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^Cannot open file "nope" for reading: /);
  });

  it('monitor prints rate, port and dev events in text', async () => {
    const out = await monitorWhile(factory, ['monitor'], [
      'port function rate add pci/0000:06:00.0/g9 tx_max 8mbit',
      'port add pci/0000:06:00.0 flavour pcisf pfnum 0 sfnum 5',
      'port function set pci/0000:06:00.0/32768 state active --wait=5',
    ], 14);
    expect(out).toMatchInlineSnapshot(`
      "[rate,new] pci/0000:06:00.0/g9: type node tx_max 8Mbit
      [port,new] pci/0000:06:00.0/32768: type eth netdev sfsimpf0sf5 flavour pcisf controller 0 pfnum 0 sfnum 5 splittable false
        function:
          hw_addr 00:00:00:00:00:00 state inactive opstate detached roce enable max_io_eqs 4
      [port,new] pci/0000:06:00.0/32768: type eth netdev sfsimpf0sf5 flavour pcisf controller 0 pfnum 0 sfnum 5 splittable false
        function:
          hw_addr 00:00:00:00:00:00 state active opstate detached roce enable max_io_eqs 4
      [dev,new] auxiliary/sfsim.sf.5
      [port,new] pci/0000:06:00.0/32768: type eth netdev sfsimpf0sf5 flavour pcisf controller 0 pfnum 0 sfnum 5 splittable false
        function:
          hw_addr 00:00:00:00:00:00 state active opstate attached roce enable max_io_eqs 4
            nested_devlink:
              auxiliary/sfsim.sf.5
      [port,new] auxiliary/sfsim.sf.5/0: type eth netdev eth_sf5 flavour virtual splittable false
      "
    `);
  });

  it('monitor -j prints one JSON object per event line, filtered by object', async () => {
    const out = await monitorWhile(factory, ['-j', 'monitor', 'rate', 'dev'], [
      'port function rate add pci/0000:06:00.0/g9 tx_max 8mbit',
      'port add pci/0000:06:00.0 flavour pcisf pfnum 0 sfnum 5',
      'port function set pci/0000:06:00.0/32768 state active --wait=5',
      'rate del pci/0000:06:00.0/g9',
    ], 3);
    for (const line of out.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(out).toMatchInlineSnapshot(`
      "{"command":"new","rate":{"pci/0000:06:00.0/g9":{"type":"node","tx_max":1000000}}}
      {"command":"new","dev":{"auxiliary/sfsim.sf.5":{}}}
      {"command":"del","rate":{"pci/0000:06:00.0/g9":{"type":"node","tx_max":1000000}}}
      "
    `);
  });
});
