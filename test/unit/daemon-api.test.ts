import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { closeServer, listenMetrics, listenUnix } from '../../src/daemon/api.js';
import { callDaemon, followEvents } from '../../src/daemon/client.js';
import { createLogger } from '../../src/daemon/log.js';
import { DaemonMetrics } from '../../src/daemon/metrics.js';
import { Reconciler } from '../../src/daemon/reconciler.js';
import { OwnershipSet } from '../../src/state/ownership.js';
import { FakeDevlink } from '../support/fake-devlink.js';

// The API on its unix socket (mode 0600) and the TCP probe listener, with a reconciler on the
// fake kernel behind them: every endpoint, malformed and oversized requests answered 4xx with the
// daemon still up, a non-root client refused, and nothing but probes and metrics on TCP.

const DEV = 'pci/0000:08:00.0';

/** Sends raw bytes, resolves with the status line of the answer ('' when the server just closed). */
function raw(path: string, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk.toString('latin1'); });
    socket.on('error', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.write(bytes, () => socket.end());
  });
}

describe('daemon API', () => {
  let fake: FakeDevlink;
  let dl: Devlink;
  let dir: string;
  let reconciler: Reconciler;
  let server: Server;
  let tcp: Server;
  let socketPath: string;
  const metrics = new DaemonMetrics({ processMetrics: false });

  beforeAll(async () => {
    fake = new FakeDevlink(undefined, { attachDelayMs: 5, detachDelayMs: 5 });
    fake.addDevice(DEV, { sf: true, eswitchMode: 'switchdev' });
    dl = await Devlink.open({ transport: fake.openTransport() });
    dir = mkdtempSync(join(tmpdir(), 'devlink-ts-api-'));
    writeFileSync(join(dir, 'c.yaml'), `devices:\n  - handle: ${DEV}\n    sfs: [{ pfnum: 0, sfnum: 7, state: inactive }]\n`);
    reconciler = Reconciler.create({
      configPath: join(dir, 'c.yaml'), dl, netnsClient: () => Promise.reject(new Error('none')), ownership: new OwnershipSet(),
      logger: createLogger('json', () => undefined), metrics, debounceMs: 5,
    });
    socketPath = join(dir, 'run', 'daemon.sock');
    server = await listenUnix(socketPath, { reconciler, metrics });
    tcp = await listenMetrics('127.0.0.1:0', { reconciler, metrics });
    await reconciler.start();
  });
  afterAll(async () => {
    await closeServer(server);
    await closeServer(tcp);
    await reconciler.close();
    dl.close();
    fake.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves status, plan, probes and metrics on the unix socket', async () => {
    const status = await callDaemon(socketPath, 'GET', '/v1/status');
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toMatchObject({ state: 'ready', ready: true, generation: 1, sfs: [{ device: DEV, pfnum: 0, sfnum: 7, ready: true, state: 'inactive', netns: null, error: null }] });
    expect(JSON.parse((await callDaemon(socketPath, 'GET', '/v1/plan')).body)).toEqual({ operations: [], problems: [] });
    expect(await callDaemon(socketPath, 'GET', '/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect(await callDaemon(socketPath, 'GET', '/readyz')).toEqual({ status: 200, body: 'ready\n' });
    const text = (await callDaemon(socketPath, 'GET', '/metrics')).body;
    expect(text).toMatch(/^devlink_ts_config_generation 1$/m);
    expect(text).toMatch(/^devlink_ts_objects\{kind="sf",state="ready"\} 1$/m);
    expect(await callDaemon(socketPath, 'POST', '/v1/reload')).toEqual({ status: 200, body: '{"result":"unchanged","generation":1}\n' });
  });

  it('streams state changes as JSON lines, the current state first', async () => {
    const controller = new AbortController();
    const lines: Record<string, unknown>[] = [];
    const following = followEvents(socketPath, (line) => {
      lines.push(line);
      if (lines.length === 1) {
        writeFileSync(join(dir, 'c.yaml'), `devices:\n  - handle: ${DEV}\n    sfs: [{ pfnum: 0, sfnum: 7, state: inactive }, { pfnum: 0, sfnum: 8, state: inactive }]\n`);
        void callDaemon(socketPath, 'POST', '/v1/reload');
      }
      if (lines.some((l) => l['kind'] === 'sf' && l['sfnum'] === 8 && l['ready'] === true)) controller.abort();
    }, controller.signal);
    await following;
    expect(lines[0]).toMatchObject({ kind: 'host', state: 'ready', generation: 1 });
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'config', result: 'applied', generation: 2 }));
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'sf', sfnum: 8, ready: true, port: `${DEV}/32769` }));
  });

  it('answers malformed, unknown and oversized requests with a 4xx and stays up (100 of them)', async () => {
    const cases: [string | Buffer, RegExp][] = [
      ['GET /nope HTTP/1.1\r\nHost: x\r\n\r\n', / 404 /],
      ['DELETE /v1/status HTTP/1.1\r\nHost: x\r\n\r\n', / 405 /],
      ['GET /v1/reload HTTP/1.1\r\nHost: x\r\n\r\n', / 405 /],
      ['POST /v1/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', / 413 /],
      // No length declared up front: refused once 4 KiB have arrived (was closed with no answer).
      [`POST /v1/reload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2000\r\n${'x'.repeat(0x2000)}\r\n0\r\n\r\n`, / 413 /],
      ['GET /v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc', / 400 /],
      [`GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, / 431 /],
      // Many small headers (16 KB): Node's own byte bound let these through with a 200.
      [`GET /v1/status HTTP/1.1\r\nHost: x\r\n${'X-A: b\r\n'.repeat(2000)}\r\n`, / 431 /],
      ['this is not http\r\n\r\n', / 400 /],
      ['GET /v1/status HTTP/9.9\r\n\r\n', / 4\d\d|^$/],
      [Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10]), / 400 /],
      ['GET http://evil/v1/status HTTP/1.1\r\nHost: x\r\n\r\n', / 400 /],
    ];
    for (let i = 0; i < 100; i++) {
      const [bytes, expected] = cases[i % cases.length]!;
      expect(await raw(socketPath, bytes)).toMatch(expected);
    }
    expect((await callDaemon(socketPath, 'GET', '/v1/status')).status).toBe(200);
  });

  it('the socket is mode 0600: a non-root client is refused', () => {
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    const script = `require('net').connect(${JSON.stringify(socketPath)}).on('connect',()=>{console.log('connected');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(0)})`;
    const asNobody = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(asNobody.stdout.trim()).toBe('EACCES');
  });

  it('TCP serves only the probes and metrics: nothing else, nothing mutating', async () => {
    const port = (tcp.address() as AddressInfo).port;
    const get = async (method: string, path: string): Promise<number> => (await fetch(`http://127.0.0.1:${port}${path}`, { method })).status;
    expect(await get('GET', '/healthz')).toBe(200);
    expect(await get('GET', '/readyz')).toBe(200);
    expect(await get('GET', '/metrics')).toBe(200);
    expect(await get('GET', '/v1/status')).toBe(404);
    expect(await get('POST', '/v1/reload')).toBe(404);
    expect(await get('GET', '/v1/events')).toBe(404);
  });
});
