import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkEvent } from '../../src/devlink/ops/events.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { differencesPerBinary, noDifferences, withVariants } from './support/cli-compare.js';
import { describeEvent, readEventsUntil } from './support/events.js';
import { createSfsim, netdevNames, newerIproute2Devlink, sfInstanceFunctions, SfsimDevice } from './support/sfsim.js';

// The rest of an SF host's life on sfsim (test/kmod/sfsim/README.md): dev info and serials,
// params and their refusals, dev reload, a firmware reset while SFs are active, the fw_fatal
// health reporter, and the SF's own instance (its params, reload, and reload into a network
// namespace and back). Through the library and through iproute2 6.15; one device for all of it.
const NETNS = 'sfsimhost';

interface Run { status: number | null; stdout: string; stderr: string }

function run(command: string, args: readonly string[]): Run {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** iproute2 6.15's devlink, plainly (text output). */
function iproute2(...args: string[]): Run {
  return run(newerIproute2Devlink(), args);
}

async function rejection(promise: Promise<unknown>): Promise<NetlinkKernelError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(NetlinkKernelError);
  return error as NetlinkKernelError;
}

function remoteStat(device: { remoteReloadStats?: readonly { action: unknown; limit: unknown; value: number }[] }, action: string): number {
  return device.remoteReloadStats?.find((s) => s.action === action && s.limit === 'unspec')?.value ?? -1;
}

