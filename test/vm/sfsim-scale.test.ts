import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkPort } from '../../src/devlink/types.js';
import { createSfsim, netdevNames, SF_PORT_BASE, type SfsimDevice } from './support/sfsim.js';

/** 1024 (the module's default SF limit) unless DEVLINK_TS_SFSIM_SCALE asks for another count. */
const COUNT = scaleCount(process.env.DEVLINK_TS_SFSIM_SCALE);

function scaleCount(text: string | undefined): number {
  if (text === undefined || text === '') return 1024;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 32767) throw new Error(`DEVLINK_TS_SFSIM_SCALE must be an integer 1-32767, got ${JSON.stringify(text)}`);
  return n;
}
/** Requests in flight at once: the kernel serialises them per instance anyway. */
const BATCH = 32;

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await Promise.all(items.slice(i, i + BATCH).map(run));
}

function sfPorts(ports: readonly DevlinkPort[]): DevlinkPort[] {
  return ports.filter((p) => p.flavour === 'pcisf');
}

// The default SF limit of one device, end to end: 1024 SFs (DEVLINK_TS_SFSIM_SCALE changes the
// count) added, configured, activated (each with its own devlink instance and netdev), then
// deleted, with every port accounted for.
describe(`sfsim: ${COUNT} SFs`, () => {
  let dl: Devlink;
  let dev: SfsimDevice | undefined;

  beforeAll(async () => {
    dl = await Devlink.open({ timeoutMs: 120_000 });
  });
  afterAll(() => dl.close());
  afterEach(() => dev?.remove());

  it(`adds, configures, activates and deletes ${COUNT} SFs`, { timeout: 900_000 }, async () => {
    dev = createSfsim({ vfs: 2 });
    dev.setDelays(0, 0);
    dev.setMaxSfs(COUNT);
    await dl.setEswitch(dev.handle, { mode: 'switchdev' });
    const fixed = (await dl.listPorts(dev.handle)).map((p) => p.handle).sort();
    const netdevsBefore = netdevNames().length;
    const sfnums = Array.from({ length: COUNT }, (_, i) => 1000 + i);
    const mac = (n: number): string => `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
    const t0 = Date.now();

    // add: every reply names a distinct port
    const handles = new Map<number, string>();
    await inBatches(sfnums, async (sfnum) => {
      const port = await dl.addPort(dev!.handle, { flavour: 'pcisf', pfnum: 0, sfnum });
      expect(port).toMatchObject({ sfnum, function: { state: 'inactive', opstate: 'detached' } });
      handles.set(sfnum, port.handle);
    });
    expect(new Set(handles.values()).size).toBe(COUNT);
    const over = await dl.addPort(dev.handle, { flavour: 'pcisf', pfnum: 0, sfnum: 1 }).then(() => undefined, (e: unknown) => e);
    expect(over).toMatchObject({ code: 'ENOSPC' });
    const tAdd = Date.now();

    // configure every SF: address, caps, EQs, rate
    await dl.addRateNode(`${dev.handle}/all`, { txMax: 12_500_000_000n });
    await inBatches(sfnums, async (sfnum) => {
      const port = handles.get(sfnum)!;
      await dl.setPortFunction(port, { hwAddr: mac(sfnum), roce: sfnum % 2 === 0, maxIoEqs: 1 + (sfnum % 128) });
      await dl.setRate(port, { txShare: BigInt(sfnum) * 125_000n, parent: 'all' });
    });
    const tConfigure = Date.now();

    // activate all, then wait until the dump shows every one attached with its own instance
    await inBatches(sfnums, (sfnum) => dl.setPortFunction(handles.get(sfnum)!, { state: 'active' }));
    let ports: DevlinkPort[] = [];
    for (let i = 0; i < 600; i++) {
      ports = sfPorts(await dl.listPorts(dev.handle));
      if (ports.every((p) => p.function?.opstate === 'attached')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const tActivate = Date.now();
    expect(ports).toHaveLength(COUNT);
    for (const port of ports) {
      expect(port.function).toMatchObject({
        state: 'active', opstate: 'attached', hwAddr: mac(port.sfnum!), maxIoEqs: 1 + (port.sfnum! % 128),
        caps: { roce: port.sfnum! % 2 === 0 },
      });
      expect(handles.get(port.sfnum!)).toBe(port.handle);
      expect(port.index).toBeGreaterThanOrEqual(SF_PORT_BASE);
    }
    const nested = new Set(ports.map((p) => p.function?.devlink?.handle));
    expect(nested.size).toBe(COUNT);
    const instances = new Set((await dl.listDevices()).map((d) => d.handle));
    for (const handle of nested) expect(instances.has(handle!)).toBe(true);
    const rates = (await dl.listRates(dev.handle)).filter((r) => r.type === 'leaf' && r.index! >= SF_PORT_BASE);
    expect(rates).toHaveLength(COUNT);
    for (const rate of rates) expect(rate.parent).toBe('all');
    // each SF: a representor on the eswitch and a netdev of its own
    expect(netdevNames().length).toBe(netdevsBefore + 2 * COUNT);

    // delete all (active ones are detached by the driver), every port and instance accounted for
    await inBatches([...handles.values()], (handle) => dl.deletePort(handle));
    const tDelete = Date.now();
    expect((await dl.listPorts(dev.handle)).map((p) => p.handle).sort()).toEqual(fixed);
    expect((await dl.listDevices()).filter((d) => d.handle.startsWith('auxiliary/sfsim'))).toEqual([]);
    expect(netdevNames().length).toBe(netdevsBefore);
    await dl.deleteRateNode(`${dev.handle}/all`);

    console.log(`${COUNT} SFs: add ${tAdd - t0} ms, configure ${tConfigure - tAdd} ms, activate ${tActivate - tConfigure} ms, delete ${tDelete - tActivate} ms`);
  });
});
