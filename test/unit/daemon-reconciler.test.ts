import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { DEVLINK_CMD } from '../../src/devlink/spec/index.js';
import { NLM_F_DUMP } from '../../src/netlink/constants.js';
import { createLogger } from '../../src/daemon/log.js';
import { DaemonMetrics } from '../../src/daemon/metrics.js';
import { Reconciler, type StateChange } from '../../src/daemon/reconciler.js';
import type { HostStatus } from '../../src/daemon/status.js';
import { OwnershipSet } from '../../src/state/ownership.js';
import { FakeDevlink } from '../support/fake-devlink.js';

// The daemon's loop against the fake kernel (byte-level devlink with sfsim's behaviour): SFs
// brought up from a config, drift repaired from notifications alone, a failing SF backing off
// without holding the others, a bad config on reload rejected while the last good one stays.

const DEV = 'pci/0000:08:00.0';

function config(sfnums: number[], extra = ''): string {
  return `devices:\n  - handle: ${DEV}\n    sfs:\n${sfnums.map((n) => `      - { pfnum: 0, sfnum: ${n}, hw_addr: "02:00:00:00:00:${n.toString(16).padStart(2, '0')}" }\n`).join('')}${extra}`;
}

describe('daemon reconciler against the fake kernel', () => {
  let fake: FakeDevlink;
  let dl: Devlink;
  let dir: string;
  let reconciler: Reconciler | undefined;
  let logs: string[];
  let metrics: DaemonMetrics;

  beforeEach(async () => {
    fake = new FakeDevlink(undefined, { attachDelayMs: 5, detachDelayMs: 5 });
    fake.addDevice(DEV, { sf: true, eswitchMode: 'switchdev' });
    dl = await Devlink.open({ transport: fake.openTransport() });
    dir = mkdtempSync(join(tmpdir(), 'devlink-ts-daemon-'));
    logs = [];
    metrics = new DaemonMetrics({ processMetrics: false });
  });
  afterEach(async () => {
    await reconciler?.close();
    reconciler = undefined;
    dl.close();
    fake.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(text: string, options: { debounceMs?: number; readinessPollMs?: number; netnsDir?: string } = {}): Reconciler {
    writeFileSync(join(dir, 'sfs.yaml'), text);
    reconciler = Reconciler.create({
      configPath: dir, dl, netnsClient: () => Promise.reject(new Error('no netns here')), ownership: new OwnershipSet(),
      logger: createLogger('json', (line) => logs.push(line)), metrics, debounceMs: options.debounceMs ?? 5, backoffInitialMs: 50, readinessPollMs: options.readinessPollMs ?? 50,
      ...(options.netnsDir !== undefined ? { netnsDir: options.netnsDir } : {}),
    });
    return reconciler;
  }

  /** Resolves with the status once `predicate` holds (checked on every state change). */
  function until(r: Reconciler, predicate: (status: HostStatus) => boolean): Promise<HostStatus> {
    return new Promise((resolve) => {
      const check = (): void => {
        const status = r.currentStatus();
        if (predicate(status)) {
          r.off('change', check);
          resolve(status);
        }
      };
      r.on('change', check);
      check();
    });
  }

  const attachedAndInstance = (status: HostStatus): boolean => status.sfs.length > 0 && status.sfs.every((sf) => sf.conditions.filter((c) => c.type !== 'netdev').every((c) => c.status));

  it('brings SFs up from a config; status names the first unmet condition (the fake makes no netdev)', async () => {
    const r = start(config([1, 2, 3]));
    await r.start();
    const status = await until(r, attachedAndInstance);
    expect(status.sfs.map((sf) => [sf.sfnum, sf.opstate, sf.devlink])).toEqual([
      [1, 'attached', 'auxiliary/sfsim.sf.1'], [2, 'attached', 'auxiliary/sfsim.sf.2'], [3, 'attached', 'auxiliary/sfsim.sf.3'],
    ]);
    expect(status.sfs[0]!.conditions.map((c) => c.type)).toEqual(['created', 'configured', 'active', 'attached', 'devlink', 'netdev']);
    expect(status.sfs[0]!.error).toBe('netdev: no netdev yet');
    expect(status.state).toBe('progressing');
    expect(status.appliedGeneration).toBe(1);
    expect((await dl.listPorts(DEV)).filter((p) => p.flavour === 'pcisf').map((p) => p.function?.hwAddr)).toEqual(['02:00:00:00:00:01', '02:00:00:00:00:02', '02:00:00:00:00:03']);
  });

  it('repairs drift seen in notifications: an SF deleted, deactivated, its MAC changed', async () => {
    const r = start(config([1, 2, 3]));
    await r.start();
    await until(r, attachedAndInstance);
    const ports = (await dl.listPorts(DEV)).filter((p) => p.flavour === 'pcisf');
    // Drift made by another client of the same kernel.
    const other = await Devlink.open({ transport: fake.openTransport() });
    try {
      await other.setPortFunction(ports[0]!.handle, { state: 'inactive' });
      await other.setPortFunction(ports[1]!.handle, { state: 'inactive' });
      await other.deletePort(ports[0]!.handle).catch(() => undefined);
    } finally {
      other.close();
    }
    const repaired = (): number => logs.filter((line) => line.includes('"drift repaired"')).length;
    const status = await until(r, (s) => attachedAndInstance(s) && s.sfs.every((sf) => sf.port !== null) && repaired() === 2);
    expect(logs.filter((line) => line.includes('did not keep'))).toEqual([]);
    expect(status.sfs.map((sf) => sf.opstate)).toEqual(['attached', 'attached', 'attached']);
    const after = (await dl.listPorts(DEV)).filter((p) => p.flavour === 'pcisf').map((p) => [p.sfnum, p.function?.hwAddr]);
    expect(after.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([[1, '02:00:00:00:00:01'], [2, '02:00:00:00:00:02'], [3, '02:00:00:00:00:03']]);
    expect(logs.filter((line) => line.includes('"drift repaired"')).length).toBeGreaterThanOrEqual(2);
    expect(await metrics.text()).toMatch(/devlink_ts_drift_repaired_total [2-9]/);
  });

  it('every status a client is shown is on the events stream first, so its change back is an event', async () => {
    // The VM stall: sfsim reuses the lowest free port slot and SF instance id, so an SF deleted
    // with iproute2 and re-created by the daemon has the very status line it had before. A client
    // that read the status while the SF was missing waited for an event that never came: the
    // stream only diffed the states published at the end of passes, and the re-created SF was
    // "unchanged" since the last of those.
    const r = start(config([1, 2]));
    await r.start();
    const before = await until(r, attachedAndInstance);
    const changes: StateChange[] = [];
    r.on('change', (change: StateChange) => changes.push(change));
    const other = await Devlink.open({ transport: fake.openTransport() });
    try {
      await other.deletePort(before.sfs[0]!.port!);
    } finally {
      other.close();
    }
    const shown = r.status(); // what GET /v1/status serves, between passes
    expect(shown.sfs[0]!.port).toBeNull();
    expect(changes.filter((c) => c.kind === 'sf' && c.object === before.sfs[0]!.object).map((c) => c['port'])).toEqual([null]);
    const after = await until(r, (s) => attachedAndInstance(s) && s.sfs.every((sf) => sf.port !== null));
    expect(changes.filter((c) => c.kind === 'sf' && c.object === before.sfs[0]!.object).at(-1)).toMatchObject({ port: after.sfs[0]!.port, opstate: 'attached' });
  });

  it('changes seen between passes reach the events stream without waiting for a pass', async () => {
    const r = start(config([1]), { debounceMs: 60_000, readinessPollMs: 60_000 }); // after the first pass, no pass for a minute
    await r.start();
    const before = r.currentStatus();
    expect(attachedAndInstance(before)).toBe(true);
    const deleted = new Promise<StateChange>((resolve) => {
      r.on('change', (change: StateChange) => { if (change.kind === 'sf' && change['port'] === null) resolve(change); });
    });
    const other = await Devlink.open({ transport: fake.openTransport() });
    try {
      await other.deletePort(before.sfs[0]!.port!);
    } finally {
      other.close();
    }
    expect(await deleted).toMatchObject({ object: before.sfs[0]!.object, ready: false, error: 'created: the SF port does not exist' });
  });

  /** Dumps of every device or every port of the host that the daemon's socket asked for since `from`. */
  function wholeHostDumps(from: number): string[] {
    return fake.kernel.requests.slice(from)
      .filter((request) => request.genl !== undefined && (request.message.flags & NLM_F_DUMP) === NLM_F_DUMP)
      .filter((request) => request.genl!.command === DEVLINK_CMD.get || request.genl!.command === DEVLINK_CMD['port-get'])
      .map((request) => (request.genl!.command === DEVLINK_CMD.get ? 'dev dump' : 'port dump'));
  }

  function nextChange(r: Reconciler, predicate: (change: StateChange) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (change: StateChange): void => {
        if (!predicate(change)) return;
        r.off('change', check);
        resolve();
      };
      r.on('change', check);
    });
  }

  it('an SF re-created in its old slot: its instance leaves and comes back with the kernel\'s notifications, no pass needed', async () => {
    // sfsim (and mlx5) give a re-created SF its old instance name back. The views of instances
    // were once re-read only at the next pass, so a stale view called the SF ready as soon as it
    // attached; now the daemon's own netns view follows DEVLINK_CMD_NEW/DEL and port notifications.
    const r = start(config([1]), { debounceMs: 60_000, readinessPollMs: 60_000 }); // no pass after the first for a minute
    await r.start();
    const before = r.currentStatus();
    expect(attachedAndInstance(before)).toBe(true);
    const instance = before.sfs[0]!.devlink!;
    const other = await Devlink.open({ transport: fake.openTransport() });
    try {
      const deleted = nextChange(r, (c) => c.kind === 'sf' && c['port'] === null);
      await other.deletePort(before.sfs[0]!.port!);
      await deleted;
      // Inactive and not yet attached: the old instance must not count for the new port.
      const port = await other.addPort(DEV, { flavour: 'pcisf', pfnum: 0, sfnum: 1 });
      const attached = nextChange(r, (c) => c.kind === 'sf' && c['opstate'] === 'attached');
      await other.setPortFunction(port.handle, { state: 'active' });
      await attached;
    } finally {
      other.close();
    }
    const sf = r.currentStatus().sfs[0]!;
    expect(sf.devlink).toBe(instance);
    expect(sf.conditions.find((c) => c.type === 'devlink')).toMatchObject({ status: true });
  });

  it('adding one SF to the config dumps no port or device of the host: the views follow notifications', async () => {
    const r = start(config([1, 2, 3]));
    await r.start();
    await until(r, (status) => attachedAndInstance(status));
    const from = fake.kernel.requests.length;
    writeFileSync(join(dir, 'sfs.yaml'), config([1, 2, 3, 4]));
    expect(r.reload().result).toBe('applied');
    const status = await until(r, (s) => s.sfs.length === 4 && attachedAndInstance(s));
    expect(status.sfs.find((sf) => sf.sfnum === 4)?.devlink).toMatch(/^auxiliary\//);
    expect(wholeHostDumps(from)).toEqual([]);
  });

  it('after a receive-buffer overflow the own view is read whole again (notifications may be lost)', async () => {
    const r = start(config([1]));
    await r.start();
    await until(r, (status) => attachedAndInstance(status));
    const from = fake.kernel.requests.length;
    r.trigger('test', { full: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(wholeHostDumps(from)).toEqual(expect.arrayContaining(['dev dump', 'port dump']));
  });

  it('status is computed once per change: the same object while nothing changes, a new one after a notification', async () => {
    const r = start(config([1]));
    await r.start();
    await until(r, (status) => attachedAndInstance(status));
    const first = r.currentStatus();
    expect(r.currentStatus()).toBe(first);
    expect(r.currentPlan()).toBe(r.currentPlan());
    const other = await Devlink.open({ transport: fake.openTransport() });
    try {
      await other.setPortFunction(first.sfs[0]!.port!, { hwAddr: '02:00:00:00:00:99' });
    } finally {
      other.close();
    }
    await vi.waitFor(() => expect(r.currentStatus()).not.toBe(first));
  });

  it('a failing SF backs off with the kernel\'s extack text while the others come up', async () => {
    fake.failNext(DEVLINK_CMD['port-set'], 'EINVAL', 'Hardware address refused by the fake', 3);
    const r = start(config([1]));
    await r.start();
    const failed = r.currentStatus();
    expect(failed.state).toBe('degraded');
    expect(failed.sfs[0]!.error).toContain('Hardware address refused by the fake (EINVAL)');
    const changes: StateChange[] = [];
    r.on('change', (change: StateChange) => changes.push(change));
    // Retried with backoff (50, 100, 200 ms...) until the fake stops refusing, never in a hot loop.
    const status = await until(r, attachedAndInstance);
    expect(status.sfs[0]!.error).toBe('netdev: no netdev yet');
    const refusals = logs.filter((line) => line.includes('Hardware address refused')).length;
    expect(refusals).toBe(3);
    expect(await metrics.text()).toMatch(/devlink_ts_netlink_errors_total\{errno="EINVAL"\} 3/);
  });

  it('a reply lost to a receive-buffer overflow is not a failure: re-read, planned again, no backoff', async () => {
    fake.loseReplyOfNext(DEVLINK_CMD['port-set']);
    const r = start(config([1, 2]));
    await r.start();
    const status = await until(r, attachedAndInstance);
    expect(status.sfs.map((sf) => sf.error)).toEqual(['netdev: no netdev yet', 'netdev: no netdev yet']);
    expect(logs.filter((line) => line.includes('"object failed"'))).toEqual([]);
    // Every request in flight at the overflow lost its reply (one or both SFs').
    expect(logs.filter((line) => line.includes('reply lost to a receive-buffer overflow')).length).toBeGreaterThanOrEqual(1);
    const text = await metrics.text();
    expect(text).toMatch(/devlink_ts_resyncs_total\{reason="overflow"\} 1/);
    expect(text).not.toMatch(/errno="ENOBUFS"/);
  });

  it('an SF whose netns does not exist yet waits for it: progressing, not failed, nothing retried', async () => {
    const r = start(`devices:\n  - handle: ${DEV}\n    sfs:\n      - { pfnum: 0, sfnum: 1, netns: later }\n`, { netnsDir: dir });
    await r.start();
    const status = await until(r, (s) => s.sfs[0]?.conditions.find((c) => c.type === 'attached')?.status === true);
    expect(status.state).toBe('progressing');
    expect(status.sfs[0]!.error).toBe('waiting for netns later to exist (ip netns add later)');
    expect(r.currentPlan().operations.map((op) => op.kind)).toEqual(['sf-reload']);
    expect(logs.filter((line) => line.includes('"object failed"'))).toEqual([]);
  });

  it('a bad config on reload is rejected with file:line:column; the last good stays; a good one applies', async () => {
    const r = start(config([1]));
    await r.start();
    await until(r, attachedAndInstance);
    writeFileSync(join(dir, 'sfs.yaml'), `${config([1])}    bogus_key: 1\n`);
    const rejected = r.reload();
    expect(rejected.result).toBe('rejected');
    expect(rejected).toMatchObject({ generation: 1 });
    expect((rejected as { errors: readonly string[] }).errors.join('\n')).toMatch(/sfs\.yaml:\d+:\d+/);
    expect(r.currentStatus().rejectedConfig).toMatch(/bogus_key/);
    expect(r.currentStatus().sfs.map((sf) => sf.sfnum)).toEqual([1]);
    writeFileSync(join(dir, 'sfs.yaml'), config([1, 2]));
    expect(r.reload()).toEqual({ result: 'applied', generation: 2 });
    expect(r.reload()).toEqual({ result: 'unchanged', generation: 2 });
    const status = await until(r, (s) => s.appliedGeneration === 2 && attachedAndInstance(s));
    expect(status.sfs.map((sf) => [sf.sfnum, sf.opstate])).toEqual([[1, 'attached'], [2, 'attached']]);
    expect(status.rejectedConfig).toBeNull();
  });

  it('a config change right after an apply is no verification failure: what was applied is checked against the config it was applied for', async () => {
    const r = start(`${config([1, 2])}    prune: true\n`);
    await r.start();
    await until(r, attachedAndInstance);
    // SF 2 is added and, the moment its apply is published (before the pass that verifies it),
    // the config drops it again.
    writeFileSync(join(dir, 'sfs.yaml'), `${config([1, 2, 3])}    prune: true\n`);
    const dropped = new Promise<void>((resolve) => {
      const onChange = (change: StateChange): void => {
        if (change.kind === 'sf' && change['sfnum'] === 3 && change['opstate'] === 'attached') {
          r.off('change', onChange);
          writeFileSync(join(dir, 'sfs.yaml'), `${config([1, 2])}    prune: true\n`);
          expect(r.reload().result).toBe('applied');
          resolve();
        }
      };
      r.on('change', onChange);
    });
    expect(r.reload().result).toBe('applied');
    await dropped;
    const status = await until(r, (s) => s.appliedGeneration === 3 && s.state !== 'degraded' && attachedAndInstance(s));
    expect(status.sfs.map((sf) => sf.sfnum)).toEqual([1, 2]);
    const other = await Devlink.open({ transport: fake.openTransport() });
    await vi.waitFor(async () => expect((await other.listPorts(DEV)).some((port) => port.sfnum === 3)).toBe(false));
    other.close();
    expect(logs.filter((line) => line.includes('not as declared after apply'))).toEqual([]);
  });
});
