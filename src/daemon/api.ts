/**
 * The daemon's API: HTTP over a unix socket (mode 0600, so only root reaches it), and optionally
 * the read-only probes and metrics on TCP.
 *
 * Why HTTP on a unix socket: curl, Go and Python clients speak it without a library of ours
 * (`curl --unix-socket /run/devlink-ts/daemon.sock http://x/v1/status`), file permissions are the
 * access control, and the same handler serves Kubernetes' TCP probes. Nothing that changes state
 * is ever served on TCP. Requests are bounded (header size, body size, time) and anything
 * malformed gets a 4xx; the daemon stays up.
 */
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { renderOperation } from '../state/index.js';
import type { DaemonMetrics } from './metrics.js';
import type { Reconciler, StateChange } from './reconciler.js';

/** Largest request body accepted (POST /v1/reload takes none). */
export const MAX_BODY_BYTES = 4096;
/** Largest request head accepted. */
export const MAX_HEADER_BYTES = 8192;
/**
 * Most header lines accepted. Why besides the byte bound: Node's parser applies `maxHeaderSize`
 * loosely to many small headers (16 KB of 8-byte lines got through an 8 KiB bound), keeping up to
 * 2000 of them; a client sends a handful.
 */
export const MAX_HEADER_LINES = 64;
/** Bytes an events client may fall behind before it is disconnected. */
const MAX_STREAM_BACKLOG = 1 << 20;

/** What the API serves. */
export interface ApiBackend {
  readonly reconciler: Reconciler;
  readonly metrics: DaemonMetrics;
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Reads (and bounds) a request body; rejects with 413 text when too large. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!Number.isFinite(declared) || declared > MAX_BODY_BYTES) {
      reject(new Error('413'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return; // refused already: the rest is read and dropped until the 413 closes the connection
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Not req.destroy(): that closes the socket before the 413 is written (a chunked body,
        // which declares no length up front, was answered with nothing at all).
        chunks.length = 0;
        reject(new Error('413'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

function routes(backend: ApiBackend, full: boolean): Map<string, Map<string, Route>> {
  const { reconciler, metrics } = backend;
  const table = new Map<string, Map<string, Route>>();
  const add = (method: string, path: string, route: Route): void => {
    table.set(path, (table.get(path) ?? new Map()).set(method, route));
  };
  add('GET', '/healthz', (_req, res) => {
    if (reconciler.healthy) send(res, 200, 'ok\n', 'text/plain');
    else send(res, 503, 'not running\n', 'text/plain');
  });
  add('GET', '/readyz', (_req, res) => {
    const status = reconciler.status();
    const body = `${status.state}${status.ready ? '' : `: ${status.sfs.filter((sf) => !sf.ready).length} SFs not ready`}\n`;
    send(res, reconciler.hasStarted && status.ready ? 200 : 503, body, 'text/plain');
  });
  add('GET', '/metrics', async (_req, res) => {
    send(res, 200, await metrics.text(), metrics.contentType);
  });
  if (!full) return table;
  // Settled: shows every kernel change made before the request (a client's own included).
  add('GET', '/v1/status', async (_req, res) => send(res, 200, await reconciler.settledStatus()));
  add('GET', '/v1/plan', (_req, res) => {
    const plan = reconciler.currentPlan();
    send(res, 200, {
      operations: plan.operations.map((op) => ({ command: renderOperation(op), kind: op.kind, object: op.object })),
      problems: plan.problems,
    });
  });
  add('POST', '/v1/reload', async (req, res) => {
    await readBody(req);
    const result = reconciler.reload();
    send(res, result.result === 'rejected' ? 422 : 200, result);
  });
  add('GET', '/v1/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    const write = (change: StateChange): void => {
      if (res.writableLength > MAX_STREAM_BACKLOG) {
        res.destroy();
        return;
      }
      res.write(`${JSON.stringify(change)}\n`);
    };
    // The current state first, so a client needs no separate status call.
    const status = reconciler.status();
    write({ time: new Date().toISOString(), kind: 'host', object: 'host', state: status.state, ready: status.ready, generation: status.generation });
    reconciler.on('change', write);
    const stop = (): void => {
      reconciler.off('change', write);
    };
    req.on('close', stop);
    res.on('close', stop);
  });
  return table;
}

/**
 * The routes as `METHOD /path`: `full` = the unix socket's, else the metrics listener's. Read from
 * the same table the handler serves, for the deployment files' test (probes and scrape path).
 */
export function apiRoutes(full: boolean): string[] {
  const table = routes({} as ApiBackend, full);
  return [...table].flatMap(([path, methods]) => [...methods.keys()].map((method) => `${method} ${path}`));
}

/** A request handler; `full` = the unix socket's whole API, else only probes and metrics. */
export function apiHandler(backend: ApiBackend, full: boolean): (req: IncomingMessage, res: ServerResponse) => void {
  const table = routes(backend, full);
  return (req, res) => {
    const url = req.url ?? '';
    const path = url.split('?')[0] ?? '';
    if (!url.startsWith('/') || url.length > 1024) {
      send(res, 400, { error: 'malformed request target' });
      return;
    }
    if (req.rawHeaders.length / 2 > MAX_HEADER_LINES) {
      res.setHeader('connection', 'close');
      send(res, 431, { error: `more than ${MAX_HEADER_LINES} header lines` });
      return;
    }
    const methods = table.get(path);
    if (!methods) {
      send(res, 404, { error: `no such endpoint: ${path}` });
      return;
    }
    const route = methods.get(req.method ?? '');
    if (!route) {
      res.setHeader('allow', [...methods.keys()].join(', '));
      send(res, 405, { error: `${req.method ?? ''} is not allowed on ${path}` });
      return;
    }
    if (req.method === 'GET' && (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined)) {
      send(res, 400, { error: 'a GET request takes no body' });
      return;
    }
    Promise.resolve(route(req, res)).catch((error: Error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error.message === '413') {
        res.setHeader('connection', 'close'); // the rest of the body is not read
        send(res, 413, { error: `request body larger than ${MAX_BODY_BYTES} bytes` });
      }
      else send(res, 500, { error: error.message });
    });
  };
}

function createApiServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 5_000 }, handler);
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  return server;
}

/** The unix-socket server (full API), listening at `path` with mode 0600. */
export async function listenUnix(path: string, backend: ApiBackend): Promise<Server> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  rmSync(path, { force: true });
  const server = createApiServer(apiHandler(backend, true));
  // The socket is created with mode 0600 (umask) so there is no moment a non-root user could connect.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  return server;
}

/** The TCP listener for probes and metrics only (`--metrics-listen ADDR:PORT`). */
export async function listenMetrics(address: string, backend: ApiBackend): Promise<Server> {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`invalid --metrics-listen "${address}": expected ADDR:PORT (e.g. 0.0.0.0:9464 or [::]:9464)`);
  const host = match[1] ?? (match[2] || '0.0.0.0');
  const server = createApiServer(apiHandler(backend, false));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Closes a server, ending open streams. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
