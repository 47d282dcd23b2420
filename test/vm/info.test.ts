import { describe, expect, it } from 'vitest';
import { useDevlink } from './support/client.js';
import { netdevsimPerTest } from './support/netdevsim.js';

describe('device info', () => {
  const dl = useDevlink();
  const netdevsim = netdevsimPerTest();

  it('reports netdevsim as driver with its running and stored fw.mgmt version', async () => {
    const dev = netdevsim(1);
    const info = await dl().getInfo(dev.handle);
    expect(info.handle).toBe(dev.handle);
    expect(info.driver).toBe('netdevsim');
    expect(info.versions.running).toEqual([{ name: 'fw.mgmt', value: '10.20.30' }]);
    expect(info.versions.stored).toEqual([{ name: 'fw.mgmt', value: '10.20.30' }]);
    expect(info.versions.fixed).toEqual([]);
  });

  it('dumps info of every device', async () => {
    const a = netdevsim(1);
    const b = netdevsim(1);
    const all = await dl().listInfo();
    expect(all.map((i) => i.handle)).toEqual(expect.arrayContaining([a.handle, b.handle]));
    expect(all.find((i) => i.handle === b.handle)?.driver).toBe('netdevsim');
  });
});
