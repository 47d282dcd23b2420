import { describe, expect, it } from 'vitest';
import type { DevlinkEvent, DevlinkEventStream } from '../../src/index.js';
import { useDevlink } from './support/client.js';
import { readEventsUntil, readEventsUntilAll } from './support/events.js';
import { netdevsimPerTest, vfPortIndex } from './support/netdevsim.js';

const portEvent = (action: 'new' | 'del', handle: string) => (e: DevlinkEvent) =>
  e.kind === 'port' && e.action === action && e.port.handle === handle;
const rateEvent = (action: 'new' | 'del', handle: string) => (e: DevlinkEvent) =>
  e.kind === 'rate' && e.action === action && e.rate.handle === handle;

describe('notifications of the "config" group', () => {
  const dl = useDevlink();
  const netdevsim = netdevsimPerTest();

  async function withStream(body: (stream: DevlinkEventStream) => Promise<void>): Promise<void> {
    const stream = dl().events();
    try {
      await body(stream);
    } finally {
      stream.close();
    }
  }

  it('device new and del', () =>
    withStream(async (stream) => {
      const dev = netdevsim(1);
      await readEventsUntil(stream, (e) => e.kind === 'dev' && e.action === 'new' && e.device.handle === dev.handle, 'dev new');
      dev.remove();
      await readEventsUntil(stream, (e) => e.kind === 'dev' && e.action === 'del' && e.device.handle === dev.handle, 'dev del');
    }));

  it('port new and del when a port is added and deleted', async () => {
    const dev = netdevsim(1);
    await withStream(async (stream) => {
      dev.addPort(3);
      const seen = await readEventsUntil(stream, portEvent('new', `${dev.handle}/3`), 'port new');
      const created = seen.at(-1);
      expect(created?.kind === 'port' && created.port.flavour).toBe('physical');
      dev.deletePort(3);
      await readEventsUntil(stream, portEvent('del', `${dev.handle}/3`), 'port del');
    });
  });

  it('rate new and del when a node is added and deleted', async () => {
    const dev = netdevsim(1);
    await dl().setEswitch(dev.handle, { mode: 'switchdev' });
    await withStream(async (stream) => {
      await dl().addRateNode(`${dev.handle}/evnode`, { txMax: 125_000n });
      const seen = await readEventsUntil(stream, rateEvent('new', `${dev.handle}/evnode`), 'rate new');
      const created = seen.at(-1);
      expect(created?.kind === 'rate' && created.rate).toMatchObject({ type: 'node', nodeName: 'evnode' });
      await dl().deleteRateNode(`${dev.handle}/evnode`);
      await readEventsUntil(stream, rateEvent('del', `${dev.handle}/evnode`), 'rate del');
    });
  });

  it('switchdev with VFs announces VF ports and rate leaves; removing the VFs announces their removal', async () => {
    const dev = netdevsim(1);
    dev.setNumVfs(2);
    const vfPorts = [0, 1].map((vf) => `${dev.handle}/${vfPortIndex(vf)}`);
    await withStream(async (stream) => {
      await dl().setEswitch(dev.handle, { mode: 'switchdev' });
      // ports and their rate leaves, in whatever order the kernel interleaves them
      await readEventsUntilAll(stream, vfPorts.flatMap((h) => [`port new ${h}`, `rate new ${h}`]));
      dev.setNumVfs(0);
      await readEventsUntilAll(stream, vfPorts.flatMap((h) => [`port del ${h}`, `rate del ${h}`]));
    });
  });

  it('param new when a parameter is set', async () => {
    const dev = netdevsim(1);
    await withStream(async (stream) => {
      await dl().setParam(dev.handle, 'max_macs', { cmode: 'driverinit', value: 8 });
      const seen = await readEventsUntil(stream, (e) => e.kind === 'param' && e.param.handle === dev.handle && e.param.name === 'max_macs', 'param new');
      const event = seen.at(-1);
      expect(event?.kind === 'param' && event.param.values).toEqual([{ cmode: 'driverinit', value: 8 }]);
    });
  });
});
