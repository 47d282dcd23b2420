import { describe, expect, it } from 'vitest';
import { NetlinkKernelError } from '../../src/index.js';
import { useDevlink } from './support/client.js';
import { netdevsimPerTest } from './support/netdevsim.js';

describe('devlink family and devices', () => {
  const dl = useDevlink();
  const netdevsim = netdevsimPerTest();

  it('resolves the devlink family and its "config" multicast group', () => {
    const family = dl().session.family;
    expect(family.name).toBe('devlink');
    expect(family.id).toBeGreaterThan(0x10); // above GENL_ID_CTRL and the other static ids
    expect(family.multicastGroups.get('config')).toBeGreaterThan(0);
  });

  it('lists every netdevsim device', async () => {
    const a = netdevsim(1);
    const b = netdevsim(2);
    const handles = (await dl().listDevices()).map((d) => d.handle);
    expect(handles).toEqual(expect.arrayContaining([a.handle, b.handle]));
  });

  it('gets one device by handle, with bus and device name split', async () => {
    const dev = netdevsim(1);
    const got = await dl().getDevice(dev.handle);
    expect(got).toMatchObject({ handle: dev.handle, busName: 'netdevsim', deviceName: dev.devName });
    expect(got.nestedDevlinks).toEqual([]);
  });

  it('a removed device is gone from the list and get fails with the kernel errno', async () => {
    const dev = netdevsim(1);
    dev.remove();
    expect((await dl().listDevices()).map((d) => d.handle)).not.toContain(dev.handle);
    const error = await dl().getDevice(dev.handle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect((error as NetlinkKernelError).code).toBe('ENODEV');
  });
});
