import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { memoryIo } from '../../src/cli/io.js';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkPort } from '../../src/devlink/types.js';
import { devlink, devlinkJson } from './support/iproute2.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { createSfsim, newerIproute2Devlink, sfInstanceFunctions, type SfsimDevice } from './support/sfsim.js';

// `devlink-ts apply` against the real devlink core: sfsim for SFs, rates and eswitch, netdevsim
// for params (with the reload they need) and health reporters. One device set-up, shared by the
// steps in order: from empty to 64 SFs, an idempotent re-plan, drift made with iproute2 and its
// exact repairs, a crash mid-apply and a converging re-run, a foreign SF, prune. Then, on a second
// small sfsim device (own state directory): SF instance params and the netns hand-over end to end,
// and what resets undo — a firmware reset, the device removed and re-created, a netdevsim driver
// reload — each shown exactly by --dry-run and repaired by the next apply.

const SFS = 64;
let sfsim: SfsimDevice;
let nsim: NetdevsimDevice;
let dl: Devlink;
let dir: string;
let stateDir: string;

function config(options: { count?: number; extra?: boolean; prune?: boolean } = {}): string {
  const count = options.count ?? SFS;
  return `
devices:
  - handle: ${sfsim.handle}
    eswitch: { mode: switchdev }
    rate_nodes:
      - { name: tenant1, tx_share: 1gbit, tx_max: 10gbit, tx_priority: 1, tx_weight: 10 }
    sf_ranges:
      - pfnum: 0
        sfnum: { from: 0, count: ${count} }
        hw_addr_base: "02:00:00:00:10:00"
        roce: false
        max_io_eqs: 4
        rate: { tx_share: 100mbit, tx_max: 2gbit, tx_priority: 2, tx_weight: 50, parent: tenant1 }
        state: active
${options.extra ? `      - { pfnum: 0, sfnum: { from: 200, count: 16 }, hw_addr_base: "02:00:00:00:20:00" }\n` : ''}${options.prune ? '    prune: true\n' : ''}
  - handle: ${nsim.handle}
    params:
      - { name: max_macs, value: 16, cmode: driverinit }
      - { name: test1, value: false, cmode: driverinit }
    health:
      - { reporter: dummy, grace_period: 3600, auto_recover: false }
`;
}

async function apply(text: string, ...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  const io = memoryIo();
  const code = await runApply(['-f', file, '--state-dir', stateDir, ...flags], { io, tty: false });
  return { code, out: io.out, err: io.err };
}

async function planned(text: string): Promise<string[]> {
  const run = await apply(text, '--dry-run', '-j');
  expect(run.code, run.err).toBe(0);
  return (JSON.parse(run.out) as { operations: { command: string }[] }).operations.map((op) => op.command);
}

async function sfPorts(): Promise<DevlinkPort[]> {
  return (await dl.listPorts(sfsim.handle)).filter((port) => port.flavour === 'pcisf');
}

const NETNS = 'devlink-ts-apply';
let small: SfsimDevice;
let smallStateDir: string;

/** The second device: params before switchdev, a rate node, SFs with instance params and a netns. */
function smallConfig(): string {
  return `
devices:
  - handle: ${small.handle}
    params:
      - { name: flow_steering_mode, value: smfs, cmode: runtime }
    eswitch: { mode: switchdev }
    rate_nodes:
      - { name: tenant2, tx_max: 1gbit }
    sfs:
      - pfnum: 0
        sfnum: 1
        hw_addr: "02:00:00:00:30:01"
        max_io_eqs: 2
        rate: { tx_max: 100mbit, parent: tenant2 }
        params: [{ name: enable_rdma, value: false, cmode: driverinit }]
        netns: ${NETNS}
      - { pfnum: 0, sfnum: 2, hw_addr: "02:00:00:00:30:02", params: [{ name: enable_vnet, value: false, cmode: driverinit }] }
    sf_ranges:
      - { pfnum: 0, sfnum: { from: 10, count: 4 }, hw_addr_base: "02:00:00:00:30:10", rate: { parent: tenant2 } }
  - handle: ${nsim.handle}
    params:
      - { name: max_macs, value: 16, cmode: driverinit }
      - { name: test1, value: false, cmode: driverinit }
    health:
      - { reporter: dummy, grace_period: 3600, auto_recover: false }
`;
}

async function applySmall(...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  const file = join(dir, 'small.yaml');
  writeFileSync(file, smallConfig());
  const io = memoryIo();
  const code = await runApply(['-f', file, '--state-dir', smallStateDir, ...flags], { io, tty: false });
  return { code, out: io.out, err: io.err };
}

