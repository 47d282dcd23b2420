import { afterEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { DevlinkInputError, DevlinkWaitTimeoutError } from '../../src/devlink/errors.js';
import type { DevlinkEvent } from '../../src/devlink/ops/events.js';
import { decodeAttributes, type AttributeTree } from '../../src/devlink/codec.js';
import { DEVLINK_CMD } from '../../src/devlink/spec/index.js';
import { GenlFamilyNotFoundError } from '../../src/genl/errors.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { FakeDevlink, type FakeDevlinkOptions } from '../support/fake-devlink.js';

const PF = 'pci/0000:06:00.0';
let fake: FakeDevlink;
let dl: Devlink;

async function setup(options: FakeDevlinkOptions = {}, build?: (f: FakeDevlink) => void): Promise<void> {
  fake = new FakeDevlink(new FakeKernel(), options);
  fake.addDevice(PF, { sf: true, eswitchMode: 'switchdev', vfs: 2, serial: 'SN123', params: [
    { name: 'max_macs', generic: true, type: 'u32', values: { driverinit: 32 } },
    { name: 'enable_roce', generic: true, type: 'bool', values: { driverinit: true } },
    { name: 'flow_steering_mode', generic: false, type: 'string', values: { runtime: 'dmfs' } },
  ] });
  fake.addDevice('netdevsim/netdevsim10', { physicalPorts: 2 });
  build?.(fake);
  dl = await Devlink.open({ transport: fake.openTransport(), timeoutMs: 2000 });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function requestsOf(command: number): AttributeTree[] {
  return fake.kernel.requests
    .filter((r) => r.genl?.familyId === fake.family.id && r.genl.command === command)
    .map((r) => decodeAttributes(r.genl!.attributes, 'devlink'));
}

afterEach(() => {
  dl?.close();
  fake?.dispose();
});

describe('Devlink.open', () => {
  it('fails with ENOENT when the kernel has no devlink family', async () => {
    const kernel = new FakeKernel();
    const error = await rejection(Devlink.open({ transport: kernel.openTransport() }));
    expect(error).toBeInstanceOf(GenlFamilyNotFoundError);
    expect((error as GenlFamilyNotFoundError).code).toBe('ENOENT');
  });
});

describe('devices, eswitch, info', () => {
  it('lists and gets devices', async () => {
    await setup();
    const devices = await dl.listDevices();
    expect(devices.map((d) => d.handle)).toEqual([PF, 'netdevsim/netdevsim10']);
    const device = await dl.getDevice(PF);
    expect(device).toMatchObject({ busName: 'pci', deviceName: '0000:06:00.0', reloadFailed: false, nestedDevlinks: [] });
    const missing = await rejection(dl.getDevice('pci/0000:99:00.0'));
    expect(missing).toBeInstanceOf(NetlinkKernelError);
    expect((missing as NetlinkKernelError).code).toBe('ENODEV');
  });

  it('gets and sets the eswitch in one request', async () => {
    await setup();
    expect(await dl.getEswitch(PF)).toMatchObject({ handle: PF, mode: 'switchdev', inlineMode: 'none', encapMode: 'basic' });
    await dl.setEswitch('netdevsim/netdevsim10', { mode: 'switchdev', inlineMode: 'link', encapMode: 'none' });
    expect(await dl.getEswitch('netdevsim/netdevsim10')).toMatchObject({ mode: 'switchdev', inlineMode: 'link', encapMode: 'none' });
    expect(requestsOf(DEVLINK_CMD['eswitch-set'])[0]!.values).toEqual({
      'bus-name': 'netdevsim', 'dev-name': 'netdevsim10', 'eswitch-mode': 1, 'eswitch-inline-mode': 1, 'eswitch-encap-mode': 0,
    });
  });

  it('reads info with versions in order', async () => {
    await setup();
    const info = await dl.getInfo(PF);
    expect(info).toMatchObject({ driver: 'sfsim', serialNumber: 'SN123', versions: { fixed: [{ name: 'board.id', value: 'fake-1' }], running: [{ name: 'fw.version', value: '1.2.3' }], stored: [] } });
    expect((await dl.listInfo()).map((i) => i.handle)).toEqual([PF, 'netdevsim/netdevsim10']);
  });
});

describe('ports and the SF lifecycle', () => {
  it('lists ports per device in one dump, with typed fields and the raw tree', async () => {
    await setup();
    const before = fake.kernel.requests.length;
    const ports = await dl.listPorts(PF);
    expect(fake.kernel.requests.length - before).toBe(1);
    expect(ports.map((p) => p.handle)).toEqual([`${PF}/0`, `${PF}/1`, `${PF}/2`]);
    expect(ports[1]).toMatchObject({
      flavour: 'pcivf', type: 'eth', controller: 0, pfnum: 0, vfnum: 0, external: false, splittable: false,
      function: { hwAddr: '00:00:00:00:00:00', state: 'active', opstate: 'attached', maxIoEqs: 8, caps: { roce: true, migratable: false, ipsecCrypto: false, ipsecPacket: false } },
    });
    expect(ports[1]!.attributes.values['port-pci-vf-number']).toBe(0);
    expect((await dl.listPorts()).length).toBe(5);
  });

  for (const portReplyCommand of [7, 3] as const) {
    it(`runs add, configure, activate, wait attached, deactivate, wait detached, delete (port replies as cmd ${portReplyCommand})`, async () => {
      await setup({ portReplyCommand, attachDelayMs: 20 });
      const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 100000, controller: 0 });
      expect(sf).toMatchObject({
        handle: `${PF}/32768`, flavour: 'pcisf', pfnum: 0, sfnum: 100000, controller: 0,
        function: { hwAddr: '00:00:00:00:00:00', state: 'inactive', opstate: 'detached', maxIoEqs: 4 },
      });
      await dl.setPortFunction(sf.handle, { hwAddr: '00:00:00:00:88:88', roce: false, maxIoEqs: 16 });
      const [request] = requestsOf(DEVLINK_CMD['port-set']);
      const fn = request!.values['port-function'] as AttributeTree;
      expect(Object.keys(fn.values)).toEqual(['hw-addr', 'caps', 'max-io-eqs']);
      expect(fn.values.caps).toEqual({ value: 0, selector: 1 });

      const activated = dl.setPortFunction(sf.handle, { state: 'active' });
      await activated;
      const attached = await dl.waitForFunctionOpstate(sf.handle, 'attached', { timeoutMs: 2000 });
      expect(attached.function).toMatchObject({ state: 'active', opstate: 'attached', hwAddr: '00:00:00:00:88:88', maxIoEqs: 16, caps: { roce: false }, devlink: { handle: 'auxiliary/sfsim.sf.100000' } });
      expect((await dl.getDevice('auxiliary/sfsim.sf.100000')).handle).toBe('auxiliary/sfsim.sf.100000');
      // the SF's instance is the port function's relation, not one of the device's nested instances
      expect((await dl.getDevice(PF)).nestedDevlinks).toEqual([]);

      await dl.setPortFunction(sf.handle, { state: 'inactive' });
      const detached = await dl.waitForFunctionOpstate(sf.handle, 'detached', { timeoutMs: 2000 });
      expect(detached.function?.devlink).toBeUndefined();
      await dl.deletePort(sf.handle);
      expect((await dl.listPorts(PF)).some((p) => p.sfnum === 100000)).toBe(false);
      const again = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 100000 });
      expect(again.sfnum).toBe(100000);
    });
  }

  it('surfaces kernel refusals with errno, code, extack message and attribute path', async () => {
    await setup();
    await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 88 });
    const duplicate = (await rejection(dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 88 }))) as NetlinkKernelError;
    expect([duplicate.errno, duplicate.code, duplicate.message]).toEqual([17, 'EEXIST', 'sfsim: SF already exist. Choose different sfnum']);

    const migratable = (await rejection(dl.setPortFunction(`${PF}/32768`, { migratable: true }))) as NetlinkKernelError;
    expect(migratable.code).toBe('EOPNOTSUPP');
    expect(migratable.message).toBe('migratable function attribute supported for VFs only');
    expect(migratable.extack?.attributePath).toBe('port-function.caps');

    const pfHwAddr = (await rejection(dl.setPortFunction(`${PF}/0`, { hwAddr: '00:11:22:33:44:55' }))) as NetlinkKernelError;
    expect(pfHwAddr.extack?.attributePath).toBe('port-function.hw-addr');
    expect(pfHwAddr.message).toBe("Port doesn't support function attributes");

    const multicast = (await rejection(dl.setPortFunction(`${PF}/32768`, { hwAddr: '01:00:5e:00:00:01' }))) as NetlinkKernelError;
    expect([multicast.code, multicast.message]).toEqual(['EINVAL', 'Non-unicast hardware address unsupported']);

    const eqs = (await rejection(dl.setPortFunction(`${PF}/32768`, { maxIoEqs: 1000 }))) as NetlinkKernelError;
    expect([eqs.code, eqs.message]).toEqual(['ERANGE', 'sfsim: max_io_eqs 1000 out of range 1-128']);

    const legacy = (await rejection(dl.addPort('netdevsim/netdevsim10', { flavour: 'pcisf', pfnum: 0, sfnum: 1 }))) as NetlinkKernelError;
    expect(legacy.code).toBe('EOPNOTSUPP');

    const index = (await rejection(dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 2, index: 5 }))) as NetlinkKernelError;
    expect(index.message).toBe('sfsim: Driver does not support user defined port index assignment');

    const noPort = (await rejection(dl.getPort(`${PF}/4242`))) as NetlinkKernelError;
    expect(noPort.code).toBe('ENODEV');
  });

  it('times out a wait with the stage named when the SF never attaches', async () => {
    await setup({ attachDelayMs: null });
    const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 7 });
    await dl.setPortFunction(sf.handle, { state: 'active' });
    const error = await rejection(dl.waitForFunctionOpstate(sf.handle, 'attached', { timeoutMs: 100 }));
    expect(error).toBeInstanceOf(DevlinkWaitTimeoutError);
    expect((error as DevlinkWaitTimeoutError).stage).toBe('opstate attached');
    expect((error as Error).message).toBe(`timed out after 100 ms waiting for port ${PF}/32768: opstate attached`);
  });

  it('splits and unsplits physical ports', async () => {
    await setup();
    await dl.splitPort('netdevsim/netdevsim10/1000', 2);
    const split = await dl.listPorts('netdevsim/netdevsim10');
    expect(split.filter((p) => p.splitGroup === 1).map((p) => [p.index, p.splitSubportNumber, p.lanes])).toEqual([[10001, 0, 2], [10002, 1, 2]]);
    const bad = (await rejection(dl.splitPort('netdevsim/netdevsim10/1001', 3))) as NetlinkKernelError;
    expect(bad.message).toBe('Invalid split count');
    await dl.unsplitPort('netdevsim/netdevsim10/10001');
    expect((await dl.getPort('netdevsim/netdevsim10/1000')).splittable).toBe(true);
    await dl.setPortType('netdevsim/netdevsim10/1000', 'ib');
    expect((await dl.getPort('netdevsim/netdevsim10/1000')).desiredType).toBe('ib');
  });
});

