import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { DEVLINK_CMD } from '../../src/devlink/spec/index.js';
import { runApply } from '../../src/cli/apply.js';
import { memoryIo } from '../../src/cli/io.js';
import { validateSources } from '../../src/state/config-validate.js';
import { parseConfigText } from '../../src/state/config-source.js';
import { applyOnce } from '../../src/state/engine.js';
import { observe } from '../../src/state/observed.js';
import { OwnershipSet, OwnershipStore } from '../../src/state/ownership.js';
import { plan } from '../../src/state/planner.js';
import { renderOperation } from '../../src/state/render.js';
import { FakeDevlink } from '../support/fake-devlink.js';

// The executor and `apply` against the fake kernel (byte-level devlink with the sfsim driver's
// behaviour): from empty to converged, failures midway reported with the kernel's extack text and
// repaired by a re-run, ownership records written before creation.

const DEV = 'pci/0000:08:00.0';
const CONFIG = `
devices:
  - handle: ${DEV}
    rate_nodes:
      - { name: tenant1, tx_share: 1gbit, tx_max: 10gbit }
    sf_ranges:
      - pfnum: 0
        sfnum: { from: 100, count: 8 }
        hw_addr_base: "02:00:00:00:01:00"
        max_io_eqs: 6
        rate: { tx_share: 100mbit, tx_max: 2gbit, parent: tenant1 }
`;

function desiredFrom(text: string) {
  return validateSources([parseConfigText('c.yaml', text).source]);
}

