/**
 * Benchmark 3a: one `Devlink.open()` and a `getPort` for every port, all in flight at once, versus
 * the same requests awaited one by one, versus iproute2 running the same `port show HANDLE` lines
 * in one process (`devlink -j -b -`). Every reply must name the port asked for.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { Devlink } from '../dist/index.js';
import { portHandlesFromIproute2 } from './iproute2.mjs';
import { interleave, timed } from './measure.mjs';
import { row } from './report.mjs';
import { run } from './spawn.mjs';

export async function benchGetPort({ warmupInProcess, reps, log }) {
  const handles = await portHandlesFromIproute2();
  const batch = handles.map((h) => `port show ${h}\n`).join('');
  const dl = await Devlink.open({ timeoutMs: 120_000 });
  try {
    const same = (label) => (ports) => deepStrictEqual(ports.map((p) => p.handle), handles, `${label}: replies do not match the requests`);
    const samples = await interleave({
      concurrent: () => timed(() => Promise.all(handles.map((h) => dl.getPort(h))), same('concurrent getPort')),
      sequential: () => timed(async () => {
        const ports = [];
        for (const h of handles) ports.push(await dl.getPort(h));
        return ports;
      }, same('sequential getPort')),
      iproute2: () => timed(() => run('devlink', ['-j', '-b', '-'], batch), (stdout) => {
        const missing = handles.filter((h) => !stdout.includes(`"${h}"`));
        if (missing.length > 0) throw new Error(`devlink -b did not show ${missing.length} ports, e.g. ${missing[0]}`);
      }),
    }, { warmup: warmupInProcess, reps, onRound: (i, n) => log(`  getPort x${handles.length}: round ${i}/${n}`) });
    return [
      row(`3a. getPort x${handles.length}: in flight vs sequential`, samples.concurrent, samples.sequential, 'in flight', 'sequential'),
      row(`3a. getPort x${handles.length} in flight vs devlink -j -b (1 process)`, samples.concurrent, samples.iproute2, 'library', 'iproute2 batch'),
    ];
  } finally {
    dl.close();
  }
}
