import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callDaemon, followEvents } from '../../src/daemon/client.js';
import type { HostStatus } from '../../src/daemon/status.js';
import { devlink, devlinkJson } from './support/iproute2.js';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { createSfsim, type SfsimDevice } from './support/sfsim.js';

// `devlink-ts daemon` against the real devlink core on one sfsim device (and a netdevsim one for
// the driver reload), its steps in order, one daemon shared until the kill -9 test: SFs brought up
// from a config (wait-ready), drift made with iproute2 repaired, apply refused beside the daemon, a
// bad config on reload rejected while the last good one is enforced, the device removed and added
// back, a firmware reset, a ConfigMap `..data` swap, a driver reload, an SF waiting for its netns,
// an SF the kernel refuses backing off beside ready ones, a receive-buffer overflow under a burst
// of notifications, malformed API requests and a non-root client, and kill -9 at random moments
// during an apply, restarted, until it converges to exactly the declared SFs. The config directory
// is laid out as a Kubernetes ConfigMap volume, and every config change is its atomic `..data`
// swap. Waits are on the daemon's event stream or its log lines, never sleeps.

const NETNS = 'dlts-daemon-later';
/** The daemon's socket receive buffer (the kernel doubles it): small, so a burst overflows it. */
const RECEIVE_BUFFER = 65536;

let sfsim: SfsimDevice;
let nsim: NetdevsimDevice | undefined;
let dir: string;
let configDir: string;
let stateDir: string;
let socket: string;
let daemon: ChildProcess | undefined;
let logs = '';
const logWaiters = new Set<() => void>();

/** The sfsim device's SFs 10.. (a range) plus `sfs` lines, then `extra` keys; the netdevsim device when `nsim`. */
function config(count: number, extra = '', options: { sfs?: string[]; nsim?: boolean } = {}): string {
  return `devices:
  - handle: ${sfsim.handle}
    eswitch: { mode: switchdev }
    sf_ranges:
      - pfnum: 0
        sfnum: { from: 10, count: ${count} }
        hw_addr_base: "02:00:00:00:30:00"
        rate: { tx_max: 1gbit }
${options.sfs?.length ? `    sfs:\n${options.sfs.map((sf) => `      - ${sf}\n`).join('')}` : ''}${extra}${options.nsim ? `  - handle: ${nsim!.handle}
    health:
      - { reporter: dummy, grace_period: 3600, auto_recover: false }
` : ''}`;
}

let swaps = 0;

/**
 * Writes the config as the kubelet updates a ConfigMap volume: the file in a new timestamped
 * directory, a `..data_tmp` symlink to it renamed over `..data` (the atomic swap), the old
 * directory removed; the top-level `sfs.yaml` is a symlink to `..data/sfs.yaml`, made once.
 */
function writeConfig(text: string): void {
  const stamp = `..2026_12_05_07_00_${String(++swaps).padStart(2, '0')}.${process.pid}`;
  mkdirSync(join(configDir, stamp));
  writeFileSync(join(configDir, stamp, 'sfs.yaml'), text);
  const data = join(configDir, '..data');
  const old = existsSync(data) ? readlinkSync(data) : undefined;
  symlinkSync(stamp, join(configDir, '..data_tmp'));
  renameSync(join(configDir, '..data_tmp'), data);
  if (old === undefined) symlinkSync('..data/sfs.yaml', join(configDir, 'sfs.yaml'));
  else rmSync(join(configDir, old), { recursive: true });
}

function startDaemon(extra: string[] = []): ChildProcess {
  const child = spawn(process.execPath, ['bin/devlink-ts.js', 'daemon', '--config', configDir, '--socket', socket, '--state-dir', stateDir, '--log-format', 'json', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    logs += chunk.toString();
    for (const waiter of [...logWaiters]) waiter();
  });
  return child;
}

type LogLine = { msg?: string; object?: string; operation?: string; command?: string; result?: string; error?: string; retryInMs?: number; [key: string]: unknown };