describe('executor against the fake kernel', () => {
  let fake: FakeDevlink;
  let dl: Devlink;
  let dir: string;

  beforeEach(async () => {
    fake = new FakeDevlink(undefined, { attachDelayMs: 5, detachDelayMs: 5 });
    fake.addDevice(DEV, { sf: true, eswitchMode: 'switchdev' });
    dl = await Devlink.open({ transport: fake.openTransport() });
    dir = mkdtempSync(join(tmpdir(), 'devlink-ts-state-'));
  });
  afterEach(() => {
    dl.close();
    fake.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies from empty, records ownership, and a second pass plans nothing', async () => {
    const desired = desiredFrom(CONFIG);
    const store = OwnershipStore.open(dir);
    const progress: number[] = [];
    const outcome = await applyOnce(dl, desired, store, { onProgress: ({ done }) => progress.push(done) });
    expect(outcome.results.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(outcome.converged).toBe(true);
    expect(outcome.plan.operations).toHaveLength(1 + 8 * 5);
    expect(progress.at(-1)).toBe(41);
    const ports = (await dl.listPorts(DEV)).filter((p) => p.flavour === 'pcisf');
    expect(ports.map((p) => [p.sfnum, p.function?.hwAddr, p.function?.opstate, p.function?.maxIoEqs])).toEqual(
      Array.from({ length: 8 }, (_, i) => [100 + i, `02:00:00:00:01:0${i}`, 'attached', 6]),
    );
    const rate = await dl.getRate(ports[0]!.handle);
    expect(rate).toMatchObject({ txShare: 12_500_000n, txMax: 250_000_000n, parent: 'tenant1' });
    const file = JSON.parse(readFileSync(join(dir, 'owned.json'), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.records).toHaveLength(9);
    expect(file.records).toContainEqual({ deviceKey: `handle:${DEV}`, kind: 'sf', id: '0/0/100' });
    expect(file.records).toContainEqual({ deviceKey: `handle:${DEV}`, kind: 'rate-node', id: 'tenant1' });
    const again = plan(desired, await observe(dl, desired), OwnershipStore.open(dir));
    expect(again.operations).toEqual([]);
    expect(again.problems).toEqual([]);
  });

  it('a failure midway stops that SF only, with the kernel\'s extack text; a re-run repairs it', async () => {
    const desired = desiredFrom(CONFIG);
    const store = new OwnershipSet();
    fake.failNext(DEVLINK_CMD['port-set'], 'EINVAL', 'Hardware address must be 6 bytes');
    const first = await applyOnce(dl, desired, store, { concurrency: 1 });
    const failed = first.results.filter((r) => r.status === 'failed');
    expect(failed).toEqual([{
      object: `${DEV} sf 0/100`, status: 'failed', done: 1,
      failedCommand: `port function set <new port ${DEV} pfnum 0 sfnum 100> hw_addr 02:00:00:00:01:00 max_io_eqs 6`,
      error: 'Hardware address must be 6 bytes (EINVAL)',
    }]);
    expect(first.converged).toBe(false);
    // The other seven went on to attach.
    const attached = (await dl.listPorts(DEV)).filter((p) => p.function?.opstate === 'attached' && p.flavour === 'pcisf');
    expect(attached).toHaveLength(7);
    // The re-run plans only what that SF lacks, and converges.
    const second = await applyOnce(dl, desired, store);
    expect(second.plan.operations.map(renderOperation)).toEqual([
      `port function set ${DEV}/32768 hw_addr 02:00:00:00:01:00 max_io_eqs 6`,
      `port function rate set ${DEV}/32768 tx_share 100Mbit tx_max 2Gbit parent tenant1`,
      `port function set ${DEV}/32768 state active`,
      `# wait until ${DEV}/32768 opstate is attached`,
    ]);
    expect(second.converged).toBe(true);
  });

  it('records ownership before asking the kernel: a refused port add leaves a record, a re-run creates the SF or forgets it', async () => {
    const store = OwnershipStore.open(dir);
    fake.failNext(DEVLINK_CMD['port-new'], 'ENOSPC', 'SF limit of the device reached');
    const desired = desiredFrom(`devices:\n  - handle: ${DEV}\n    sfs: [{ pfnum: 0, sfnum: 5, state: inactive }]\n`);
    const first = await applyOnce(dl, desired, store);
    expect(first.results).toMatchObject([{ object: `${DEV} sf 0/5`, status: 'failed', error: 'SF limit of the device reached (ENOSPC)' }]);
    expect(OwnershipStore.open(dir).owns(`handle:${DEV}`, 'sf', '0/0/5')).toBe(true);
    // Undeclared now: the record of an SF that does not exist is dropped, nothing else happens.
    const empty = desiredFrom(`devices:\n  - handle: ${DEV}\n    prune: true\n`);
    const second = await applyOnce(dl, empty, store);
    expect(second.plan.operations).toEqual([]);
    expect(OwnershipStore.open(dir).all()).toEqual([]);
  });

  it('an SF that never attaches fails its wait with a timeout naming the stage; others converge', async () => {
    fake.options.attachDelayMs = null;
    const desired = desiredFrom(`devices:\n  - handle: ${DEV}\n    sfs: [{ pfnum: 0, sfnum: 1 }, { pfnum: 0, sfnum: 2, state: inactive }]\n`);
    const outcome = await applyOnce(dl, desired, new OwnershipSet(), { waitTimeoutMs: 200 });
    expect(outcome.results.find((r) => r.object === `${DEV} sf 0/1`)).toMatchObject({
      status: 'failed', failedCommand: `# wait until <new port ${DEV} pfnum 0 sfnum 1> opstate is attached`,
      error: `timed out after 0.2 s waiting for port ${DEV}/32768: opstate attached`,
    });
    expect(outcome.results.find((r) => r.object === `${DEV} sf 0/2`)).toMatchObject({ status: 'ok' });
  });

  it('prune removes owned SFs only, waiting for detach before deleting', async () => {
    const store = new OwnershipSet();
    await applyOnce(dl, desiredFrom(`devices:\n  - handle: ${DEV}\n    sfs: [{ pfnum: 0, sfnum: 1 }, { pfnum: 0, sfnum: 2 }]\n`), store);
    await dl.addPort(DEV, { flavour: 'pcisf', pfnum: 0, sfnum: 77 });
    const outcome = await applyOnce(dl, desiredFrom(`devices:\n  - handle: ${DEV}\n    prune: true\n    sfs: [{ pfnum: 0, sfnum: 1 }]\n`), store);
    expect(outcome.plan.operations.map(renderOperation)).toEqual([
      `port function set ${DEV}/32769 state inactive`, `# wait until ${DEV}/32769 opstate is detached`, `port del ${DEV}/32769`,
    ]);
    expect(outcome.converged).toBe(true);
    expect((await dl.listPorts(DEV)).filter((p) => p.flavour === 'pcisf').map((p) => p.sfnum)).toEqual([1, 77]);
    expect(store.all().map((r) => r.id)).toEqual(['0/0/1']);
  });
});

describe('devlink-ts apply (CLI) against the fake kernel', () => {
  let fake: FakeDevlink;
  let dir: string;
  const open = async () => Devlink.open({ transport: fake.openTransport() });

  beforeEach(() => {
    fake = new FakeDevlink(undefined, { attachDelayMs: 1 });
    fake.addDevice(DEV, { sf: true, eswitchMode: 'switchdev' });
    dir = mkdtempSync(join(tmpdir(), 'devlink-ts-apply-'));
    writeFileSync(join(dir, 'config.yaml'), CONFIG);
  });
  afterEach(() => {
    fake.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await runApply(argv, { io, openDevlink: open, tty: false, env: {} });
    return { code, out: io.out, err: io.err };
  };

  it('--dry-run prints devlink command lines and changes nothing; -j prints {"operations":[...]}', async () => {
    const text = await run('-f', join(dir, 'config.yaml'), '--dry-run', '--state-dir', join(dir, 'state'));
    expect(text.code).toBe(0);
    expect(text.out.split('\n').slice(0, 3)).toEqual([
      `port function rate add ${DEV}/tenant1 tx_share 1Gbit tx_max 10Gbit`,
      `port add ${DEV} flavour pcisf pfnum 0 sfnum 100`,
      `port function set <new port ${DEV} pfnum 0 sfnum 100> hw_addr 02:00:00:00:01:00 max_io_eqs 6`,
    ]);
    expect(existsSync(join(dir, 'state'))).toBe(false);
    const json = await run('-f', join(dir, 'config.yaml'), '--dry-run', '-j', '--state-dir', join(dir, 'state'));
    expect(JSON.parse(json.out).operations).toHaveLength(41);
    expect(JSON.parse(json.out).operations[1]).toEqual({ command: `port add ${DEV} flavour pcisf pfnum 0 sfnum 100`, kind: 'port-add', object: `${DEV} sf 0/100` });
  });

  it('applies, prints a summary and exits 0; a second --dry-run -j plans []', async () => {
    const applied = await run('-f', join(dir, 'config.yaml'), '--state-dir', join(dir, 'state'));
    expect(applied).toEqual({ code: 0, out: 'apply: 41 operations on 9 objects: 9 ok, 0 failed\n', err: '' });
    const again = await run('-f', join(dir, 'config.yaml'), '--dry-run', '-j', '--state-dir', join(dir, 'state'));
    expect(again).toEqual({ code: 0, out: '{"operations":[]}\n', err: '' });
  });

  it('--wait names what is still missing when the time runs out (the fake\'s SF instances have no netdev) and exits 1', async () => {
    const applied = await run('-f', join(dir, 'config.yaml'), '--wait=0.3', '--state-dir', join(dir, 'state'));
    expect(applied.code).toBe(1);
    expect(applied.err.split('\n')[0]).toBe(`devlink-ts: not ready: ${DEV} sf 0/100: SF netdev (auxiliary/sfsim.sf.100 has no port with a netdev yet)`);
    expect(applied.out).toBe('apply: 41 operations on 9 objects: 9 ok, 0 failed, 8 not ready\n');
    const json = await run('-f', join(dir, 'config.yaml'), '--wait=0.1', '-j', '--state-dir', join(dir, 'state'));
    expect(JSON.parse(json.out)).toMatchObject({ operations: [], results: [], converged: false, notReady: expect.arrayContaining([{ object: `${DEV} sf 0/107`, missing: 'SF netdev (auxiliary/sfsim.sf.107 has no port with a netdev yet)' }]) });
  });

  it('exits 1 with the failed object and the kernel\'s message', async () => {
    fake.failNext(DEVLINK_CMD['rate-new'], 'EOPNOTSUPP', 'Rate nodes are not supported');
    const applied = await run('-f', join(dir, 'config.yaml'), '--state-dir', join(dir, 'state'));
    expect(applied.code).toBe(1);
    expect(applied.err.split('\n')[0]).toBe(`devlink-ts: failed: ${DEV} rate node tenant1: port function rate add ${DEV}/tenant1 tx_share 1Gbit tx_max 10Gbit: Rate nodes are not supported (EOPNOTSUPP)`);
    expect(applied.out).toMatch(/^apply: 41 operations on 9 objects: \d ok, [1-9] failed\n$/);
  });

  it('a bad config: every error at file:line:column, exit 1, nothing applied and no state written', async () => {
    writeFileSync(join(dir, 'config.yaml'), `devices:\n  - handle: ${DEV}\n    sfs:\n      - { pfnum: 0, sfnum: 1, rate: { tx_max: 100 } }\n`);
    const applied = await run('-f', join(dir, 'config.yaml'), '--state-dir', join(dir, 'state'));
    expect(applied).toEqual({
      code: 1, out: '',
      err: `${join(dir, 'config.yaml')}:4:47: tx_max: 100 has no unit: write e.g. 100mbit (bits/s) or 100MBps (bytes/s)\ndevlink-ts apply: the config is invalid: nothing was applied\n`,
    });
    expect(existsSync(join(dir, 'state'))).toBe(false);
    const dl = await open();
    expect((await dl.listPorts(DEV)).filter((p) => p.flavour === 'pcisf')).toEqual([]);
    dl.close();
  });

  it('usage errors', async () => {
    expect((await run()).err.split('\n')[0]).toBe('devlink-ts apply: missing -f FILE|DIR (the config to apply)');
    expect((await run('-f', 'x', '--force')).err.split('\n')[0]).toBe('devlink-ts apply: unknown option "--force"');
    expect((await run('-f', 'x', '--wait=0')).err.split('\n')[0]).toBe('devlink-ts apply: Invalid --wait timeout "0": expected a number of seconds greater than 0');
  });
});