describe('rates', () => {
  it('manages nodes and leaves: shares, priority, weight, parent and clearing it', async () => {
    await setup();
    await dl.addRateNode(`${PF}/group1`, { txMax: 1_250_000_000n });
    await dl.setRate(`${PF}/1`, { txShare: 125_000n, txMax: 250_000n, txPriority: 3, txWeight: 10, parent: 'group1' });
    expect(await dl.getRate(`${PF}/1`)).toMatchObject({ type: 'leaf', index: 1, txShare: 125_000n, txMax: 250_000n, txPriority: 3, txWeight: 10, parent: 'group1' });
    const rates = await dl.listRates(PF);
    // the kernel's order (nodes first; checked on sfsim by test/contract/rates.ts)
    expect(rates.map((r) => r.handle)).toEqual([`${PF}/group1`, `${PF}/1`, `${PF}/2`]);
    expect(rates[0]).toMatchObject({ type: 'node', nodeName: 'group1', txMax: 1_250_000_000n });

    const busy = (await rejection(dl.deleteRateNode(`${PF}/group1`))) as NetlinkKernelError;
    expect([busy.code, busy.message]).toEqual(['EBUSY', 'Node has children. Cannot delete node.']);
    await dl.setRate(`${PF}/1`, { parent: null });
    expect(requestsOf(DEVLINK_CMD['rate-set']).at(-1)!.values['rate-parent-node-name']).toBe('');
    expect((await dl.getRate(`${PF}/1`)).parent).toBeUndefined();

    const above = (await rejection(dl.setRate(`${PF}/2`, { txShare: 500n, txMax: 100n }))) as NetlinkKernelError;
    // the core applies tx_share (no tx_max yet: accepted) before tx_max, which the driver then refuses
    expect(above.message).toBe("sfsim: tx_max can't be below tx_share");
    await dl.deleteRateNode(`${PF}/group1`);
    expect((await dl.listRates(PF)).length).toBe(2);
  });
});

