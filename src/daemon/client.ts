/**
 * A client of the daemon's API over its unix socket, for `devlink-ts status` and `wait-ready`.
 *
 * Why node:http and not fetch: fetch cannot reach a unix socket without undici's dispatcher
 * options, while http.request takes `socketPath` directly.
 */
import { request } from 'node:http';

/** Default API socket. */
export const DEFAULT_SOCKET = '/run/devlink-ts/daemon.sock';

/** One request; resolves with the status code and body text. */
export function callDaemon(socketPath: string, method: string, path: string, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // agent: false: a fresh connection per call (a kept-alive one the daemon closed meanwhile fails with EPIPE).
    const req = request({ socketPath, method, path, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from the daemon at ${socketPath} within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Follows `GET /v1/events`: calls `onLine` with each parsed line until `signal` aborts or the
 * daemon closes the stream (then resolves).
 */
export function followEvents(socketPath: string, onLine: (change: Record<string, unknown>) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method: 'GET', path: '/v1/events', signal, agent: false }, (res) => {
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (line.trim() !== '') onLine(JSON.parse(line) as Record<string, unknown>);
        }
      });
      res.on('end', resolve);
      res.on('error', (error) => (signal.aborted ? resolve() : reject(error)));
    });
    req.on('error', (error) => (signal.aborted ? resolve() : reject(error)));
    req.end();
  });
}
