import { describe, expect, it } from 'vitest';
import { useDevlink } from './support/client.js';
import { devlinkJson } from './support/iproute2.js';
import { netdevsimPerTest } from './support/netdevsim.js';

describe('eswitch', () => {
  const dl = useDevlink();
  const netdevsim = netdevsimPerTest();

  it('a new device is in legacy mode', async () => {
    const dev = netdevsim(1);
    expect(await dl().getEswitch(dev.handle)).toMatchObject({ handle: dev.handle, mode: 'legacy' });
  });

  it('switches to switchdev and back, as iproute2 then sees it', async () => {
    const dev = netdevsim(1);
    await dl().setEswitch(dev.handle, { mode: 'switchdev' });
    expect((await dl().getEswitch(dev.handle)).mode).toBe('switchdev');
    expect(devlinkJson<{ dev: Record<string, { mode: string }> }>(['dev', 'eswitch', 'show', dev.handle]).dev[dev.handle]?.mode).toBe('switchdev');
    await dl().setEswitch(dev.handle, { mode: 'legacy' });
    expect((await dl().getEswitch(dev.handle)).mode).toBe('legacy');
  });

  it('switchdev with VFs creates one pcivf port per VF; legacy removes them', async () => {
    const dev = netdevsim(1);
    dev.setNumVfs(2);
    await dl().setEswitch(dev.handle, { mode: 'switchdev' });
    expect((await dl().listPorts(dev.handle)).filter((p) => p.flavour === 'pcivf')).toHaveLength(2);
    await dl().setEswitch(dev.handle, { mode: 'legacy' });
    expect((await dl().listPorts(dev.handle)).filter((p) => p.flavour === 'pcivf')).toHaveLength(0);
  });
});
