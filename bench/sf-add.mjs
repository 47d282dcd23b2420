/**
 * Benchmark 3b: adding one SF on a device that already has `existing` SFs (users reported ~10 s
 * per SF with tools that dump every port on each call). Three ways, interleaved, one SF each per
 * round: the library (`dl.addPort` on an open client), `devlink-ts port add` and iproute2's
 * `devlink port add` (whole processes). Ports accumulate; the final count is checked.
 */
import { Devlink } from '../dist/index.js';
import { interleave, timed } from './measure.mjs';
import { row } from './report.mjs';
import { createSfsim } from './setup.mjs';
import { run } from './spawn.mjs';

const BATCH = 32;

export async function benchSfAdd({ warmup, reps, existing, sfsimId, log }) {
  const device = createSfsim(sfsimId, { maxSfs: existing + 3 * (warmup + reps) + 8 });
  const dl = await Devlink.open({ timeoutMs: 120_000 });
  try {
    await dl.setEswitch(device, { mode: 'switchdev' });
    const t0 = performance.now();
    let sfnum = 1;
    for (let done = 0; done < existing; done += BATCH) {
      const count = Math.min(BATCH, existing - done);
      await Promise.all(Array.from({ length: count }, () => dl.addPort(device, { flavour: 'pcisf', pfnum: 0, sfnum: sfnum++ })));
    }
    log(`  set-up: ${existing} SFs on ${device} in ${((performance.now() - t0) / 1000).toFixed(1)} s (library, ${BATCH} in flight)`);
    const args = () => ['port', 'add', device, 'flavour', 'pcisf', 'pfnum', '0', 'sfnum', String(sfnum++)];
    const samples = await interleave({
      library: () => timed(() => dl.addPort(device, { flavour: 'pcisf', pfnum: 0, sfnum: sfnum++ }), (port) => {
        if (port.flavour !== 'pcisf') throw new Error(`addPort returned a ${port.flavour} port`);
      }),
      cli: () => timed(() => run('devlink-ts', args())),
      iproute2: () => timed(() => run('devlink', args())),
    }, { warmup, reps, onRound: (i, n) => log(`  SF add: round ${i}/${n}`) });
    const sfs = (await dl.listPorts(device)).filter((p) => p.flavour === 'pcisf').length;
    if (sfs !== sfnum - 1) throw new Error(`${device} has ${sfs} SFs, expected ${sfnum - 1}`);
    return [
      row(`3b. SF add with ${existing}+ SFs: library vs iproute2`, samples.library, samples.iproute2, 'library', 'iproute2'),
      row(`3b. SF add with ${existing}+ SFs: CLI vs iproute2 (process)`, samples.cli, samples.iproute2, 'devlink-ts', 'iproute2'),
    ];
  } finally {
    dl.close();
  }
}