async function plannedSmall(): Promise<string[]> {
  const run = await applySmall('--dry-run', '-j');
  expect(run.code, run.err).toBe(0);
  return (JSON.parse(run.out) as { operations: { command: string }[] }).operations.map((op) => op.command);
}

function sh(command: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mac = (base: number, i: number): string => `02:00:00:00:${((base + i) >> 8).toString(16).padStart(2, '0')}:${((base + i) & 0xff).toString(16).padStart(2, '0')}`;

describe('devlink-ts apply in the VM', () => {
  beforeAll(async () => {
    sfsim = createSfsim();
    nsim = createNetdevsim(1);
    dl = await Devlink.open();
    dir = mkdtempSync(join(tmpdir(), 'devlink-ts-apply-'));
    stateDir = join(dir, 'state');
  });
  afterAll(() => {
    dl?.close();
    sfsim?.remove();
    small?.remove();
    nsim?.remove();
    sh('ip', 'netns', 'del', NETNS);
    rmSync(dir, { recursive: true, force: true });
  });

  it(`applies ${SFS} SFs with every attribute from empty, netdevsim params with one reload and a health reporter, and waits until ready`, async () => {
    const run = await apply(config(), '--wait=120');
    expect(run.err).toBe('');
    expect(run.out).toBe(`apply: ${2 + SFS * 5 + 4} operations on ${3 + SFS + 1} objects: ${3 + SFS + 1} ok, 0 failed, 0 not ready\n`);
    expect(run.code).toBe(0);
    // Read back with iproute2, not the library.
    const ports = devlinkJson<{ port: Record<string, { flavour: string; sfnum?: number; function?: { hw_addr: string; state: string; opstate: string } }> }>(['port', 'show']).port;
    const sfs = Object.entries(ports).filter(([handle, port]) => handle.startsWith(`${sfsim.handle}/`) && port.flavour === 'pcisf').map(([, port]) => port).sort((a, b) => a.sfnum! - b.sfnum!);
    expect(sfs).toHaveLength(SFS);
    sfs.forEach((port, i) => expect(port).toMatchObject({ sfnum: i, function: { hw_addr: mac(0x1000, i), state: 'active', opstate: 'attached' } }));
    const library = await sfPorts();
    expect(library.every((port) => port.function?.caps?.roce === false && port.function?.maxIoEqs === 4 && port.function.devlink !== undefined)).toBe(true);
    const rates = await dl.listRates(sfsim.handle);
    expect(rates.find((rate) => rate.nodeName === 'tenant1')).toMatchObject({ txShare: 125_000_000n, txMax: 1_250_000_000n, txPriority: 1, txWeight: 10 });
    expect(rates.filter((rate) => rate.type === 'leaf' && rate.parent === 'tenant1' && rate.txShare === 12_500_000n && rate.txMax === 250_000_000n && rate.txPriority === 2 && rate.txWeight === 50)).toHaveLength(SFS);
    expect((await dl.getEswitch(sfsim.handle)).mode).toBe('switchdev');
    const params = devlinkJson<{ param: Record<string, { name: string; values: { cmode: string; value: unknown }[] }[]> }>(['dev', 'param', 'show']).param[nsim.handle]!;
    expect(params.find((p) => p.name === 'max_macs')!.values).toContainEqual({ cmode: 'driverinit', value: 16 });
    expect(params.find((p) => p.name === 'test1')!.values).toContainEqual({ cmode: 'driverinit', value: false });
    const reporter = devlinkJson<{ health: Record<string, { reporter: string; grace_period?: number; auto_recover?: boolean }[]> }>(['health', 'show', nsim.handle, 'reporter', 'dummy']).health[nsim.handle]![0]!;
    expect(reporter).toMatchObject({ grace_period: 3600, auto_recover: false });
    const records = JSON.parse(readFileSync(join(stateDir, 'owned.json'), 'utf8')).records as unknown[];
    expect(records).toHaveLength(SFS + 1);
  }, 240_000);

  it('a second --dry-run -j plans []', async () => {
    expect(await planned(config())).toEqual([]);
  });

  it('drift made with iproute2 (an SF deleted, a MAC and a rate changed) is planned as exactly those repairs, then repaired', async () => {
    const ports = await sfPorts();
    const [deleted, remac, rerate] = [ports.find((p) => p.sfnum === 5)!, ports.find((p) => p.sfnum === 6)!, ports.find((p) => p.sfnum === 7)!];
    devlink(['port', 'function', 'set', deleted.handle, 'state', 'inactive']);
    await dl.waitForFunctionOpstate(deleted.handle, 'detached', { timeoutMs: 30_000 });
    devlink(['port', 'del', deleted.handle]);
    devlink(['port', 'function', 'set', remac.handle, 'hw_addr', '02:00:00:00:ff:06']);
    devlink(['port', 'function', 'rate', 'set', rerate.handle, 'tx_max', '500mbit']);
    const placeholder = `<new port ${sfsim.handle} pfnum 0 sfnum 5>`;
    expect(await planned(config())).toEqual([
      `port add ${sfsim.handle} flavour pcisf pfnum 0 sfnum 5`,
      `port function set ${placeholder} hw_addr ${mac(0x1000, 5)} roce disable max_io_eqs 4`,
      `port function rate set ${placeholder} tx_share 100Mbit tx_max 2Gbit tx_priority 2 tx_weight 50 parent tenant1`,
      `port function set ${placeholder} state active`,
      `# wait until ${placeholder} opstate is attached`,
      `port function set ${remac.handle} hw_addr ${mac(0x1000, 6)}`,
      `port function rate set ${rerate.handle} tx_max 2Gbit`,
    ]);
    const run = await apply(config());
    expect(run).toEqual({ code: 0, out: 'apply: 7 operations on 3 objects: 3 ok, 0 failed\n', err: '' });
    expect(await planned(config())).toEqual([]);
  }, 240_000);

  it('a crash between operations (the process killed) and a re-run converge with no duplicate or leftover SF', async () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, config({ extra: true }));
    const events = dl.events();
    const child = spawn(process.execPath, ['bin/devlink-ts.js', 'apply', '-f', file, '--state-dir', stateDir], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const seen = new Set<number>();
    void exited.then(() => events.close());
    for await (const event of events) {
      if (event.kind === 'port' && event.action === 'new' && (event.port.sfnum ?? 0) >= 200) seen.add(event.port.sfnum!);
      if (seen.size >= 4) break;
    }
    events.close();
    child.kill('SIGKILL');
    // Killed (no exit code), not finished by itself before 4 of the 16 SFs appeared.
    expect(await exited).toBe(null);
    const partial = (await sfPorts()).filter((p) => p.sfnum! >= 200).length;
    expect(partial).toBeGreaterThanOrEqual(4);
    const run = await apply(config({ extra: true }), '--wait=60');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const sfnums = (await sfPorts()).map((p) => p.sfnum!).sort((a, b) => a - b);
    expect(sfnums).toEqual([...Array.from({ length: SFS }, (_, i) => i), ...Array.from({ length: 16 }, (_, i) => 200 + i)]);
    expect(await planned(config({ extra: true }))).toEqual([]);
  }, 240_000);

  it('a foreign SF is left alone, and prune removes only owned SFs', async () => {
    devlink(['port', 'add', sfsim.handle, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', '999']);
    const foreign = (await sfPorts()).find((p) => p.sfnum === 999)!;
    // Declared nowhere, not pruned without prune: nothing planned, a note names it.
    const dry = await apply(config({ extra: true }), '--dry-run');
    expect(dry.out).toBe('');
    expect(dry.err).toBe(`devlink-ts: note: ${sfsim.handle} sf 0/999: foreign SF (port ${foreign.handle}, not created by devlink-ts): left alone\n`);
    // With prune and fewer SFs declared: the 16 extra and the last 4 of the range go, the foreign one stays.
    const prune = config({ count: SFS - 4, prune: true });
    const plan = await planned(prune);
    expect(plan.filter((line) => line.startsWith('port del'))).toHaveLength(20);
    expect(plan.some((line) => line.includes(foreign.handle))).toBe(false);
    const run = await apply(prune);
    expect(run.code).toBe(0);
    const sfnums = (await sfPorts()).map((p) => p.sfnum!).sort((a, b) => a - b);
    expect(sfnums).toEqual([...Array.from({ length: SFS - 4 }, (_, i) => i), 999]);
    expect(await planned(prune)).toEqual([]);
    const records = JSON.parse(readFileSync(join(stateDir, 'owned.json'), 'utf8')).records as { id: string }[];
    expect(records.filter((r) => r.id.startsWith('0/0/'))).toHaveLength(SFS - 4);
    devlink(['port', 'del', foreign.handle]);
  }, 240_000);
  // The plan from an empty device, kept to compare what --dry-run shows after each reset.
  let fromEmpty: string[] = [];

  it("SF instance params and the netns hand-over, end to end: planned, applied, ready in the netns, then nothing planned", async () => {
    small = createSfsim();
    small.setDelays(0, 0);
    smallStateDir = join(dir, 'state-small');
    expect(sh('ip', 'netns', 'add', NETNS).status).toBe(0);
    fromEmpty = await plannedSmall();
    const sf1 = `new port ${small.handle} pfnum 0 sfnum 1`;
    expect(fromEmpty.slice(0, 3)).toEqual([
      `dev param set ${small.handle} name flow_steering_mode value smfs cmode runtime`,
      `dev eswitch set ${small.handle} mode switchdev`,
      `port function rate add ${small.handle}/tenant2 tx_max 1Gbit`,
    ]);
    expect(fromEmpty).toContain(`dev param set <instance of ${sf1}> name enable_rdma value false cmode driverinit`);
    expect(fromEmpty).toContain(`dev reload <instance of ${sf1}> netns ${NETNS}`);
    expect(fromEmpty).toContain(`dev reload <instance of new port ${small.handle} pfnum 0 sfnum 2>`);
    const run = await applySmall('--wait=90');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const ports = (await dl.listPorts(small.handle)).filter((port) => port.flavour === 'pcisf');
    expect(ports.map((port) => port.sfnum).sort((a, b) => a! - b!)).toEqual([1, 2, 10, 11, 12, 13]);
    const port1 = ports.find((port) => port.sfnum === 1)!;
    const port2 = ports.find((port) => port.sfnum === 2)!;
    // SF 1's instance lives in the netns (with its port and netdev), its RDMA off; SF 2's at home, vnet off.
    const instance1 = port1.function!.devlink!.handle;
    expect(port1.function).toMatchObject({ opstate: 'attached', hwAddr: '02:00:00:00:30:01', maxIoEqs: 2 });
    expect(port1.function?.devlink?.netnsId).toBeGreaterThanOrEqual(0);
    expect(sfInstanceFunctions(instance1)).toEqual({ eth: true, rdma: false, vnet: true });
    const inNs = sh('ip', 'netns', 'exec', NETNS, newerIproute2Devlink(), 'port', 'show');
    const nsNetdev = new RegExp(`^${instance1}/0: type eth netdev (\\S+)`, 'm').exec(inNs.stdout)?.[1];
    expect(nsNetdev, inNs.stdout + inNs.stderr).toBeDefined();
    expect(sh('ip', '-n', NETNS, 'link', 'show', String(nsNetdev)).status).toBe(0);
    const instance2 = port2.function!.devlink!.handle;
    expect(port2.function?.devlink?.netnsId).toBeUndefined();
    expect(sfInstanceFunctions(instance2)).toEqual({ eth: true, rdma: true, vnet: false });
    const fsm = (await dl.listParams(small.handle)).find((param) => param.name === 'flow_steering_mode');
    expect(fsm?.values).toContainEqual(expect.objectContaining({ cmode: 'runtime', value: 'smfs' }));
    // The instance params are read where the instance lives: nothing left to do.
    expect(await plannedSmall()).toEqual([]);
  }, 120_000);

  it('a firmware reset (every SF, rate node and runtime param gone, eswitch legacy): --dry-run shows the whole plan from empty, apply restores it', async () => {
    const resets = small.fwResets;
    small.fwReset();
    expect(small.fwResets).toBe(resets + 1);
    expect((await dl.listPorts(small.handle)).filter((port) => port.flavour === 'pcisf')).toEqual([]);
    expect(await plannedSmall()).toEqual(fromEmpty);
    const run = await applySmall('--wait=90');
    expect([run.code, run.err]).toEqual([0, '']);
    expect(await plannedSmall()).toEqual([]);
  }, 120_000);

  it('the device removed and re-created (same ID, same serial) and a netdevsim driver reload: --dry-run shows exactly what, apply restores it', async () => {
    small.remove();
    small = createSfsim({ id: small.id });
    small.setDelays(0, 0);
    // netdevsim's reload re-creates its health reporters with the defaults; driverinit params survive.
    devlink(['dev', 'reload', nsim.handle]);
    expect(await plannedSmall()).toEqual([...fromEmpty, `health set ${nsim.handle} reporter dummy grace_period 3600 auto_recover false`]);
    const run = await applySmall('--wait=90');
    expect([run.code, run.err]).toEqual([0, '']);
    // Owned by serial: the re-created device's SFs are ours again, not foreign; nothing left to do.
    expect(await plannedSmall()).toEqual([]);
    const records = JSON.parse(readFileSync(join(smallStateDir, 'owned.json'), 'utf8')).records as unknown[];
    expect(records).toHaveLength(6 + 1);
  }, 120_000);
});