describe('params', () => {
  it('lists, gets and sets typed values per cmode', async () => {
    await setup();
    const params = await dl.listParams(PF);
    expect(params.map((p) => [p.name, p.type, p.generic, p.values])).toEqual([
      ['max_macs', 'u32', true, [{ cmode: 'driverinit', value: 32 }]],
      ['enable_roce', 'bool', true, [{ cmode: 'driverinit', value: true }]],
      ['flow_steering_mode', 'string', false, [{ cmode: 'runtime', value: 'dmfs' }]],
    ]);
    await dl.setParam(PF, 'max_macs', { cmode: 'driverinit', value: 64 });
    await dl.setParam(PF, 'enable_roce', { cmode: 'driverinit', value: false, type: 'bool' });
    await dl.setParam(PF, 'flow_steering_mode', { cmode: 'runtime', value: 'smfs' });
    expect((await dl.getParam(PF, 'max_macs')).values[0]!.value).toBe(64);
    expect((await dl.getParam(PF, 'enable_roce')).values[0]!.value).toBe(false);
    expect((await dl.getParam(PF, 'flow_steering_mode')).values[0]!.value).toBe('smfs');
    const sent = requestsOf(DEVLINK_CMD['param-set']);
    expect(sent[1]!.values['param-value-data']).toBeUndefined();
    const before = fake.kernel.requests.length;
    const error = await rejection(dl.setParam(PF, 'max_macs', { cmode: 'driverinit', value: -1, type: 'u32' }));
    expect((error as Error).message).toBe('invalid param value -1: must be an integer 0..4294967295');
    expect(fake.kernel.requests.length).toBe(before);
  });
});

