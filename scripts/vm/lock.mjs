// A directory lock between concurrent runs on one machine (several developers or test runs may
// start a cold set-up of the same kernel at once). mkdir is atomic; a lock older than its
// staleness limit is taken over (its owner died).
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { log } from './log.mjs';

const STALE_MS = 20 * 60 * 1000;

/** Runs `body` while holding the lock directory `path`; waits (polling) while someone else holds it. */
export function withLock(path, body) {
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      mkdirSync(path);
      break;
    } catch (err) {
      if (!(err && typeof err === 'object' && 'code' in err && err.code === 'EEXIST')) throw err;
      let age = 0;
      try {
        age = Date.now() - statSync(path).mtimeMs;
      } catch {
        continue; // released between mkdir and stat
      }
      if (age > STALE_MS) {
        log(`taking over stale lock ${path}`);
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another run holding ${path}`);
      announced = true;
      if (Date.now() - started > STALE_MS) throw new Error(`gave up waiting for lock ${path}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return body();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}
