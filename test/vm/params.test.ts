import { describe, expect, it } from 'vitest';
import { NetlinkKernelError } from '../../src/index.js';
import { useDevlink } from './support/client.js';
import { netdevsimPerTest } from './support/netdevsim.js';

describe('params and reload', () => {
  const dl = useDevlink();
  const netdevsim = netdevsimPerTest();

  it('lists netdevsim\'s generic max_macs (u32) and driver-specific test1 (bool)', async () => {
    const dev = netdevsim(1);
    const params = await dl().listParams(dev.handle);
    expect(params.map((p) => [p.name, p.generic, p.type, p.values])).toEqual([
      ['max_macs', true, 'u32', [{ cmode: 'driverinit', value: 32 }]],
      ['test1', false, 'bool', [{ cmode: 'driverinit', value: true }]],
    ]);
  });

  it('a driverinit value is stored at once and applied by the driver on reload', async () => {
    const dev = netdevsim(1);
    await dl().setParam(dev.handle, 'max_macs', { cmode: 'driverinit', value: 16 });
    await dl().setParam(dev.handle, 'test1', { cmode: 'driverinit', value: false });
    expect((await dl().getParam(dev.handle, 'max_macs')).values).toEqual([{ cmode: 'driverinit', value: 16 }]);
    expect(dev.readDebugfs('max_macs')).toBe('32'); // not applied before the reload
    const result = await dl().reload(dev.handle, { action: 'driver_reinit' });
    expect(result.actionsPerformed).toEqual(['driver_reinit']);
    expect(dev.readDebugfs('max_macs')).toBe('16');
    expect(dev.readDebugfs('test1')).toBe('N');
    expect((await dl().getParam(dev.handle, 'test1')).values).toEqual([{ cmode: 'driverinit', value: false }]);
  });

  it('reload refused by the driver surfaces netdevsim\'s message', async () => {
    const dev = netdevsim(1);
    dev.writeDebugfs('dont_allow_reload', 'Y');
    const error = await dl().reload(dev.handle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect((error as NetlinkKernelError).message).toBe('netdevsim: User forbid the reload for testing purposes');
    dev.writeDebugfs('dont_allow_reload', 'N');
  });

  it('a missing parameter is a kernel error', async () => {
    const dev = netdevsim(1);
    const error = await dl().getParam(dev.handle, 'no_such_param').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect((error as NetlinkKernelError).code).toBe('EINVAL');
  });
});