describe('reload', () => {
  it('reports the actions performed and sends the netns by id or fd', async () => {
    await setup();
    expect((await dl.reload(PF, { action: 'driver_reinit' })).actionsPerformed).toEqual(['driver_reinit']);
    await dl.reload(PF, { action: 'fw_activate', limit: 'no_reset' });
    expect(requestsOf(DEVLINK_CMD.reload)[1]!.values['reload-limits']).toEqual({ value: 2, selector: 2 });
    expect((await dl.reload(PF, { netns: { id: 0 } })).actionsPerformed).toEqual([]); // no action named: no report
    expect(requestsOf(DEVLINK_CMD.reload)[2]!.values['netns-id']).toBe(0);
    await dl.reload(PF, { netns: { path: '/proc/self/ns/net' } });
    expect(typeof requestsOf(DEVLINK_CMD.reload)[3]!.values['netns-fd']).toBe('number');
    const missing = await rejection(dl.reload(PF, { netns: { name: 'no-such-netns-xyz' } }));
    expect((missing as Error).message).toBe('cannot open network namespace /var/run/netns/no-such-netns-xyz: ENOENT');
    const unknown = (await rejection(dl.reload(PF, { netns: { id: 7 } }))) as NetlinkKernelError;
    expect(unknown.message).toBe('Unknown network namespace');
  });
});

