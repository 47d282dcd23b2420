import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkEvent } from '../../src/devlink/ops/events.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { createSfsim, netdevAddress, netdevNames, SF_PORT_BASE, type SfsimDevice } from './support/sfsim.js';

// The whole SF lifecycle through the library against the real devlink core, with sfsim standing in
// for an mlx5 eswitch manager: add, configure every attribute, activate, wait for attached by
// notification, use the SF's own instance and netdev, deactivate, wait for detached, delete, re-add.
describe('sfsim: SF lifecycle through the library', () => {
  let dl: Devlink;
  let dev: SfsimDevice | undefined;

  beforeAll(async () => {
    dl = await Devlink.open();
  });
  afterAll(() => dl.close());
  afterEach(() => dev?.remove());

  async function rejection(promise: Promise<unknown>): Promise<NetlinkKernelError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    return error as NetlinkKernelError;
  }

  it('adds, configures, activates, deactivates, deletes and re-adds an SF', async () => {
    dev = createSfsim({ vfs: 1 });
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    expect((await dl.getEswitch(dev.handle)).mode).toBe('switchdev');

    // add: the kernel's reply describes the new port, inactive and detached with a zero address
    const added = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 88 });
    const sf = dev.sfPort(0);
    expect(added).toMatchObject({
      handle: sf, index: SF_PORT_BASE, flavour: 'pcisf', controller: 0, pfnum: 0, sfnum: 88, type: 'eth',
      function: { hwAddr: '00:00:00:00:00:00', state: 'inactive', opstate: 'detached', maxIoEqs: 8 },
    });
    expect(added.function?.caps?.roce).toBe(true);
    expect(added.function?.caps?.migratable).toBeUndefined();
    expect(added.function?.devlink).toBeUndefined();
    expect(added.netdevName).toBeDefined();

    // configure every attribute an SF has, and its rate leaf under a node
    await dl.setPortFunction(sf, { hwAddr: '02:00:00:00:00:58', roce: false, maxIoEqs: 16 });
    await dl.addRateNode(`${dev.handle}/tenant`, { txShare: 1_250_000n, txMax: 125_000_000n, txPriority: 1, txWeight: 10 });
    await dl.setRate(sf, { txShare: 125_000n, txMax: 12_500_000n, txPriority: 3, txWeight: 40, parent: 'tenant' });
    const configured = await dl.getPort(sf);
    expect(configured.function).toMatchObject({ hwAddr: '02:00:00:00:00:58', maxIoEqs: 16, state: 'inactive', opstate: 'detached' });
    expect(configured.function?.caps?.roce).toBe(false);
    expect(await dl.getRate(sf)).toMatchObject({
      type: 'leaf', txShare: 125_000n, txMax: 12_500_000n, txPriority: 3, txWeight: 40, parent: 'tenant',
    });
    expect(await dl.getRate(`${dev.handle}/tenant`)).toMatchObject({
      type: 'node', txShare: 1_250_000n, txMax: 125_000_000n, txPriority: 1, txWeight: 10,
    });

    // activate: state changes at once, opstate only after the module's delayed attach; the wait
    // must be satisfied by the kernel's port notification (the attach happens 400 ms later)
    dev.setDelays(400, 400);
    const events = dl.events();
    await dl.setPortFunction(sf, { state: 'active' });
    const right = await dl.getPort(sf);
    expect(right.function).toMatchObject({ state: 'active', opstate: 'detached' });
    const attached = await dl.waitForFunctionOpstate(sf, 'attached', { timeoutMs: 20_000 });
    const nested = attached.function?.devlink?.handle;
    expect(nested).toMatch(/^auxiliary\/sfsim\.sf\.\d+$/);

    // the notifications: the SF's instance appeared, then the PF-side port with opstate attached
    const seen: DevlinkEvent[] = [];
    for await (const event of events) {
      seen.push(event);
      if (event.kind === 'port' && event.port.handle === sf && event.port.function?.opstate === 'attached') break;
    }
    events.close();
    const devNew = seen.findIndex((e) => e.kind === 'dev' && e.action === 'new' && e.device.handle === nested);
    const portAttached = seen.findIndex((e) => e.kind === 'port' && e.port.handle === sf && e.port.function?.opstate === 'attached');
    expect(devNew).toBeGreaterThanOrEqual(0);
    expect(portAttached).toBeGreaterThan(devNew);

    // the SF's own instance: one virtual port with a netdev that has the configured address
    expect((await dl.listDevices()).map((d) => d.handle)).toContain(nested);
    const sfPorts = await dl.listPorts(nested!);
    expect(sfPorts).toHaveLength(1);
    expect(sfPorts[0]).toMatchObject({ flavour: 'virtual', type: 'eth' });
    const netdev = sfPorts[0]!.netdevName!;
    expect(netdevNames()).toContain(netdev);
    expect(netdevAddress(netdev)).toBe('02:00:00:00:00:58');

    // active functions keep roce and max_io_eqs; hw_addr may change
    const busy = await rejection(dl.setPortFunction(sf, { maxIoEqs: 4 }));
    expect(busy.code).toBe('EBUSY');
    expect(busy.message).toBe("sfsim: max_io_eqs can't be changed while the function is active");

    // deactivate: detached after the delay, the instance and its netdev gone
    await dl.setPortFunction(sf, { state: 'inactive' });
    const early = await rejection(dl.setPortFunction(sf, { state: 'active' }));
    expect(early.code).toBe('EBUSY');
    expect(early.message).toBe('sfsim: SF is inactivated but it is still attached');
    const detached = await dl.waitForFunctionOpstate(sf, 'detached', { timeoutMs: 20_000 });
    expect(detached.function?.devlink).toBeUndefined();
    expect((await rejection(dl.getDevice(nested!))).code).toBe('ENODEV');
    expect(netdevNames()).not.toContain(netdev);

    // delete, then the same sfnum can be added again and gets the same slot
    await dl.deletePort(sf);
    expect((await rejection(dl.getPort(sf))).code).toMatch(/^(ENODEV|ENOENT)$/);
    expect((await dl.listRates(dev.handle)).map((r) => r.handle)).not.toContain(sf);
    const again = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 88 });
    expect(again).toMatchObject({ handle: sf, sfnum: 88, function: { state: 'inactive', opstate: 'detached', hwAddr: '00:00:00:00:00:00' } });
  });

  it('deletes an attached SF directly: the instance and netdev go with it', async () => {
    dev = createSfsim();
    dev.setDelays(0, 0);
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    const port = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 7 });
    await dl.setPortFunction(port.handle, { state: 'active' });
    const attached = await dl.waitForFunctionOpstate(port.handle, 'attached', { timeoutMs: 20_000 });
    const nested = attached.function!.devlink!.handle;
    const netdev = (await dl.listPorts(nested))[0]!.netdevName!;
    await dl.deletePort(port.handle);
    expect((await rejection(dl.getDevice(nested))).code).toBe('ENODEV');
    expect(netdevNames()).not.toContain(netdev);
  });

  it('an external controller SF attaches without a local instance', async () => {
    dev = createSfsim({ external: true });
    dev.setDelays(0, 0);
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    const port = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 5, controller: 1 });
    expect(port).toMatchObject({ handle: dev.sfPort(0, 1), controller: 1, sfnum: 5 });
    await dl.setPortFunction(port.handle, { state: 'active' });
    // no notification exists for this transition (no nested instance): poll
    let opstate: string | undefined;
    for (let i = 0; i < 100 && opstate !== 'attached'; i++) {
      opstate = (await dl.getPort(port.handle)).function?.opstate;
      if (opstate !== 'attached') await new Promise((r) => setTimeout(r, 50));
    }
    expect(opstate).toBe('attached');
    expect((await dl.getPort(port.handle)).function?.devlink).toBeUndefined();
  });

  it('a stalled activation never reaches attached: the wait times out', async () => {
    dev = createSfsim();
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    const port = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 });
    dev.setStallAttach(true);
    await dl.setPortFunction(port.handle, { state: 'active' });
    const error = await dl.waitForFunctionOpstate(port.handle, 'attached', { timeoutMs: 1500 }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
    expect((await dl.getPort(port.handle)).function).toMatchObject({ state: 'active', opstate: 'detached' });
    // deleting a stalled SF works like any other
    await dl.deletePort(port.handle);
  });

  it('unload-safe state: device removal with active SFs and rate nodes logs nothing', async () => {
    dev = createSfsim({ vfs: 2 });
    dev.setDelays(0, 0);
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    await dl.addRateNode(`${dev.handle}/n1`);
    await dl.addRateNode(`${dev.handle}/n2`, { parent: 'n1' });
    for (let sfnum = 0; sfnum < 3; sfnum++) {
      const port = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum });
      await dl.setRate(port.handle, { parent: 'n2' });
      await dl.setPortFunction(port.handle, { state: 'active' });
    }
    await dl.setRate(dev.port(1), { parent: 'n1' });
    await dl.waitForFunctionOpstate(dev.sfPort(2), 'attached', { timeoutMs: 20_000 });
    const gone = dl.waitForDevice(dev.handle, false, { timeoutMs: 20_000 });
    dev.remove();
    await gone;
    expect((await dl.listDevices()).filter((d) => d.handle.startsWith('auxiliary/sfsim'))).toEqual([]);
  });
});
