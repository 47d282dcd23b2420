import { describe, expect, it } from 'vitest';
import type { Devlink, DevlinkEvent } from '../../src/index.js';
import { LiveNetnsView } from '../../src/daemon/live-view.js';

// The daemon's own-netns view of devlink instances and netdevs, kept from notifications: each
// notification carries its object's whole state, and those arriving during a whole read are
// replayed on top of its dumps.

const dev = (action: 'new' | 'del', handle: string): DevlinkEvent => {
  const [busName, deviceName] = handle.split('/') as [string, string];
  return { kind: 'dev', action, device: { busName, deviceName, handle } } as unknown as DevlinkEvent;
};
const port = (action: 'new' | 'del', instance: string, index: number, netdevName?: string): DevlinkEvent => {
  const [busName, deviceName] = instance.split('/') as [string, string];
  return { kind: 'port', action, port: { busName, deviceName, index, handle: `${instance}/${index}`, ...(netdevName ? { netdevName } : {}) } } as unknown as DevlinkEvent;
};

/** A client whose dumps answer `devices`/`ports` once `release` is called (notifications can come meanwhile). */
function pendingClient(devices: string[], ports: { instance: string; index: number; netdevName?: string }[]): { client: Devlink; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const client = {
    listDevices: async () => {
      await gate;
      return devices.map((handle) => ({ handle }));
    },
    listPorts: async () => ports.map((p) => {
      const [busName, deviceName] = p.instance.split('/');
      return { busName, deviceName, index: p.index, netdevName: p.netdevName };
    }),
  } as unknown as Devlink;
  return { client, release };
}

describe('LiveNetnsView', () => {
  it('follows instances and their ports\' netdevs from notifications', () => {
    const view = new LiveNetnsView();
    expect(view.apply(dev('new', 'auxiliary/sfsim.sf.0'))).toBe(true);
    expect(view.apply(dev('new', 'auxiliary/sfsim.sf.0'))).toBe(false);
    expect(view.presence('auxiliary/sfsim.sf.0')).toBe(false);
    expect(view.apply(port('new', 'auxiliary/sfsim.sf.0', 2, 'eth1'))).toBe(true);
    expect(view.apply(port('new', 'auxiliary/sfsim.sf.0', 1, 'eth0'))).toBe(true);
    expect(view.view.netdevOf.get('auxiliary/sfsim.sf.0')).toBe('eth0'); // the lowest-numbered port's
    expect(view.apply(port('new', 'auxiliary/sfsim.sf.0', 1, 'eth0'))).toBe(false);
    expect(view.apply(port('del', 'auxiliary/sfsim.sf.0', 1))).toBe(true);
    expect(view.view.netdevOf.get('auxiliary/sfsim.sf.0')).toBe('eth1');
    expect(view.apply(dev('del', 'auxiliary/sfsim.sf.0'))).toBe(true);
    expect(view.view.devices.has('auxiliary/sfsim.sf.0')).toBe(false);
    expect(view.view.netdevOf.has('auxiliary/sfsim.sf.0')).toBe(false);
    expect(view.presence('auxiliary/sfsim.sf.0')).toBeUndefined();
  });

  it('is live, with a version that changes with it; a representor beyond the lowest port leaves the netdev as it was', () => {
    const view = new LiveNetnsView();
    const seen = view.view;
    const pf = 'pci/0000:08:00.0';
    view.apply(port('new', pf, 0, 'eth0'));
    const v1 = view.version;
    for (let i = 1; i <= 5; i++) view.apply(port('new', pf, 32767 + i, `eth0pf0sf${i}`));
    expect(view.version).toBeGreaterThan(v1);
    expect(view.view).toBe(seen);
    expect(view.view.netdevOf.get(pf)).toBe('eth0');
    view.apply(port('del', pf, 32769));
    expect(view.view.netdevOf.get(pf)).toBe('eth0');
    const v2 = view.version;
    expect(view.apply(port('new', pf, 32768, 'eth0pf0sf1'))).toBe(false);
    expect(view.version).toBe(v2);
    view.apply(port('del', pf, 0));
    expect(view.view.netdevOf.get(pf)).toBe('eth0pf0sf1');
    expect(view.version).toBeGreaterThan(v2);
  });

  it('a port notification implies its instance is registered', () => {
    const view = new LiveNetnsView();
    expect(view.apply(port('new', 'auxiliary/sfsim.sf.3', 0))).toBe(true);
    expect(view.view.devices.has('auxiliary/sfsim.sf.3')).toBe(true);
    expect(view.view.netdevOf.has('auxiliary/sfsim.sf.3')).toBe(false);
  });

  it('a whole read replays the notifications that arrived during it, in order, on its dumps', async () => {
    const view = new LiveNetnsView();
    view.apply(dev('new', 'auxiliary/stale.0')); // not in the dumps: the read drops it
    const { client, release } = pendingClient(['pci/0000:08:00.0', 'auxiliary/sfsim.sf.0'], [{ instance: 'auxiliary/sfsim.sf.0', index: 1, netdevName: 'eth0' }]);
    const reading = view.read(client);
    // During the dumps: sf.0 leaves (after the dumps' moment), sf.1 comes with its netdev.
    view.apply(port('del', 'auxiliary/sfsim.sf.0', 1));
    view.apply(dev('del', 'auxiliary/sfsim.sf.0'));
    view.apply(dev('new', 'auxiliary/sfsim.sf.1'));
    view.apply(port('new', 'auxiliary/sfsim.sf.1', 1, 'eth1'));
    release();
    await reading;
    expect([...view.view.devices].sort()).toEqual(['auxiliary/sfsim.sf.1', 'pci/0000:08:00.0']);
    expect([...view.view.netdevOf]).toEqual([['auxiliary/sfsim.sf.1', 'eth1']]);
    // After the read, notifications apply directly again.
    view.apply(dev('del', 'auxiliary/sfsim.sf.1'));
    expect(view.view.devices.has('auxiliary/sfsim.sf.1')).toBe(false);
  });

  it('a failed read leaves the view as notifications made it', async () => {
    const view = new LiveNetnsView();
    view.apply(dev('new', 'auxiliary/sfsim.sf.0'));
    const client = { listDevices: () => Promise.reject(new Error('ENOBUFS')), listPorts: () => Promise.resolve([]) } as unknown as Devlink;
    await expect(view.read(client)).rejects.toThrow('ENOBUFS');
    view.apply(dev('new', 'auxiliary/sfsim.sf.1'));
    expect([...view.view.devices].sort()).toEqual(['auxiliary/sfsim.sf.0', 'auxiliary/sfsim.sf.1']);
  });
});