describe('events', () => {
  it('decodes config notifications and signals resync on overflow', async () => {
    await setup();
    const controller = new AbortController();
    const stream = dl.events({ signal: controller.signal });
    const seen: DevlinkEvent[] = [];
    const consumer = (async () => {
      for await (const event of stream) seen.push(event);
    })();
    const sf = await dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 5 });
    await dl.addRateNode(`${PF}/n1`);
    await dl.setParam(PF, 'max_macs', { cmode: 'driverinit', value: 8 });
    await dl.deletePort(sf.handle);
    await new Promise((resolve) => setTimeout(resolve, 20));
    fake.kernel.injectOverflow(fake.kernel.openTransports()[0]!);
    fake.addDevice('netdevsim/netdevsim11');
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await consumer;
    const kinds = seen.map((e) => (e.kind === 'resync' ? 'resync' : `${e.kind}${'action' in e ? `:${e.action}` : ''}`));
    expect(kinds).toEqual(['port:new', 'rate:new', 'param:new', 'rate:del', 'port:del', 'resync', 'dev:new']);
    const portEvent = seen[0] as Extract<DevlinkEvent, { kind: 'port' }>;
    expect(portEvent.port.handle).toBe(sf.handle);
    expect((seen[2] as Extract<DevlinkEvent, { kind: 'param' }>).param.values[0]!.value).toBe(8);
  });

  it('keeps unknown commands raw', async () => {
    await setup();
    const stream = dl.events();
    await new Promise((resolve) => setTimeout(resolve, 5));
    fake.notify(200, new Uint8Array([8, 0, 1, 0, 0x70, 0x63, 0x69, 0]));
    const first = await stream.next();
    stream.close();
    expect(first.value).toMatchObject({ kind: 'unknown', command: 200, commandName: 'cmd-200' });
    expect((first.value as { attributes: AttributeTree }).attributes.values['bus-name']).toBe('pci');
    expect((await stream.next()).done).toBe(true);
  });
});

