import { afterEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { DevlinkInputError, DevlinkWaitTimeoutError } from '../../src/devlink/errors.js';
import { LinecardProvisioningError } from '../../src/devlink/ops/linecard-wait.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { addFakeLinecards, addFakePortParams, setFakeLinecardState, type FakeLinecard } from '../support/fake-devlink-linecards.js';
import type { FakeDevice } from '../support/fake-devlink-state.js';

const DEV = 'objsim/objsim1';
/** The device as every decoded object carries it. */
const OWNER = { busName: 'objsim', deviceName: 'objsim1', handle: DEV };
const TYPES = ['16x100G', '8x200G'];
let fake: FakeDevlink;
let device: FakeDevice;
let cards: FakeLinecard[];
let dl: Devlink;

afterEach(() => {
  dl?.close();
  fake?.dispose();
});

async function setup(delayMs: number | null = 0): Promise<void> {
  fake = new FakeDevlink(new FakeKernel());
  device = fake.addDevice(DEV);
  cards = addFakeLinecards(device, [
    { supportedTypes: TYPES },
    { state: 'active', type: '16x100G', supportedTypes: TYPES, nested: 'objsim/objsim1.lc2' },
  ], { delayMs });
  fake.addDevice('netdevsim/netdevsim1');
  dl = await Devlink.open({ transport: fake.openTransport(), timeoutMs: 2000 });
}

describe('line cards', () => {
  it('lists and gets slots with state, type, supported types and nested devlink', async () => {
    await setup();
    const list = (await dl.listLinecards()).map(({ attributes, ...card }) => card);
    expect(list).toEqual([
      { ...OWNER, index: 1, state: 'unprovisioned', supportedTypes: TYPES },
      {
        ...OWNER, index: 2, state: 'active', type: '16x100G', supportedTypes: TYPES,
        nestedDevlink: { handle: 'objsim/objsim1.lc2', busName: 'objsim', deviceName: 'objsim1.lc2' },
      },
    ]);
    expect(await dl.listLinecards('netdevsim/netdevsim1')).toEqual([]);
    expect((await dl.getLinecard(DEV, 2)).type).toBe('16x100G');
    await expect(dl.getLinecard(DEV, 9)).rejects.toMatchObject({ code: 'ENODEV' });
  });

  it('provisions, waits by notifications, and unprovisions', async () => {
    await setup(5);
    await dl.setLinecardType(DEV, 1, '8x200G');
    expect((await dl.getLinecard(DEV, 1)).state).toBe('provisioning');
    const provisioned = await dl.waitForLinecardState(DEV, 1, 'provisioned', { timeoutMs: 1000 });
    expect(provisioned).toMatchObject({ state: 'provisioned', type: '8x200G' });
    setTimeout(() => setFakeLinecardState(fake, device, cards[0]!, 'active', 'objsim/objsim1.lc1'), 5);
    const active = await dl.waitForLinecardState(DEV, 1, 'active', { timeoutMs: 1000 });
    expect(active.nestedDevlink?.handle).toBe('objsim/objsim1.lc1');
    // An active card counts as provisioned.
    expect((await dl.waitForLinecardState(DEV, 1, 'provisioned', { timeoutMs: 1000 })).state).toBe('active');
    await dl.setLinecardType(DEV, 1, null);
    expect((await dl.waitForLinecardState(DEV, 1, 'unprovisioned', { timeoutMs: 1000 })).type).toBeUndefined();
  });

  it('reports the kernel refusals and warnings with their extack texts', async () => {
    await setup(null);
    await expect(dl.setLinecardType(DEV, 1, '1x400G')).rejects.toMatchObject({ code: 'EINVAL', message: 'Unsupported line card type provided' });
    await dl.setLinecardType(DEV, 1, '16x100G');
    await expect(dl.setLinecardType(DEV, 1, '16x100G')).rejects.toMatchObject({ code: 'EBUSY', message: 'Line card is currently being provisioned' });
    const warnings: string[] = [];
    await dl.setLinecardType(DEV, 2, '16x100G', { onWarning: (w) => warnings.push(w.message ?? '') });
    await expect(dl.setLinecardType(DEV, 2, '8x200G')).rejects.toBeInstanceOf(NetlinkKernelError);
    expect(warnings).toEqual(['Line card already provisioned']);
  });

  it('names the stage on timeout and rejects on failed provisioning', async () => {
    await setup(null);
    await dl.setLinecardType(DEV, 1, '16x100G');
    const timeout = await dl.waitForLinecardState(DEV, 1, 'provisioned', { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(DevlinkWaitTimeoutError);
    expect((timeout as DevlinkWaitTimeoutError).stage).toBe('state provisioned');
    expect((timeout as Error).message).toBe(`timed out after 50 ms waiting for line card ${DEV} lc 1: state provisioned`);
    setTimeout(() => setFakeLinecardState(fake, device, cards[0]!, 'provisioning_failed'), 5);
    const failed = await dl.waitForLinecardState(DEV, 1, 'active', { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(LinecardProvisioningError);
    expect((failed as Error).message).toBe(`line card ${DEV} lc 1: provisioning failed (type 16x100G)`);
  });

  it('refuses bad input before sending', async () => {
    await setup();
    await expect(dl.setLinecardType(DEV, -1, 'x')).rejects.toBeInstanceOf(DevlinkInputError);
    await expect(dl.setLinecardType(DEV, 1, '')).rejects.toBeInstanceOf(DevlinkInputError);
    await expect(dl.waitForLinecardState(DEV, 1, 'gone' as 'active')).rejects.toBeInstanceOf(DevlinkInputError);
  });

  it('carries the decoded card in line card events', async () => {
    await setup(null);
    const events = dl.events();
    await dl.setLinecardType(DEV, 1, '8x200G');
    for await (const event of events) {
      if (event.kind !== 'linecard') continue;
      expect(event).toMatchObject({ action: 'new', handle: DEV, index: 1, state: 'provisioning', linecard: { state: 'provisioning', type: '8x200G' } });
      break;
    }
  });
});

describe('port params', () => {
  it('surfaces the kernel refusal, and reads and sets them where a kernel has them', async () => {
    await setup();
    fake.putPort(device, { index: 0 } as never);
    await expect(dl.getPortParam(`${DEV}/0`, 'x')).rejects.toMatchObject({ code: 'EINVAL', message: 'Port params are not supported' });
    expect(await dl.listPortParams()).toEqual([]);
    addFakePortParams(device, 0, [{ name: 'wol', generic: false, type: 'u8', values: { runtime: 3 } }]);
    const [param] = await dl.listPortParams(DEV);
    expect(param).toMatchObject({ handle: DEV, portIndex: 0, portHandle: `${DEV}/0`, name: 'wol', type: 'u8', values: [{ cmode: 'runtime', value: 3 }] });
    await dl.setPortParam(`${DEV}/0`, 'wol', { value: 7, cmode: 'runtime' });
    expect((await dl.getPortParam(`${DEV}/0`, 'wol')).values[0]?.value).toBe(7);
  });
});