describe('sfsim: an SF host through info, params, reload, resets, health and namespaces', () => {
  let dl: Devlink;
  let dev: SfsimDevice;

  beforeAll(async () => {
    dl = await Devlink.open({ timeoutMs: 20_000 });
    dev = createSfsim({ vfs: 1 });
    dev.setDelays(0, 0);
  });
  afterAll(() => {
    dev?.remove();
    dl?.close();
    run('ip', ['netns', 'del', NETNS]);
  });

  async function activeSf(sfnum: number): Promise<{ port: string; instance: string }> {
    const port = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum })).handle;
    await dl.setPortFunction(port, { state: 'active' });
    const attached = await dl.waitForFunctionOpstate(port, 'attached', { timeoutMs: 20_000 });
    const instance = attached.function?.devlink?.handle;
    if (!instance) throw new Error(`${port} attached without a nested instance`);
    return { port, instance };
  }

  it('dev info: driver, serials and versions; the same handle and serial after del/new_device', async () => {
    const info = await dl.getInfo(dev.handle);
    expect(info).toMatchObject({
      handle: dev.handle, driver: 'sfsim',
      serialNumber: `SFSIM${String(dev.id).padStart(8, '0')}`, boardSerialNumber: `SFB${String(dev.id).padStart(8, '0')}`,
    });
    expect(info.versions.fixed).toEqual([{ name: 'fw.psid', value: 'SFS0000000001' }]);
    expect(info.versions.running.map((v) => v.name)).toEqual(['fw.version', 'fw']);
    expect(info.versions.stored.map((v) => v.value)).toEqual(['22.43.1014', '22.43.1014']);
    expect(iproute2('dev', 'info', dev.handle).stdout).toContain(`serial_number ${info.serialNumber}\n`);

    // a serial set for the ID survives removal and re-creation with that ID
    dev.setSerialNumber('MT2216X00042');
    dev.remove();
    expect((await dl.listDevices()).some((d) => d.handle === dev.handle)).toBe(false);
    dev = createSfsim({ vfs: 1, id: dev.id });
    dev.setDelays(0, 0);
    expect((await dl.getInfo(dev.handle)).serialNumber).toBe('MT2216X00042');
    dev.setSerialNumber('');
    expect((await dl.getInfo(dev.handle)).serialNumber).toBe(`SFSIM${String(dev.id).padStart(8, '0')}`);
  });

  it('params: flow_steering_mode, enable_remote_dev_reset, enable_roce and their refusals', async () => {
    const params = await dl.listParams(dev.handle);
    expect(params.map((p) => [p.name, p.generic, p.type, p.values.map((v) => `${v.cmode}=${String(v.value)}`)])).toEqual([
      ['enable_roce', true, 'bool', ['driverinit=true']],
      ['enable_remote_dev_reset', true, 'bool', ['runtime=true']],
      ['flow_steering_mode', false, 'string', ['runtime=dmfs']],
    ]);
    const bad = await rejection(dl.setParam(dev.handle, 'flow_steering_mode', { value: 'hwfs', cmode: 'runtime' }));
    expect([bad.code, bad.extack?.message]).toEqual(['EINVAL', 'sfsim: Bad parameter: supported values are ["dmfs", "smfs"]']);
    const cmode = await rejection(dl.setParam(dev.handle, 'enable_roce', { value: false, cmode: 'runtime' }));
    expect(cmode.code).toBe('EOPNOTSUPP');
    await dl.setParam(dev.handle, 'flow_steering_mode', { value: 'smfs', cmode: 'runtime' });
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    await dl.setParam(dev.handle, 'flow_steering_mode', { value: 'dmfs', cmode: 'runtime' });
    const smfs = await rejection(dl.setParam(dev.handle, 'flow_steering_mode', { value: 'smfs', cmode: 'runtime' }));
    expect([smfs.code, smfs.extack?.message]).toEqual(['EOPNOTSUPP', 'sfsim: Software managed steering is not supported when eswitch offloads enabled.']);
    const cli = iproute2('dev', 'param', 'set', dev.handle, 'name', 'flow_steering_mode', 'value', 'smfs', 'cmode', 'runtime');
    expect([cli.status, cli.stderr]).toEqual([1, 'Error: sfsim: Software managed steering is not supported when eswitch offloads enabled.\nkernel answers: Operation not supported\n']);
    await dl.setEswitch(dev.handle, { mode: 'legacy' });
  });

  it('dev reload: refused while SFs exist and for fw_activate no_reset; applies enable_roce, back to legacy, rate nodes gone', async () => {
    await dl.setParam(dev.handle, 'enable_roce', { value: false, cmode: 'driverinit' });
    expect(dev.roceActive).toBe(true);
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    await dl.addRateNode(`${dev.handle}/tenant`, { txMax: 125_000_000n });
    const sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 7 })).handle;
    const busy = await rejection(dl.reload(dev.handle));
    expect([busy.code, busy.extack?.message]).toEqual(['EOPNOTSUPP', 'sfsim: reload is unsupported while SF ports exist']);
    const cli = iproute2('dev', 'reload', dev.handle);
    expect([cli.status, cli.stderr]).toEqual([1, 'Error: sfsim: reload is unsupported while SF ports exist.\nkernel answers: Operation not supported\n']);
    const live = await rejection(dl.reload(dev.handle, { action: 'fw_activate', limit: 'no_reset' }));
    expect([live.code, live.extack?.message]).toEqual(['EINVAL', "sfsim: FW upgrade to the stored FW can't be done by FW live patching"]);
    await dl.deletePort(sf);

    expect(await dl.reload(dev.handle, { action: 'driver_reinit' })).toMatchObject({ actionsPerformed: ['driver_reinit'] });
    expect(dev.roceActive).toBe(false);
    expect((await dl.getEswitch(dev.handle)).mode).toBe('legacy');
    expect((await dl.listRates(dev.handle)).filter((r) => r.type === 'node')).toEqual([]);
    expect((await dl.listPorts(dev.handle)).map((p) => p.portIndex)).toEqual([0, 1, 65535]);

    // fw_activate resets the device too: runtime params back to their defaults
    await dl.setParam(dev.handle, 'flow_steering_mode', { value: 'smfs', cmode: 'runtime' });
    const resets = dev.fwResets;
    expect((await dl.reload(dev.handle, { action: 'fw_activate' })).actionsPerformed).toEqual(['driver_reinit', 'fw_activate']);
    expect(dev.fwResets).toBe(resets + 1);
    expect((await dl.getParam(dev.handle, 'flow_steering_mode')).values[0]?.value).toBe('dmfs');
    await dl.setParam(dev.handle, 'enable_roce', { value: true, cmode: 'driverinit' });
    await dl.reload(dev.handle);
    expect(dev.roceActive).toBe(true);
  });

  it('a firmware reset while SFs are active: every SF, rate node, runtime param and switchdev gone, announced', async () => {
    await dl.setParam(dev.handle, 'flow_steering_mode', { value: 'smfs', cmode: 'runtime' });
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    await dl.addRateNode(`${dev.handle}/tenant`);
    const a = await activeSf(1);
    const b = await activeSf(2);
    await dl.setRate(a.port, { parent: 'tenant', txShare: 125_000n });
    const before = await dl.getDevice(dev.handle);

    const events = dl.events();
    dev.fwReset();
    let seen: DevlinkEvent[];
    try {
      seen = await readEventsUntil(events, (e) => e.kind === 'dev' && e.action === 'new' && e.device.handle === dev.handle, 'dev new after the reset');
    } finally {
      events.close();
    }
    const lines = seen.map(describeEvent);
    for (const line of [`dev del ${a.instance}`, `dev del ${b.instance}`, `port del ${a.port}`, `port del ${b.port}`, `rate del ${a.port}`,
      `param new ${dev.handle} flow_steering_mode`, `port del ${dev.port(0)}`, `port new ${dev.port(0)}`]) {
      expect(lines).toContain(line);
    }
    const after = seen.at(-1) as Extract<DevlinkEvent, { kind: 'dev' }>;
    expect(remoteStat(after.device, 'fw_activate')).toBe(remoteStat(before, 'fw_activate') + 1);
    expect(remoteStat(after.device, 'driver_reinit')).toBe(remoteStat(before, 'driver_reinit') + 1);

    expect((await dl.listPorts(dev.handle)).map((p) => p.portIndex)).toEqual([0, 1, 65535]);
    expect(await dl.listRates(dev.handle)).toHaveLength(1); // the VF's leaf
    expect((await dl.getEswitch(dev.handle)).mode).toBe('legacy');
    expect((await dl.getParam(dev.handle, 'flow_steering_mode')).values[0]?.value).toBe('dmfs');
    expect((await dl.listDevices()).map((d) => d.handle)).not.toContain(a.instance);

    // a device told to refuse remote resets does
    await dl.setParam(dev.handle, 'enable_remote_dev_reset', { value: false, cmode: 'runtime' });
    expect(() => dev.fwReset()).toThrow(/EPERM/);
    await dl.setParam(dev.handle, 'enable_remote_dev_reset', { value: true, cmode: 'runtime' });
  });

  it('fw_fatal: grace_period, auto_recover and auto_dump; a reported error resets the device', async () => {
    const reporter = await dl.getHealthReporter(dev.handle, 'fw_fatal');
    expect(reporter).toMatchObject({ state: 'healthy', errorCount: 0n, recoverCount: 0n, gracefulPeriod: 60_000n, autoRecover: true, autoDump: true });
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    const resets = dev.fwResets;
    dev.reportHealthError('assert 0x42 in irisc 1');
    expect(await dl.getHealthReporter(dev.handle, 'fw_fatal')).toMatchObject({ state: 'healthy', errorCount: 1n, recoverCount: 1n });
    expect(dev.fwResets).toBe(resets + 1);
    expect((await dl.getEswitch(dev.handle)).mode).toBe('legacy');
    expect(await dl.dumpHealthReporter(dev.handle, 'fw_fatal')).toEqual({ entries: [['last_error', 'assert 0x42 in irisc 1'], ['fw_resets', resets]] });

    // within the grace period the next error is not recovered: the reporter stays in error
    dev.reportHealthError('second');
    expect(await dl.getHealthReporter(dev.handle, 'fw_fatal')).toMatchObject({ state: 'error', errorCount: 2n, recoverCount: 1n });
    await dl.recoverHealthReporter(dev.handle, 'fw_fatal');
    expect(dev.fwResets).toBe(resets + 2);

    await dl.setHealthReporter(dev.handle, 'fw_fatal', { gracefulPeriod: 0, autoRecover: false, autoDump: false });
    dev.reportHealthError('third');
    expect(await dl.getHealthReporter(dev.handle, 'fw_fatal')).toMatchObject({ state: 'error', errorCount: 3n, recoverCount: 2n, autoRecover: false, autoDump: false, gracefulPeriod: 0n });
    expect(await dl.diagnoseHealthReporter(dev.handle, 'fw_fatal')).toEqual({ entries: [['last_error', 'third'], ['fw_resets', resets + 2]] });
    await dl.recoverHealthReporter(dev.handle, 'fw_fatal');
    await dl.setHealthReporter(dev.handle, 'fw_fatal', { gracefulPeriod: 60_000, autoRecover: true, autoDump: true });
  });

  it("the SF's instance: enable_eth/rdma/vnet applied by its reload; reload into a netns and back", async () => {
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    const { port, instance } = await activeSf(3);
    const params = await dl.listParams(instance);
    expect(params.map((p) => `${p.name} ${p.values.map((v) => `${v.cmode}=${String(v.value)}`).join()}`)).toEqual([
      'enable_eth driverinit=true', 'enable_rdma driverinit=true', 'enable_vnet driverinit=true',
    ]);
    const netdev = (await dl.listPorts(instance))[0]?.netdevName;
    expect(netdev).toBeDefined();

    await dl.setParam(instance, 'enable_eth', { value: false, cmode: 'driverinit' });
    await dl.setParam(instance, 'enable_vnet', { value: false, cmode: 'driverinit' });
    expect(sfInstanceFunctions(instance)).toEqual({ eth: true, rdma: true, vnet: true });
    await dl.reload(instance);
    expect(sfInstanceFunctions(instance)).toEqual({ eth: false, rdma: true, vnet: false });
    expect(await dl.listPorts(instance)).toEqual([]);
    expect(netdevNames()).not.toContain(netdev);
    await dl.setParam(instance, 'enable_eth', { value: true, cmode: 'driverinit' });
    await dl.reload(instance);
    const back = (await dl.listPorts(instance))[0]?.netdevName;
    expect(back).toBeDefined();
    expect(netdevNames()).toContain(back);

    // into a namespace: instance, port and netdev leave the init namespace
    expect(run('ip', ['netns', 'add', NETNS]).status).toBe(0);
    await dl.reload(instance, { netns: { name: NETNS } });
    expect((await dl.listDevices()).map((d) => d.handle)).not.toContain(instance);
    expect(netdevNames()).not.toContain(back);
    // there the netdev gets a name of that namespace; the instance's port names it
    const inNs = run('ip', ['netns', 'exec', NETNS, newerIproute2Devlink(), 'port', 'show']);
    const nsNetdev = new RegExp(`^${instance}/0: type eth netdev (\\S+) flavour virtual`, 'm').exec(inNs.stdout)?.[1];
    expect(nsNetdev, inNs.stdout + inNs.stderr).toBeDefined();
    expect(run('ip', ['-n', NETNS, 'link', 'show', String(nsNetdev)]).status).toBe(0);
    // the PF side still reports it attached, nested handle with the namespace's id
    const pfSide = await dl.getPort(port);
    expect(pfSide.function).toMatchObject({ state: 'active', opstate: 'attached', devlink: { handle: instance } });
    expect(pfSide.function?.devlink?.netnsId).toBeGreaterThanOrEqual(0);
    expect(iproute2('port', 'show', port).stdout).toContain(`${instance}: netns ${NETNS}`);
    // devlink-ts prints it as iproute2 6.15 does: the namespace's name, text and JSON
    const cli = [newerIproute2Devlink()];
    expect(await differencesPerBinary(withVariants([['port', 'show', port]]), cli, { readOnly: true })).toEqual(noDifferences(cli));

    // back with "netns 1" (pid 1's namespace) from inside
    const home = run('ip', ['netns', 'exec', NETNS, newerIproute2Devlink(), 'dev', 'reload', instance, 'netns', '1']);
    expect([home.status, home.stderr]).toEqual([0, '']);
    const homeNetdev = (await dl.listPorts(instance))[0]?.netdevName;
    expect(netdevNames()).toContain(homeNetdev);
    const homeSide = (await dl.getPort(port)).function?.devlink;
    expect([homeSide?.handle, homeSide?.netnsId]).toEqual([instance, undefined]);

    // and home again when the namespace it lives in is deleted
    await dl.reload(instance, { netns: { name: NETNS } });
    expect(run('ip', ['netns', 'del', NETNS]).status).toBe(0);
    await dl.waitForDevice(instance, true, { timeoutMs: 20_000 });
    expect((await dl.getPort(port)).function?.devlink?.netnsId).toBeUndefined();
    expect(existsSync(`/sys/class/net/${(await dl.listPorts(instance))[0]?.netdevName}`)).toBe(true);
  });
});
