import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { createSfsim, PF_PORT, type SfsimDevice } from './support/sfsim.js';

// Every refusal the SF path can meet — the sfsim driver's (mlx5's texts where mlx5 has the check)
// and the devlink core's own — asserted as the library reports them: errno code and extack text.
describe('sfsim: refusals as the library reports them', () => {
  let dl: Devlink;
  let dev: SfsimDevice;

  beforeAll(async () => {
    dl = await Devlink.open();
  });
  afterAll(() => dl.close());
  afterEach(() => dev?.remove());

  async function refused(promise: Promise<unknown>, code: string, message: string): Promise<void> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error, `expected ${code} "${message}"`).toBeInstanceOf(NetlinkKernelError);
    const kernel = error as NetlinkKernelError;
    expect({ code: kernel.code, message: kernel.message }).toEqual({ code, message });
    expect(kernel.extack?.message).toBe(message);
  }

  async function switchdevDevice(options: { vfs?: number; external?: boolean } = {}): Promise<SfsimDevice> {
    dev = createSfsim(options);
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    return dev;
  }

  describe('port add', () => {
    it('needs switchdev mode', async () => {
      dev = createSfsim();
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 }), 'EOPNOTSUPP',
        'sfsim: SF ports are only supported in eswitch switchdev mode.');
    });

    it('adds SFs only', async () => {
      await switchdevDevice();
      await refused(dl.addPort(dev.handle, { flavour: 'pcipf', pfnum: 0 }), 'EOPNOTSUPP',
        'sfsim: Driver supports only SF port addition');
    });

    it('refuses a port index', async () => {
      await switchdevDevice();
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1, index: 7 }), 'EOPNOTSUPP',
        'sfsim: Driver does not support user defined port index assignment');
    });

    it('requires an sfnum', async () => {
      await switchdevDevice();
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0 }), 'EOPNOTSUPP',
        'sfsim: User must provide unique sfnum. Driver does not support auto assignment');
    });

    it('requires an existing controller', async () => {
      await switchdevDevice();
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1, controller: 1 }), 'EINVAL',
        'sfsim: Invalid controller number');
      dev.remove();
      await switchdevDevice({ external: true });
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1, controller: 2 }), 'EINVAL',
        'sfsim: Invalid controller number');
    });

    it('requires an existing pfnum', async () => {
      await switchdevDevice();
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 1, sfnum: 1 }), 'ENODEV',
        'sfsim: Invalid pfnum supplied');
    });

    it('requires a unique sfnum per controller', async () => {
      await switchdevDevice({ external: true });
      await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 4 });
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 4 }), 'EEXIST',
        'sfsim: SF already exist. Choose different sfnum');
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 4, controller: 0 }), 'EEXIST',
        'sfsim: SF already exist. Choose different sfnum');
      // the same sfnum on the other controller is another SF
      const other = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 4, controller: 1 });
      expect(other).toMatchObject({ controller: 1, sfnum: 4 });
    });

    it('stops at max_sfs', async () => {
      await switchdevDevice();
      dev.setMaxSfs(2);
      await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 });
      await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 2 });
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 3 }), 'ENOSPC',
        'sfsim: SF limit of the device reached');
    });

    it('refuses port del on ports that are not SFs (core: no message)', async () => {
      await switchdevDevice();
      const error = await dl.deletePort(dev.port(PF_PORT)).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'EOPNOTSUPP' });
    });
  });

  describe('port function', () => {
    it('core: migratable, ipsec_crypto, ipsec_packet are for VFs only', async () => {
      await switchdevDevice({ vfs: 1 });
      const sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
      await refused(dl.setPortFunction(sf, { migratable: true }), 'EOPNOTSUPP', 'migratable function attribute supported for VFs only');
      await refused(dl.setPortFunction(sf, { ipsecCrypto: true }), 'EOPNOTSUPP', 'ipsec_crypto function attribute supported for VFs only');
      await refused(dl.setPortFunction(sf, { ipsecPacket: true }), 'EOPNOTSUPP', 'ipsec_packet function attribute supported for VFs only');
      // and a VF takes all of them
      await dl.setPortFunction(dev.port(1), { migratable: true, ipsecCrypto: true, ipsecPacket: true, roce: false, maxIoEqs: 2 });
      expect((await dl.getPort(dev.port(1))).function?.caps).toMatchObject({ roce: false, migratable: true, ipsecCrypto: true, ipsecPacket: true });
    });

    it('core: PF ports have no caps and no state; VF ports have no state', async () => {
      await switchdevDevice({ vfs: 1 });
      await refused(dl.setPortFunction(dev.port(PF_PORT), { roce: true }), 'EOPNOTSUPP', "Port doesn't support RoCE function attribute");
      await refused(dl.setPortFunction(dev.port(PF_PORT), { maxIoEqs: 4 }), 'EOPNOTSUPP', 'Function does not support max_io_eqs setting');
      await refused(dl.setPortFunction(dev.port(1), { state: 'active' }), 'EOPNOTSUPP', 'Function does not support state setting');
    });

    it('core: hw_addr must be a unicast Ethernet address on an eth port', async () => {
      await switchdevDevice();
      const sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
      await refused(dl.setPortFunction(sf, { hwAddr: '01:00:5e:00:00:01' }), 'EINVAL', 'Non-unicast hardware address unsupported');
      await refused(dl.setPortFunction(sf, { hwAddr: new Uint8Array([2, 0, 0, 0, 0, 1, 2, 3]) }), 'EINVAL', 'Address must be 6 bytes for Ethernet device');
    });

    it('max_io_eqs range', async () => {
      await switchdevDevice();
      const sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
      await refused(dl.setPortFunction(sf, { maxIoEqs: 0 }), 'ERANGE', 'sfsim: max_io_eqs 0 out of range 1-128');
      await refused(dl.setPortFunction(sf, { maxIoEqs: 129 }), 'ERANGE', 'sfsim: max_io_eqs 129 out of range 1-128');
      await dl.setPortFunction(sf, { maxIoEqs: 128 });
      expect((await dl.getPort(sf)).function?.maxIoEqs).toBe(128);
    });

    it('roce of an active SF is frozen', async () => {
      await switchdevDevice();
      dev.setStallAttach(true);
      const sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
      await dl.setPortFunction(sf, { state: 'active' });
      await refused(dl.setPortFunction(sf, { roce: false }), 'EBUSY', "sfsim: RoCE can't be changed while the function is active");
    });

    it('attributes before the failing one in a request are applied (core applies them in order)', async () => {
      await switchdevDevice();
      const sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
      await refused(dl.setPortFunction(sf, { hwAddr: '02:00:00:00:00:01', maxIoEqs: 0 }), 'ERANGE', 'sfsim: max_io_eqs 0 out of range 1-128');
      expect((await dl.getPort(sf)).function?.hwAddr).toBe('02:00:00:00:00:01');
    });
  });

  describe('eswitch', () => {
    it('refuses legacy while SFs exist, and the core refuses it while rate nodes exist', async () => {
      await switchdevDevice();
      const sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
      await refused(dl.setEswitch(dev.handle, { mode: 'legacy' }), 'EBUSY', "sfsim: Can't change eswitch mode to legacy while SF ports exist");
      await dl.deletePort(sf);
      await dl.addRateNode(`${dev.handle}/n`);
      await refused(dl.setEswitch(dev.handle, { mode: 'legacy' }), 'EBUSY', 'Rate node(s) exists.');
      await dl.deleteRateNode(`${dev.handle}/n`);
      await dl.setEswitch(dev.handle, { mode: 'legacy' });
    });
  });

  describe('rates', () => {
    it('validates shares, limits, priority and weight', async () => {
      await switchdevDevice({ vfs: 1 });
      const leaf = dev.port(1);
      await dl.setRate(leaf, { txMax: 1_000_000n });
      await refused(dl.setRate(leaf, { txShare: 2_000_000n }), 'EINVAL', "sfsim: tx_share can't be above tx_max");
      await dl.setRate(leaf, { txShare: 500_000n });
      await refused(dl.setRate(leaf, { txMax: 100_000n }), 'EINVAL', "sfsim: tx_max can't be below tx_share");
      await refused(dl.setRate(leaf, { txMax: 12_500_000_001n }), 'EINVAL', 'sfsim: TX rate exceeds the link speed of 100 Gbit/s');
      await refused(dl.setRate(leaf, { txPriority: 8 }), 'ERANGE', 'sfsim: tx_priority 8 out of range 0-7');
      await refused(dl.setRate(leaf, { txWeight: 201 }), 'ERANGE', 'sfsim: tx_weight 201 out of range 0-200');
      // tx_max 0 means unlimited again
      await dl.setRate(leaf, { txMax: 0n });
      await dl.setRate(leaf, { txShare: 5_000_000n });
    });

    it('nodes need switchdev; the core refuses cycles, self-parenting and deleting a parent', async () => {
      dev = createSfsim();
      await refused(dl.addRateNode(`${dev.handle}/n`), 'EOPNOTSUPP', 'sfsim: Rate node creation supported only in switchdev mode');
      await dl.setEswitch(dev.handle, { mode: 'switchdev' });
      await dl.addRateNode(`${dev.handle}/a`);
      await dl.addRateNode(`${dev.handle}/b`, { parent: 'a' });
      await refused(dl.setRate(`${dev.handle}/a`, { parent: 'a' }), 'EINVAL', 'Parent to self is not allowed');
      await refused(dl.setRate(`${dev.handle}/a`, { parent: 'b' }), 'EEXIST', 'Node is already a parent of parent node.');
      await refused(dl.deleteRateNode(`${dev.handle}/a`), 'EBUSY', 'Node has children. Cannot delete node.');
      await refused(dl.addRateNode(`${dev.handle}/c`, { txShare: 2_000_000n, txMax: 1_000_000n }), 'EINVAL', "sfsim: tx_max can't be below tx_share");
      expect((await dl.listRates(dev.handle)).map((r) => r.handle).sort()).toEqual([`${dev.handle}/a`, `${dev.handle}/b`]);
    });
  });

  describe('fault injection', () => {
    it('fails the next N operations of a kind with the chosen errno and message', async () => {
      await switchdevDevice();
      dev.injectFault('port_new', 2, 28, 'injected: no room');
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 }), 'ENOSPC', 'injected: no room');
      await refused(dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 }), 'ENOSPC', 'injected: no room');
      const sf = (await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 })).handle;
      expect(dev.faults().get('port_new')).toBe(0);

      dev.injectFault('state_set', 1, 5, 'firmware timeout');
      await refused(dl.setPortFunction(sf, { state: 'active' }), 'EIO', 'firmware timeout');
      dev.injectFault('hw_addr_set', 1, 16, 'address in use');
      await refused(dl.setPortFunction(sf, { hwAddr: '02:00:00:00:00:09' }), 'EBUSY', 'address in use');
      dev.injectFault('caps_set', 1, 95, 'no roce');
      await refused(dl.setPortFunction(sf, { roce: false }), 'EOPNOTSUPP', 'no roce');
      dev.injectFault('max_io_eqs_set', 1, 12, 'no eqs');
      await refused(dl.setPortFunction(sf, { maxIoEqs: 3 }), 'ENOMEM', 'no eqs');
      dev.injectFault('rate_set', 1, 22, 'qos busy');
      await refused(dl.setRate(sf, { txShare: 125_000n }), 'EINVAL', 'qos busy');
      dev.injectFault('rate_node_new', 1, 28, 'no groups left');
      await refused(dl.addRateNode(`${dev.handle}/g`), 'ENOSPC', 'no groups left');
      dev.injectFault('eswitch_mode_set', 1, 1, 'locked');
      await refused(dl.setEswitch(dev.handle, { mode: 'switchdev' }), 'EPERM', 'locked');
      dev.injectFault('port_del', 1, 16, 'SF in use');
      await refused(dl.deletePort(sf), 'EBUSY', 'SF in use');
      // every fault was consumed; the port is unchanged and deletable now
      expect([...dev.faults().values()].every((n) => n === 0)).toBe(true);
      expect((await dl.getPort(sf)).function).toMatchObject({ state: 'inactive', hwAddr: '00:00:00:00:00:00', maxIoEqs: 8 });
      await dl.deletePort(sf);
    });

    it('a fault without a message leaves only the errno', async () => {
      await switchdevDevice();
      dev.injectFault('port_new', 1, 16);
      const error = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(NetlinkKernelError);
      expect(error).toMatchObject({ code: 'EBUSY', message: 'Device or resource busy' });
      expect((error as NetlinkKernelError).extack?.message).toBeUndefined();
    });

    it('core quirk: a failed rate node delete still deletes the node', async () => {
      await switchdevDevice();
      await dl.addRateNode(`${dev.handle}/g`);
      dev.injectFault('rate_node_del', 1, 5, 'hw refused');
      await refused(dl.deleteRateNode(`${dev.handle}/g`), 'EIO', 'hw refused');
      expect(await dl.listRates(dev.handle)).toEqual([]);
    });
  });
});
