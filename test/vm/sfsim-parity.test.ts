import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkPort, DevlinkRate } from '../../src/devlink/types.js';
import { IPROUTE2_DEVLINK } from './support/iproute2.js';
import { createSfsim, newerIproute2Devlink, type SfsimDevice } from './support/sfsim.js';

/** Runs a devlink binary and throws with its stderr when it fails. */
function run(tool: string, args: readonly string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Makes two devices' state comparable: their own names become DEV, SF instances' names become
 * SF (their numbers depend on creation order), netdev names (kernel-chosen) are dropped.
 */
function normalize(value: unknown, devName: string): unknown {
  const text = (s: string): string => s.replaceAll(`sfsim/${devName}`, 'sfsim/DEV').replace(/auxiliary\/sfsim\.sf\.\d+/g, 'auxiliary/SF');
  if (typeof value === 'string') return text(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return value.map((v) => normalize(v, devName));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === 'deviceName' || key === 'netdev' || key === 'netdevName' || key === 'netdevIfindex' || key === 'attributes') continue;
      out[text(key)] = normalize(v, devName);
    }
    return out;
  }
  return value;
}

/**
 * A device's state as iproute2 dumps it (-j), normalized. Whole dumps filtered by the device's
 * prefix: 6.1 takes no device handle on `port show` / `rate show`.
 */
function iproute2State(tool: string, dev: SfsimDevice): unknown {
  const json = (args: string[]): Record<string, unknown> => JSON.parse(run(tool, ['-j', ...args]) || '{}') as Record<string, unknown>;
  const ofDevice = (table: unknown): Record<string, unknown> => Object.fromEntries(
    Object.entries((table ?? {}) as Record<string, unknown>).filter(([key]) => key.startsWith(`${dev.handle}/`)),
  );
  return normalize({
    eswitch: json(['dev', 'eswitch', 'show', dev.handle]),
    ports: ofDevice(json(['port', 'show']).port),
    rates: ofDevice(json(['port', 'function', 'rate', 'show']).rate),
  }, dev.devName);
}

/** A device's state as the library decodes it, normalized. */
async function libraryState(dl: Devlink, dev: SfsimDevice): Promise<unknown> {
  const byHandle = <T extends { handle: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.handle.localeCompare(b.handle));
  const ports: DevlinkPort[] = byHandle(await dl.listPorts(dev.handle));
  const rates: DevlinkRate[] = byHandle(await dl.listRates(dev.handle));
  return normalize({ eswitch: (await dl.getEswitch(dev.handle)).mode, ports, rates }, dev.devName);
}