/** The daemon's JSON log lines from character offset `from` on. */
function logLines(from = 0): LogLine[] {
  return logs.slice(from).split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** Resolves once `predicate` holds for the log lines from `from` on (checked on every chunk the daemon writes). */
function untilLog(predicate: (lines: LogLine[]) => boolean, what: string, from = 0, timeoutMs = 240_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!predicate(logLines(from))) return;
      clearTimeout(timer);
      logWaiters.delete(check);
      resolve();
    };
    const timer = setTimeout(() => {
      logWaiters.delete(check);
      reject(new Error(`timed out waiting for ${what}; logs:\n${logs.slice(-12000)}`));
    }, timeoutMs);
    logWaiters.add(check);
    check();
  });
}

/** One value of the daemon's /metrics (0 when the series is absent). */
async function metric(series: string): Promise<number> {
  const text = (await callDaemon(socket, 'GET', '/metrics')).body;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function stopDaemon(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

function cli(args: string[], timeoutMs = 120_000): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['bin/devlink-ts.js', ...args], { encoding: 'utf8', timeout: timeoutMs });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Resolves once the daemon's event stream shows `predicate` true for the status (checked on every change). */
async function untilStatus(predicate: (status: HostStatus) => boolean, timeoutMs = 240_000): Promise<HostStatus> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let result: HostStatus | undefined;
  let last = '';
  let checking = Promise.resolve();
  const check = (): void => {
    checking = checking.then(async () => {
      if (controller.signal.aborted) return;
      const answer = await callDaemon(socket, 'GET', '/v1/status');
      last = answer.body;
      const status = JSON.parse(answer.body) as HostStatus;
      if (predicate(status)) {
        result = status;
        controller.abort();
      }
    }).catch(() => undefined);
  };
  for (;;) {
    try {
      await followEvents(socket, check, controller.signal);
    } catch {
      // the socket is not there yet: the daemon is starting
    }
    await checking;
    clearTimeout(timer);
    if (result) return result;
    if (controller.signal.aborted) {
      const plan = await callDaemon(socket, 'GET', '/v1/plan').then((a) => a.body, (e: Error) => e.message);
      const now = await callDaemon(socket, 'GET', '/v1/status').then((a) => a.body, (e: Error) => e.message);
      throw new Error(`timed out waiting for the daemon's status; last checked:\n${last}\nnow:\n${now}\nplan: ${plan}\nports: ${JSON.stringify([...sfPorts()])}\nlogs:\n${logs.slice(-12000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // daemon (re)starting: retry connecting
  }
}

type PortJson = { port: Record<string, { flavour: string; sfnum?: number; function?: { hw_addr?: string; state?: string; opstate?: string } }> };

/** SF ports as iproute2 sees them: sfnum -> [port handle, hw_addr, state, opstate]. */
function sfPorts(): Map<number, [string, string | undefined, string | undefined, string | undefined]> {
  const ports = devlinkJson<PortJson>(['port', 'show']).port;
  const result = new Map<number, [string, string | undefined, string | undefined, string | undefined]>();
  for (const [handle, port] of Object.entries(ports)) {
    if (!handle.startsWith(`${sfsim.handle}/`) || port.flavour !== 'pcisf' || port.sfnum === undefined) continue;
    if (result.has(port.sfnum)) throw new Error(`sfnum ${port.sfnum} exists twice`);
    result.set(port.sfnum, [handle, port.function?.hw_addr, port.function?.state, port.function?.opstate]);
  }
  return result;
}

/**
 * SFs of the kill -9 test: the issue's 200 (measured in the VM under load: 59 s for the test, 44 s
 * with 32); DEVLINK_TS_DAEMON_KILL_SFS changes it.
 */
const KILL_SFS = Number(process.env['DEVLINK_TS_DAEMON_KILL_SFS'] ?? 200);

const allReady = (count: number) => (status: HostStatus): boolean => status.ready && status.sfs.length === count;

/** iproute2 shows exactly `count` SFs on the sfsim device, every one attached. */
function allAttached(count: number): boolean {
  const ports = sfPorts();
  return ports.size === count && [...ports.values()].every((p) => p[3] === 'attached');
}

/** tx_max of a port's rate leaf as iproute2 shows it (bytes/s). */
function txMax(port: string): number | undefined {
  return Object.values(devlinkJson<{ rate: Record<string, { tx_max?: number }> }>(['port', 'function', 'rate', 'show', port]).rate)[0]?.tx_max;
}

type Reporter = { reporter: string; grace_period?: number; auto_recover?: boolean };
function dummyReporter(): Reporter {
  return devlinkJson<{ health: Record<string, Reporter[]> }>(['health', 'show', nsim!.handle, 'reporter', 'dummy']).health[nsim!.handle]![0]!;
}

// Timeouts are hang guards only (TCG on a shared machine is slow); timing goals live in the bench.
describe('devlink-ts daemon on sfsim', { timeout: 500_000 }, () => {
  beforeAll(() => {
    sfsim = createSfsim();
    dir = mkdtempSync(join(tmpdir(), 'devlink-ts-daemon-'));
    configDir = join(dir, 'config');
    stateDir = join(dir, 'state');
    socket = join(dir, 'run', 'daemon.sock');
    mkdirSync(configDir, { recursive: true });
    spawnSync('ip', ['netns', 'del', NETNS]);
  });
  afterAll(async () => {
    await stopDaemon(daemon);
    sfsim?.remove();
    nsim?.remove();
    spawnSync('ip', ['netns', 'del', NETNS]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings SFs up from a config: wait-ready returns once each is attached with its instance and netdev', async () => {
    writeConfig(config(8));
    daemon = startDaemon(['--receive-buffer', String(RECEIVE_BUFFER)]);
    const waiter = spawn(process.execPath, ['bin/devlink-ts.js', 'wait-ready', '--timeout', '240', '--socket', socket, `${sfsim.handle}/10`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let waitErrors = '';
    waiter.stderr!.on('data', (chunk: Buffer) => { waitErrors += chunk.toString(); });
    const code = await new Promise((resolve) => waiter.once('exit', resolve));
    expect(waitErrors, logs.slice(-4000)).toBe('');
    expect(code).toBe(0);
    const status = await untilStatus(allReady(8));
    expect(status.state).toBe('ready');
    for (const sf of status.sfs) {
      expect({ ...sf, conditions: undefined }).toMatchObject({ device: sfsim.handle, pfnum: 0, ready: true, state: 'active', opstate: 'attached', netns: null, error: null });
      expect(sf.devlink).toMatch(/^auxiliary\/sfsim\.sf\.\d+$/);
      expect(typeof sf.netdev).toBe('string');
      expect(existsSync(`/sys/class/net/${sf.netdev}`)).toBe(true);
    }
    const ports = sfPorts();
    expect([...ports.keys()].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...ports.values()].map((p) => p[1]).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `02:00:00:00:30:0${i}`));
    const text = cli(['status', '--socket', socket]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^host: ready \(config generation 1\/1, /);
    const json = JSON.parse(cli(['status', '-j', '--socket', socket]).stdout) as HostStatus;
    expect(Object.keys(json.sfs[0]!)).toEqual(expect.arrayContaining(['device', 'pfnum', 'sfnum', 'port', 'ready', 'state', 'netdev', 'devlink', 'netns', 'error']));
  });

  // Was skipped (the daemon repaired all four drifts but this wait timed out): the re-created SF
  // got its old port slot and instance id, so its status equalled the last published one and the
  // events stream stayed silent; now every status served is published first (Reconciler.status).
  it('repairs drift made with iproute2: an SF deleted, one deactivated, a MAC and a rate changed', async () => {
    const before = sfPorts();
    const repairedBefore = Number(/^devlink_ts_drift_repaired_total (\d+)/m.exec((await callDaemon(socket, 'GET', '/metrics')).body)?.[1] ?? 0);
    devlink(['port', 'function', 'set', before.get(11)![0], 'state', 'inactive']);
    devlink(['port', 'function', 'set', before.get(12)![0], 'hw_addr', '02:00:00:00:99:99']);
    devlink(['port', 'function', 'rate', 'set', before.get(13)![0], 'tx_max', '100mbit']);
    devlink(['port', 'del', before.get(10)![0]]);
    const status = await untilStatus((s) => allReady(8)(s) && sfPorts().get(11)?.[3] === 'attached' && sfPorts().get(10) !== undefined
      && sfPorts().get(12)?.[1] === '02:00:00:00:30:02');
    expect(status.ready).toBe(true);
    const after = sfPorts();
    expect(after.get(10)?.slice(1)).toEqual(['02:00:00:00:30:00', 'active', 'attached']);
    expect(after.get(11)?.slice(1)).toEqual(['02:00:00:00:30:01', 'active', 'attached']);
    expect(after.get(12)?.[1]).toBe('02:00:00:00:30:02');
    const rate = devlinkJson<{ rate: Record<string, { tx_max?: number }> }>(['port', 'function', 'rate', 'show', after.get(13)![0]]).rate;
    expect(Object.values(rate)[0]?.tx_max).toBe(125_000_000);
    const metrics = (await callDaemon(socket, 'GET', '/metrics')).body;
    expect(Number(/^devlink_ts_drift_repaired_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(repairedBefore + 3);
    expect(JSON.parse((await callDaemon(socket, 'GET', '/v1/plan')).body)).toEqual({ operations: [], problems: [] });
  });

  it('apply refuses to run beside the live daemon (dry runs still work)', () => {
    const refused = cli(['apply', '-f', configDir, '--state-dir', stateDir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/a devlink-ts daemon \(pid \d+\) keeps .* reload it/);
    const dry = cli(['apply', '-f', configDir, '--state-dir', stateDir, '--dry-run', '-j']);
    expect(dry.stdout.trim()).toBe('{"operations":[]}');
  });

  it('a bad config on reload is rejected with file:line:column while the last good one is enforced', async () => {
    writeConfig(`${config(8)}    bogus: 1\n`);
    const answer = await callDaemon(socket, 'POST', '/v1/reload');
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.body).errors.join('\n')).toMatch(/sfs\.yaml:\d+:\d+.*bogus/);
    const status = JSON.parse((await callDaemon(socket, 'GET', '/v1/status')).body) as HostStatus;
    expect(status.generation).toBe(1);
    expect(status.rejectedConfig).toMatch(/bogus/);
    // Still enforced: an SF deleted now comes back.
    devlink(['port', 'del', sfPorts().get(15)![0]]);
    await untilStatus((s) => allReady(8)(s) && sfPorts().get(15)?.[3] === 'attached');
    // A good config on SIGHUP: generation 2, one more SF.
    writeConfig(config(9));
    daemon!.kill('SIGHUP');
    const after = await untilStatus((s) => s.appliedGeneration === 2 && allReady(9)(s));
    expect(after.rejectedConfig).toBeNull();
    expect(sfPorts().size).toBe(9);
  });

  it('the device removed and added back: its SFs are back', async () => {
    sfsim.remove();
    await untilStatus((s) => !s.ready && s.devices[0]?.present === false);
    writeFileSync('/sys/bus/sfsim/new_device', `${sfsim.id} 0 0`);
    await untilStatus((s) => allReady(9)(s) && sfPorts().size === 9);
    expect([...sfPorts().keys()].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect([...sfPorts().values()].every((p) => p[3] === 'attached')).toBe(true);
  });

  it('a firmware reset (every SF, rate and the eswitch mode gone at once): declared state back', async () => {
    const resets = sfsim.fwResets;
    sfsim.fwReset(); // synchronous: when it returns, the SFs are gone and the device is back, in legacy mode
    expect(sfsim.fwResets).toBe(resets + 1);
    expect(sfPorts().size).toBe(0);
    await untilStatus((s) => allReady(9)(s) && allAttached(9));
    expect([...sfPorts().keys()].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(devlinkJson<{ dev: Record<string, { mode: string }> }>(['dev', 'eswitch', 'show', sfsim.handle]).dev[sfsim.handle]!.mode).toBe('switchdev');
    expect(txMax(sfPorts().get(17)![0])).toBe(125_000_000);
  });

  it('a ConfigMap ..data swap is seen by the directory watch alone: the new config applied, generation bumped', async () => {
    nsim = createNetdevsim(1);
    const before = JSON.parse((await callDaemon(socket, 'GET', '/v1/status')).body) as HostStatus;
    const oldData = readlinkSync(join(configDir, '..data'));
    writeConfig(config(9, '', { nsim: true })); // no signal, no POST: the swap is the only trigger
    expect(readlinkSync(join(configDir, 'sfs.yaml'))).toBe('..data/sfs.yaml');
    expect(readlinkSync(join(configDir, '..data'))).not.toBe(oldData);
    expect(existsSync(join(configDir, oldData))).toBe(false);
    const after = await untilStatus((s) => s.appliedGeneration === before.generation + 1 && s.ready && s.devices.length === 2);
    expect(after.devices.map((d) => [d.handle, d.ready])).toEqual([[sfsim.handle, true], [nsim.handle, true]]);
    expect(dummyReporter()).toMatchObject({ grace_period: 3600, auto_recover: false });
  });

  it('a driver reload (devlink dev reload of the netdevsim device resets its health reporters): declared state back', async () => {
    const mark = logs.length;
    devlink(['dev', 'reload', nsim!.handle]);
    // Health reporters send no notification; the reload's device notification makes the daemon
    // re-read, find the reporter at its defaults and set it again: wait for that operation's result.
    const repair = (lines: LogLine[]): LogLine | undefined => lines.find((l) => l.msg === 'operation' && l.command?.startsWith(`health set ${nsim!.handle} reporter dummy`));
    await untilLog((lines) => {
      const op = repair(lines);
      return op !== undefined && lines.some((l) => l.object === op.object && (l.result === 'ok' || l.result === 'repaired'));
    }, 'the health reporter set again', mark);
    expect(dummyReporter()).toMatchObject({ grace_period: 3600, auto_recover: false });
    const status = await untilStatus((s) => s.ready && s.devices.every((d) => d.ready));
    expect(status.sfs.every((sf) => sf.ready)).toBe(true);
  });

  const sf19 = `{ pfnum: 0, sfnum: 19, hw_addr: "02:00:00:00:31:00", netns: ${NETNS} }`;

  it('an SF with netns: waits (progressing, not failed) while the netns is missing, and becomes ready in it once `ip netns add` makes it', async () => {
    const mark = logs.length;
    writeConfig(config(9, '', { nsim: true, sfs: [sf19] }));
    const sf = (s: HostStatus) => s.sfs.find((x) => x.sfnum === 19);
    const waiting = await untilStatus((s) => sf(s)?.error?.includes(`waiting for netns ${NETNS}`) === true
      && sf(s)!.conditions.find((c) => c.type === 'attached')?.status === true && s.sfs.filter((x) => x.ready).length === 9);
    expect(waiting.state).toBe('progressing');
    expect(logLines(mark).filter((l) => l.msg === 'object failed')).toEqual([]);
    expect(spawnSync('ip', ['netns', 'add', NETNS]).status).toBe(0);
    const ready = await untilStatus((s) => allReady(10)(s) && sf(s)?.netns === NETNS);
    const netdev = sf(ready)!.netdev!;
    expect(netdev).toEqual(expect.any(String));
    expect(spawnSync('ip', ['-n', NETNS, 'link', 'show', 'dev', netdev]).status).toBe(0);
  });

  it('an SF the kernel refuses (max_io_eqs 200) is retried with backoff, its extended-ACK in status, while the others become ready', async () => {
    const mark = logs.length;
    const sf20 = (eqs: number) => `{ pfnum: 0, sfnum: 20, hw_addr: "02:00:00:00:31:01", max_io_eqs: ${eqs} }`;
    const sf21 = '{ pfnum: 0, sfnum: 21, hw_addr: "02:00:00:00:31:02" }';
    writeConfig(config(9, '', { nsim: true, sfs: [sf19, sf20(200), sf21] }));
    const failuresOf20 = (lines: LogLine[]) => lines.filter((l) => l.msg === 'object failed' && l.object === `${sfsim.handle} sf 0/20`);
    await untilLog((lines) => failuresOf20(lines).length >= 3, 'three refusals of SF 20', mark);
    const failures = failuresOf20(logLines(mark));
    expect(failures.slice(0, 3).map((l) => l.retryInMs)).toEqual([1000, 2000, 4000]);
    expect(failures[0]!.error).toMatch(/max_io_eqs 200 out of range 1-128 \(ERANGE\)$/);
    const status = await untilStatus((s) => s.sfs.filter((x) => x.ready).length === 11 && s.sfs.length === 12);
    expect(status.state).toBe('degraded');
    expect(status.sfs.find((x) => x.sfnum === 20)!.error).toMatch(/max_io_eqs 200 out of range 1-128 \(ERANGE\)/);
    expect(status.sfs.find((x) => x.sfnum === 21)!.ready).toBe(true);
    // The config fixed: the SF is repaired (its port was kept, inactive).
    writeConfig(config(9, '', { nsim: true, sfs: [sf19, sf20(4), sf21] }));
    await untilStatus((s) => allReady(12)(s) && allAttached(12));
    expect(sfPorts().get(20)?.[1]).toBe('02:00:00:00:31:01');
  });

  it('a receive-buffer overflow under a burst of notifications: the daemon resyncs and repairs what the lost notifications said', async () => {
    const mark = logs.length;
    const overflowsBefore = await metric('devlink_ts_resyncs_total{reason="overflow"}');
    const ports = sfPorts();
    // While the daemon is stopped its socket (128 KiB) fills with the burst's rate notifications;
    // the drift at the end is announced only in notifications the kernel then drops.
    const lines = Array.from({ length: 600 }, (_, i) => `port function rate set ${ports.get(13)![0]} tx_max ${i % 2 === 0 ? 200 : 300}mbit`);
    lines.push(`port del ${ports.get(14)![0]}`, `port function set ${ports.get(16)![0]} hw_addr 02:00:00:00:99:16`, `port function rate set ${ports.get(13)![0]} tx_max 100mbit`);
    const batch = join(dir, 'burst.batch');
    writeFileSync(batch, `${lines.join('\n')}\n`);
    daemon!.kill('SIGSTOP');
    try {
      devlink(['-b', batch]);
    } finally {
      daemon!.kill('SIGCONT');
    }
    await untilLog((l) => l.some((x) => x.msg === 'notifications were lost: re-reading everything'), 'the overflow logged', mark);
    await untilStatus((s) => allReady(12)(s) && allAttached(12) && sfPorts().get(16)?.[1] === '02:00:00:00:30:06' && txMax(sfPorts().get(13)![0]) === 125_000_000);
    expect(await metric('devlink_ts_resyncs_total{reason="overflow"}')).toBeGreaterThan(overflowsBefore);
    expect(JSON.parse((await callDaemon(socket, 'GET', '/v1/plan')).body)).toEqual({ operations: [], problems: [] });
  });

  it('100 malformed API requests over the real socket each get a 4xx (or a close), a non-root client is refused, and the daemon stays up and correct', async () => {
    /**
     * Writes `parts` in one write, then half-closes, closes, or (keep) waits for the answer's head;
     * resolves with the answer's status line ('' when the daemon closed without answering).
     */
    const exchange = (parts: (string | Buffer)[], end: 'half-close' | 'close' | 'keep' = 'half-close'): Promise<string> => new Promise((resolve) => {
      const conn = connect(socket);
      let answer = '';
      conn.on('data', (chunk) => {
        answer += chunk.toString('latin1');
        if (end === 'keep' && answer.includes('\r\n\r\n')) conn.destroy();
      });
      conn.on('error', () => undefined); // 'close' follows
      conn.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
      conn.write(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p))), () => {
        if (end === 'half-close') conn.end();
        if (end === 'close') conn.destroy();
      });
    });
    const big = Buffer.alloc(8 * 1024, 'x');
    const cases: [() => Promise<string>, RegExp][] = [
      [() => exchange(['BREW /v1/status HTTP/1.1\r\nHost: x\r\n\r\n']), /^HTTP\/1\.1 400 /],
      [() => exchange(['PUT /v1/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n']), /^HTTP\/1\.1 405 /],
      [() => exchange(['GET /v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n']), /^HTTP\/1\.1 404 /],
      // A body over the bound, chunked (no Content-Length to refuse up front): 8 KiB of a declared 64 KiB chunk.
      [() => exchange(['POST /v1/reload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n', big], 'keep'), /^HTTP\/1\.1 413 /],
      [() => exchange(['POST /v1/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n']), /^HTTP\/1\.1 413 /],
      [() => exchange(['POST /v1/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n']), /^HTTP\/1\.1 400 /],
      [() => exchange([`GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(12_000)}\r\n\r\n`]), /^HTTP\/1\.1 431 /],
      [() => exchange([Buffer.from('GET /v1/sta\u0000tus HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')]), /^HTTP\/1\.1 400 /],
      // Half-closed in the middle of the head: answered 400 (or closed with nothing written).
      [() => exchange(['GET /v1/status HTTP/1.1\r\nHo']), /^(HTTP\/1\.1 400 .*)?$/],
      // Closed in the middle of a declared body: nothing to answer; the next cases show it stayed up.
      [() => exchange(['POST /v1/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc'], 'close'), /^$/],
    ];
    // Ten rounds of the ten cases, each round's connections open at once.
    const answers: string[] = [];
    for (let round = 0; round < 10; round++) {
      const got = await Promise.all(cases.map(([send]) => send()));
      got.forEach((answer, i) => expect(answer, `case ${i}`).toMatch(cases[i]![1]));
      answers.push(...got);
    }
    expect(answers).toHaveLength(100);
    expect(answers.filter((a) => /^HTTP\/1\.1 4\d\d /.test(a)).length).toBeGreaterThanOrEqual(80);
    expect(answers.some((a) => /^HTTP\/1\.1 [235]\d\d /.test(a))).toBe(false);
    // A non-root client: the socket is root's, mode 0600 (its directories opened up so that the mode is what refuses).
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'run'), 0o755);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const asNobody = spawnSync(process.execPath, ['bin/devlink-ts.js', 'status', '--socket', socket], { uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(asNobody.status).not.toBe(0);
    expect(asNobody.stderr).toMatch(/EACCES|permission denied/i);
    expect(asNobody.stdout).toBe('');
    chmodSync(dir, 0o700);
    // Up and correct: the same process, healthy, every SF still ready and nothing to do.
    expect(daemon!.exitCode).toBeNull();
    expect((await callDaemon(socket, 'GET', '/healthz')).status).toBe(200);
    const status = JSON.parse((await callDaemon(socket, 'GET', '/v1/status')).body) as HostStatus;
    expect(allReady(12)(status)).toBe(true);
    expect(allAttached(12)).toBe(true);
    expect(JSON.parse((await callDaemon(socket, 'GET', '/v1/plan')).body)).toEqual({ operations: [], problems: [] });
  });

  it(`kill -9 at random moments during an apply of ${KILL_SFS} SFs, restarted each time: converges to exactly the declared SFs`, async () => {
    await stopDaemon(daemon);
    daemon = undefined;
    // Start from nothing declared (prune removes what the daemon owns), then declare KILL_SFS SFs.
    writeConfig(`devices:\n  - handle: ${sfsim.handle}\n    prune: true\n`);
    daemon = startDaemon();
    await untilStatus((s) => s.ready && s.sfs.length === 0 && sfPorts().size === 0);
    await stopDaemon(daemon);
    writeConfig(config(KILL_SFS, '    prune: true\n'));
    const kills: number[] = [];
    for (let round = 0; round < 3; round++) {
      daemon = startDaemon();
      const delay = 300 + Math.floor(Math.random() * 2500);
      kills.push(delay);
      await new Promise((resolve) => setTimeout(resolve, delay)); // the random moment of the crash
      await stopDaemon(daemon, 'SIGKILL');
    }
    daemon = startDaemon();
    const status = await untilStatus(allReady(KILL_SFS), 400_000);
    expect(status.ready, `killed after ${kills.join(', ')} ms`).toBe(true);
    const ports = sfPorts();
    expect([...ports.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: KILL_SFS }, (_, i) => 10 + i));
    expect([...ports.values()].every((p) => p[3] === 'attached')).toBe(true);
    const owned = JSON.parse(readFileSync(join(stateDir, 'owned.json'), 'utf8')) as { records: { kind: string; id: string }[] };
    expect(owned.records.filter((r) => r.kind === 'sf').map((r) => r.id).sort()).toEqual(Array.from({ length: KILL_SFS }, (_, i) => `0/0/${10 + i}`).sort());
  });
});