describe('input validation before sending', () => {
  it('rejects bad input with DevlinkInputError naming field and value, and sends nothing', async () => {
    await setup();
    const before = fake.kernel.requests.length;
    const cases: [() => Promise<unknown>, string][] = [
      [() => dl.setPortFunction(`${PF}/32768`, { hwAddr: '00:11:22:33:44' }), 'invalid hwAddr "00:11:22:33:44": expected a MAC address like 00:11:22:33:44:55'],
      [() => dl.setPortFunction(`${PF}/32768`, { hwAddr: 'zz:11:22:33:44:55' }), 'invalid hwAddr "zz:11:22:33:44:55": expected a MAC address like 00:11:22:33:44:55'],
      [() => dl.setPortFunction(`${PF}/32768`, { state: 'up' as never }), 'invalid state "up": expected one of inactive, active'],
      [() => dl.setPortFunction(`${PF}/32768`, { maxIoEqs: 2 ** 32 }), 'invalid maxIoEqs 4294967296: must be an integer 0..4294967295'],
      [() => dl.setPortFunction(`${PF}/32768`, { roce: 'yes' as never }), 'invalid roce "yes": must be true or false'],
      [() => dl.setPortFunction(`${PF}/32768`, {}), 'nothing to set: give at least one of hwAddr, roce, migratable, ipsecCrypto, ipsecPacket, maxIoEqs, state'],
      [() => dl.setPortFunction(`${PF}/32768`, { hwaddr: '00:11:22:33:44:55' } as never), 'unknown port function option "hwaddr": expected hwAddr, roce, migratable, ipsecCrypto, ipsecPacket, maxIoEqs, state'],
      [() => dl.setPortFunction('pci/0000:06:00.0/x', { state: 'active' }), 'invalid port handle "pci/0000:06:00.0/x": port index must be a number 0..4294967295'],
      [() => dl.addPort(PF, { flavour: 'pcivf' as never, pfnum: 0 }), 'invalid flavour "pcivf": expected one of pcisf, pcipf'],
      [() => dl.addPort(PF, { flavour: 'pcisf', pfnum: 65536, sfnum: 1 }), 'invalid pfnum 65536: must be an integer 0..65535'],
      [() => dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: -1 }), 'invalid sfnum -1: must be an integer 0..4294967295'],
      [() => dl.addPort(PF, { flavour: 'pcisf', pfnum: 0, sfnum: 1, controller: 70000 }), 'invalid controller 70000: must be an integer 0..65535'],
      [() => dl.setEswitch(PF, { mode: 'switchdevx' as never }), 'invalid mode "switchdevx": expected one of legacy, switchdev, switchdev_inactive'],
      [() => dl.setEswitch(PF, {}), 'nothing to set: give at least one of mode, inlineMode, encapMode'],
      [() => dl.setRate(`${PF}/1`, { txShare: -1n }), 'invalid txShare -1: must be an integer 0..18446744073709551615 (a bigint)'],
      [() => dl.setRate(`${PF}/1`, { txPriority: 1.5 }), 'invalid txPriority 1.5: must be an integer 0..4294967295'],
      [() => dl.setRate(`${PF}/1`, { parent: 'a/b' }), 'invalid parent "a/b": must be a non-empty name without "/" (at most 255 bytes)'],
      [() => dl.addRateNode(`${PF}/12`), 'invalid rate node handle "pci/0000:06:00.0/12": a node name must not be a number (numbers name port leaves)'],
      [() => dl.getDevice('pci'), 'invalid device handle "pci": expected BUS/DEVICE'],
      [() => dl.reload(PF, { action: 'reboot' as never }), 'invalid action "reboot": expected one of driver_reinit, fw_activate'],
      [() => dl.reload(PF, { netns: { id: 1, pid: 2 } as never }), 'give exactly one of netns id, pid, fd, name or path'],
      [() => dl.setPortType(`${PF}/1`, 'notset' as never), 'invalid port type "notset": expected one of eth, ib, auto'],
      [() => dl.splitPort(`${PF}/1`, 0), 'invalid split count 0: must be an integer 1..4294967295'],
      [() => dl.waitForPort('pci/0000:06:00.0', () => true), 'invalid port handle "pci/0000:06:00.0": expected BUS/DEVICE/PORT_INDEX'],
      [() => dl.waitForDevice('pci'), 'invalid device handle "pci": expected BUS/DEVICE'],
      [() => dl.setParam(PF, 'max_macs', { cmode: 'always' as never, value: 1 }), 'invalid cmode "always": expected one of runtime, driverinit, permanent'],
      [() => dl.setParam(PF, 'enable_roce', { cmode: 'runtime', value: 'yes', type: 'bool' }), 'invalid param value "yes": a bool parameter needs true or false'],
    ];
    for (const [run, message] of cases) {
      const error = await rejection(run());
      expect([message, error]).toEqual([message, expect.any(DevlinkInputError)]);
      expect((error as DevlinkInputError).message).toBe(message);
      expect((error as DevlinkInputError).code).toBe('EINVAL');
    }
    expect(fake.kernel.requests.length).toBe(before);
  });
});

describe('any command', () => {
  it('sends commands the typed methods do not cover, by name or number, with decoded replies', async () => {
    await setup();
    const parts = await dl.dump('port-get', { 'bus-name': 'pci', 'dev-name': '0000:06:00.0' });
    expect(parts.map((m) => [m.command, m.attributes.values['port-index']])).toEqual([[7, 0], [7, 1], [7, 2]]);
    const replies = await dl.request(DEVLINK_CMD['eswitch-get'], { 'bus-name': 'pci', 'dev-name': '0000:06:00.0' });
    expect(replies[0]!.attributes.values['eswitch-mode']).toBe(1);
    const unsupported = (await rejection(dl.request('sb-get', { 'bus-name': 'pci', 'dev-name': '0000:06:00.0' }))) as NetlinkKernelError;
    expect(unsupported.code).toBe('EOPNOTSUPP');
    expect(((await rejection(dl.request('no-such-command' as never))) as Error).message).toBe('unknown devlink command "no-such-command"');
    expect(((await rejection(dl.request('get', { 'bus-nam': 'pci' }))) as Error).message).toBe('attribute bus-nam is not in devlink attribute set devlink');
  });
});
