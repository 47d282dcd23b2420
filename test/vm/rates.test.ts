import { describe, expect, it } from 'vitest';
import { NetlinkKernelError } from '../../src/index.js';
import { useDevlink } from './support/client.js';
import { netdevsimPerTest, switchdevWithVfs, vfPortIndex, type NetdevsimDevice } from './support/netdevsim.js';

const MBIT = 125_000n; // bytes per second in 1 Mbit/s: netdevsim's rate unit

async function kernelError(promise: Promise<unknown>): Promise<NetlinkKernelError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(NetlinkKernelError);
  return error as NetlinkKernelError;
}

describe('rates', () => {
  const dl = useDevlink();
  const netdevsim = netdevsimPerTest();

  function switchdevDevice(vfs = 2): NetdevsimDevice {
    const dev = netdevsim(1);
    switchdevWithVfs(dev, vfs);
    return dev;
  }

  it('every VF port has a rate leaf', async () => {
    const dev = switchdevDevice(2);
    const rates = await dl().listRates(dev.handle);
    expect(rates.map((r) => [r.handle, r.type, r.index])).toEqual([
      [`${dev.handle}/${vfPortIndex(0)}`, 'leaf', vfPortIndex(0)],
      [`${dev.handle}/${vfPortIndex(1)}`, 'leaf', vfPortIndex(1)],
    ]);
  });

  it('sets tx_share and tx_max of a leaf (bytes/s, bigint), as the driver then holds them', async () => {
    const dev = switchdevDevice();
    const leaf = `${dev.handle}/${vfPortIndex(0)}`;
    await dl().setRate(leaf, { txShare: 10n * MBIT, txMax: 100n * MBIT });
    expect(await dl().getRate(leaf)).toMatchObject({ type: 'leaf', txShare: 10n * MBIT, txMax: 100n * MBIT });
    expect(dev.readDebugfs(`ports/${vfPortIndex(0)}/tx_share`)).toBe('10'); // netdevsim stores Mbit/s
    expect(dev.readDebugfs(`ports/${vfPortIndex(0)}/tx_max`)).toBe('100');
  });

  it('adds a node with settings, reads it back, deletes it', async () => {
    const dev = switchdevDevice();
    const node = `${dev.handle}/group1`;
    await dl().addRateNode(node, { txShare: 2n * MBIT, txMax: 50n * MBIT });
    expect(await dl().getRate(node)).toMatchObject({ type: 'node', nodeName: 'group1', txShare: 2n * MBIT, txMax: 50n * MBIT });
    expect(dev.readDebugfs('rate_nodes/group1/tx_max')).toBe('50');
    await dl().deleteRateNode(node);
    expect((await dl().listRates(dev.handle)).map((r) => r.handle)).not.toContain(node);
  });

  it('sets and clears a leaf\'s parent, and nests a node under a node', async () => {
    const dev = switchdevDevice();
    const leaf = `${dev.handle}/${vfPortIndex(1)}`;
    await dl().addRateNode(`${dev.handle}/outer`);
    await dl().addRateNode(`${dev.handle}/inner`, { parent: 'outer' });
    await dl().setRate(leaf, { parent: 'inner' });
    expect((await dl().getRate(`${dev.handle}/inner`)).parent).toBe('outer');
    expect((await dl().getRate(leaf)).parent).toBe('inner');
    expect(dev.readDebugfs(`ports/${vfPortIndex(1)}/rate_parent`)).toBe('inner');

    await dl().setRate(leaf, { parent: null });
    expect((await dl().getRate(leaf)).parent).toBeUndefined();
    await dl().setRate(`${dev.handle}/inner`, { parent: null });
    expect((await dl().getRate(`${dev.handle}/inner`)).parent).toBeUndefined();
    await dl().deleteRateNode(`${dev.handle}/inner`);
    await dl().deleteRateNode(`${dev.handle}/outer`);
  });

  it('refuses a rate that is not a multiple of 1 Mbit/s with netdevsim\'s message', async () => {
    const dev = switchdevDevice();
    const error = await kernelError(dl().setRate(`${dev.handle}/${vfPortIndex(0)}`, { txShare: 1001n }));
    expect(error.code).toBe('EINVAL');
    expect(error.message).toBe('netdevsim: TX rate value not in link speed units of 1Mbps.');
  });

  it('refuses to delete a node that has children', async () => {
    const dev = switchdevDevice();
    await dl().addRateNode(`${dev.handle}/parent`);
    await dl().addRateNode(`${dev.handle}/child`, { parent: 'parent' });
    const error = await kernelError(dl().deleteRateNode(`${dev.handle}/parent`));
    expect(error.code).toBe('EBUSY');
    expect(error.message).toBe('Node has children. Cannot delete node.');
    await dl().deleteRateNode(`${dev.handle}/child`);
    await dl().deleteRateNode(`${dev.handle}/parent`);
  });

  it('refuses a parent loop and a parent to self', async () => {
    const dev = switchdevDevice();
    await dl().addRateNode(`${dev.handle}/a`);
    await dl().addRateNode(`${dev.handle}/b`, { parent: 'a' });
    const loop = await kernelError(dl().setRate(`${dev.handle}/a`, { parent: 'b' }));
    expect(loop.message).toBe('Node is already a parent of parent node.');
    const self = await kernelError(dl().setRate(`${dev.handle}/a`, { parent: 'a' }));
    expect(self.message).toBe('Parent to self is not allowed');
    await dl().deleteRateNode(`${dev.handle}/b`);
    await dl().deleteRateNode(`${dev.handle}/a`);
  });

  it('refuses tx_priority and tx_weight (netdevsim has no such ops) naming the offending attribute', async () => {
    const dev = switchdevDevice();
    const leaf = `${dev.handle}/${vfPortIndex(0)}`;
    const priority = await kernelError(dl().setRate(leaf, { txPriority: 3 }));
    expect(priority).toMatchObject({ code: 'EOPNOTSUPP', message: "TX priority set isn't supported for the leafs" });
    expect(priority.extack?.attributePath).toBe('rate-tx-priority');
    await dl().addRateNode(`${dev.handle}/w`);
    const weight = await kernelError(dl().setRate(`${dev.handle}/w`, { txWeight: 5 }));
    expect(weight).toMatchObject({ code: 'EOPNOTSUPP', message: "TX weight set isn't supported for the nodes" });
    expect(weight.extack?.attributePath).toBe('rate-tx-weight');
    await dl().deleteRateNode(`${dev.handle}/w`);
  });

  it('refuses a node in legacy mode with netdevsim\'s message', async () => {
    const dev = netdevsim(1);
    const error = await kernelError(dl().addRateNode(`${dev.handle}/n1`));
    expect(error.message).toBe('netdevsim: Node creation allowed only in switchdev mode.');
  });
});