// The same requests made by iproute2's devlink and by the library leave the kernel in the same
// state: two identical sfsim devices, one driven by each, compared through both readers.
describe('sfsim: iproute2 parity of the resulting kernel state', () => {
  let dl: Devlink;
  let ours: SfsimDevice | undefined;
  let theirs: SfsimDevice | undefined;

  beforeAll(async () => {
    dl = await Devlink.open();
  });
  afterAll(() => dl.close());
  afterEach(() => {
    ours?.remove();
    theirs?.remove();
  });

  async function expectSameState(tool: string): Promise<void> {
    expect(iproute2State(tool, ours!)).toEqual(iproute2State(tool, theirs!));
    expect(await libraryState(dl, ours!)).toEqual(await libraryState(dl, theirs!));
  }

  it('iproute2 6.1: eswitch, SF add, hw_addr, rates with shares and parents, activate, deactivate, delete', { timeout: 120_000 }, async () => {
    const tool = IPROUTE2_DEVLINK;
    ours = createSfsim({ vfs: 2, external: true });
    theirs = createSfsim({ vfs: 2, external: true });
    for (const dev of [ours, theirs]) dev.setDelays(0, 0);
    const t = theirs.handle;

    await dl.setEswitch(ours.handle, { mode: 'switchdev' });
    run(tool, ['dev', 'eswitch', 'set', t, 'mode', 'switchdev']);

    await dl.addPort(ours.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 88 });
    await dl.addPort(ours.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 89 });
    await dl.addPort(ours.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 88, controller: 1 });
    run(tool, ['port', 'add', t, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '88']);
    run(tool, ['port', 'add', t, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '89']);
    run(tool, ['port', 'add', t, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '88', 'controller', '1']);
    await expectSameState(tool);

    await dl.setPortFunction(ours.sfPort(0), { hwAddr: '02:00:00:00:00:88' });
    await dl.setPortFunction(ours.port(1), { hwAddr: '02:00:00:00:01:00' });
    await dl.setPortFunction(ours.port(0x10000), { hwAddr: '02:00:00:00:02:00' });
    run(tool, ['port', 'function', 'set', theirs.sfPort(0), 'hw_addr', '02:00:00:00:00:88']);
    run(tool, ['port', 'function', 'set', theirs.port(1), 'hw_addr', '02:00:00:00:01:00']);
    run(tool, ['port', 'function', 'set', theirs.port(0x10000), 'hw_addr', '02:00:00:00:02:00']);

    // rates: 10mbit = 1250000 bytes/s, 100mbit = 12500000, 1mbit = 125000, 5mbit = 625000
    await dl.addRateNode(`${ours.handle}/grp`, { txShare: 1_250_000n, txMax: 12_500_000n });
    await dl.addRateNode(`${ours.handle}/sub`, { parent: 'grp' });
    await dl.setRate(ours.sfPort(0), { txShare: 125_000n, txMax: 625_000n, parent: 'sub' });
    await dl.setRate(ours.port(2), { txMax: 12_500_000n, parent: 'grp' });
    run(tool, ['port', 'function', 'rate', 'add', `${t}/grp`, 'tx_share', '10mbit', 'tx_max', '100mbit']);
    run(tool, ['port', 'function', 'rate', 'add', `${t}/sub`, 'parent', 'grp']);
    run(tool, ['port', 'function', 'rate', 'set', theirs.sfPort(0), 'tx_share', '1mbit', 'tx_max', '5mbit', 'parent', 'sub']);
    run(tool, ['port', 'function', 'rate', 'set', theirs.port(2), 'tx_max', '100mbit', 'parent', 'grp']);
    await expectSameState(tool);

    await dl.setPortFunction(ours.sfPort(0), { state: 'active' });
    run(tool, ['port', 'function', 'set', theirs.sfPort(0), 'state', 'active']);
    for (const dev of [ours, theirs]) await dl.waitForFunctionOpstate(dev.sfPort(0), 'attached', { timeoutMs: 20_000 });
    await expectSameState(tool);

    await dl.setPortFunction(ours.sfPort(0), { state: 'inactive' });
    run(tool, ['port', 'function', 'set', theirs.sfPort(0), 'state', 'inactive']);
    for (const dev of [ours, theirs]) await dl.waitForFunctionOpstate(dev.sfPort(0), 'detached', { timeoutMs: 20_000 });
    await dl.setRate(ours.port(2), { parent: null });
    run(tool, ['port', 'function', 'rate', 'set', theirs.port(2), 'noparent']);
    await dl.deletePort(ours.sfPort(1));
    run(tool, ['port', 'del', theirs.sfPort(1)]);
    await expectSameState(tool);
  });

  it('newer iproute2: caps, max_io_eqs, tx_priority, tx_weight (6.1 has none of them)', { timeout: 120_000 }, async () => {
    const tool = newerIproute2Devlink();
    ours = createSfsim({ vfs: 1 });
    theirs = createSfsim({ vfs: 1 });
    for (const dev of [ours, theirs]) dev.setDelays(0, 0);
    const t = theirs.handle;
    await dl.setEswitch(ours.handle, { mode: 'switchdev' });
    run(tool, ['dev', 'eswitch', 'set', t, 'mode', 'switchdev']);
    await dl.addPort(ours.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 3 });
    run(tool, ['port', 'add', t, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '3']);

    await dl.setPortFunction(ours.sfPort(0), { hwAddr: '02:00:00:00:00:03', roce: false, maxIoEqs: 16 });
    await dl.setPortFunction(ours.port(1), { migratable: true, ipsecCrypto: true, ipsecPacket: true, roce: false, maxIoEqs: 2 });
    run(tool, ['port', 'function', 'set', theirs.sfPort(0), 'hw_addr', '02:00:00:00:00:03', 'roce', 'disable', 'max_io_eqs', '16']);
    run(tool, ['port', 'function', 'set', theirs.port(1), 'migratable', 'enable', 'ipsec_crypto', 'enable', 'ipsec_packet', 'enable', 'roce', 'disable', 'max_io_eqs', '2']);

    await dl.addRateNode(`${ours.handle}/grp`, { txPriority: 2, txWeight: 30 });
    await dl.setRate(ours.sfPort(0), { txPriority: 5, txWeight: 100, parent: 'grp' });
    await dl.setRate(ours.port(1), { txWeight: 7 });
    run(tool, ['port', 'function', 'rate', 'add', `${t}/grp`, 'tx_priority', '2', 'tx_weight', '30']);
    run(tool, ['port', 'function', 'rate', 'set', theirs.sfPort(0), 'tx_priority', '5', 'tx_weight', '100', 'parent', 'grp']);
    run(tool, ['port', 'function', 'rate', 'set', theirs.port(1), 'tx_weight', '7']);
    await expectSameState(tool);

    await dl.setPortFunction(ours.sfPort(0), { state: 'active' });
    run(tool, ['port', 'function', 'set', theirs.sfPort(0), 'state', 'active']);
    for (const dev of [ours, theirs]) await dl.waitForFunctionOpstate(dev.sfPort(0), 'attached', { timeoutMs: 20_000 });
    // the newer tool prints the nested instance of an attached SF: both sides show one
    expect(JSON.stringify(iproute2State(tool, theirs))).toContain('auxiliary/SF');
    await expectSameState(tool);
  });
});
