import { afterEach, describe, expect, it } from 'vitest';
import { GenlConnection } from '../../src/genl/connection.js';
import { openSocketTransport } from '../../src/netlink/socket-transport.js';
import { devlinkJson } from './support/iproute2.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { objsimLoaded } from './support/objsim.js';
import { newerIproute2Devlink, sfsimLoaded } from './support/sfsim.js';

// The test bed itself: we are in the VM, netdevsim is loaded, and the kernel has devlink.
describe('VM test bed', () => {
  let dev: NetdevsimDevice | undefined;
  afterEach(() => dev?.remove());

  it('runs inside the devlink-ts VM as root', () => {
    expect(process.env.DEVLINK_TS_IN_VM).toBe('1');
    expect(process.getuid?.()).toBe(0);
  });

  it('has both test drivers loaded and the newer iproute2 at hand (their suites skip nothing)', () => {
    expect(sfsimLoaded(), 'sfsim.ko did not build or load: see the host log of npm run test:vm').toBe(true);
    expect(objsimLoaded(), 'objsim.ko did not build or load: see the host log of npm run test:vm').toBe(true);
    expect(newerIproute2Devlink()).toMatch(/\/sbin\/devlink$/);
  });

  it('iproute2 devlink sees a netdevsim device with its ports', () => {
    dev = createNetdevsim(2);
    const devs = devlinkJson<{ dev: Record<string, unknown> }>(['dev', 'show']);
    expect(Object.keys(devs.dev)).toContain(dev.handle);
    // iproute2 6.1 cannot filter `port show` by device: dump all, keep this device's
    const ports = devlinkJson<{ port: Record<string, { flavour: string }> }>(['port', 'show']);
    const mine = Object.entries(ports.port).filter(([name]) => name.startsWith(`${dev!.handle}/`));
    expect(mine.map(([name]) => name)).toEqual([`${dev.handle}/0`, `${dev.handle}/1`]);
    expect(mine.map(([, p]) => p.flavour)).toEqual(['physical', 'physical']);
  });

  it('the library resolves the devlink family and its "config" multicast group', async () => {
    const genl = GenlConnection.open(openSocketTransport());
    try {
      const family = await genl.resolveFamily('devlink');
      expect(family.name).toBe('devlink');
      expect(family.id).toBeGreaterThan(0x10);
      expect(family.multicastGroups.get('config')).toBeGreaterThan(0);
    } finally {
      genl.close();
    }
  });
});
