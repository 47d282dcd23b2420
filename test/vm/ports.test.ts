import { describe, expect, it } from 'vitest';
import { NetlinkKernelError } from '../../src/index.js';
import { useDevlink } from './support/client.js';
import { netdevsimPerTest, switchdevWithVfs, vfPortIndex } from './support/netdevsim.js';

describe('ports', () => {
  const dl = useDevlink();
  const netdevsim = netdevsimPerTest();

  it('lists the physical ports of a device with their netdevs and port numbers', async () => {
    const dev = netdevsim(2);
    const ports = await dl().listPorts(dev.handle);
    expect(ports.map((p) => p.handle)).toEqual([`${dev.handle}/0`, `${dev.handle}/1`]);
    for (const [i, port] of ports.entries()) {
      expect(port).toMatchObject({
        busName: 'netdevsim', deviceName: dev.devName, index: i,
        flavour: 'physical', type: 'eth', portNumber: i + 1, splittable: false,
      });
      expect(port.netdevName).toMatch(/^\w+$/);
      expect(port.netdevIfindex).toBeGreaterThan(0);
    }
  });

  it('gets one port by handle', async () => {
    const dev = netdevsim(2);
    const port = await dl().getPort(`${dev.handle}/1`);
    expect(port).toMatchObject({ handle: `${dev.handle}/1`, index: 1, flavour: 'physical', portNumber: 2 });
  });

  it('lists pcivf ports with controller, pfnum, vfnum, external and splittable after switchdev + VFs', async () => {
    const dev = netdevsim(1);
    switchdevWithVfs(dev, 3);
    const ports = await dl().listPorts(dev.handle);
    const vfs = ports.filter((p) => p.flavour === 'pcivf');
    expect(vfs.map((p) => p.index)).toEqual([vfPortIndex(0), vfPortIndex(1), vfPortIndex(2)]);
    vfs.forEach((port, vf) => {
      expect(port).toMatchObject({ controller: 0, pfnum: 0, vfnum: vf, external: false, splittable: false, type: 'eth' });
      expect(port.portNumber).toBeUndefined();
    });
    expect(ports.filter((p) => p.flavour === 'physical').map((p) => p.index)).toEqual([0]);
  });

  it('without a device filter, lists the ports of every device', async () => {
    const a = netdevsim(1);
    const b = netdevsim(2);
    const handles = (await dl().listPorts()).map((p) => p.handle);
    expect(handles).toEqual(expect.arrayContaining([`${a.handle}/0`, `${b.handle}/0`, `${b.handle}/1`]));
  });

  it('ports added and deleted through sysfs show up and disappear', async () => {
    const dev = netdevsim(1);
    dev.addPort(5);
    expect((await dl().listPorts(dev.handle)).map((p) => p.index)).toEqual([0, 5]);
    dev.deletePort(0);
    expect((await dl().listPorts(dev.handle)).map((p) => p.index)).toEqual([5]);
  });

  it('refuses a function set on a port without function support, with the kernel\'s message', async () => {
    const dev = netdevsim(1);
    const error = await dl().setPortFunction(`${dev.handle}/0`, { hwAddr: '00:11:22:33:44:55' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect(error).toMatchObject({ code: 'EOPNOTSUPP', message: "Port doesn't support function attributes" });
    expect((error as NetlinkKernelError).extack?.attributePath).toBe('port-function.hw-addr');
  });

  it('a missing port is ENODEV from the kernel', async () => {
    const dev = netdevsim(1);
    const error = await dl().getPort(`${dev.handle}/77`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect((error as NetlinkKernelError).code).toBe('ENODEV');
  });
});
