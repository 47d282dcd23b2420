/**
 * Benchmark 4: declared state (`devlink-ts apply`, src/state/).
 *
 * 4a. BENCH_APPLY_SFS (1024) SFs declared, from an empty device to all attached: `devlink-ts apply
 *     --wait` (a whole process; its wait also needs each SF's devlink instance and netdev) vs
 *     iproute2 `devlink -b` running the same commands (eswitch, per SF: port add, hw_addr, state
 *     active) and then polling `devlink -j port show` until every SF is attached. Each round
 *     uses a fresh sfsim device (sysfs), removed afterwards, so both sides start from empty.
 * 4b. A converged re-apply of those SFs in a running program (`applyOnce`: observe, plan nothing)
 *     vs one `dl.listPorts()` of the device (in-process warm-up rounds, as rows 2b/3a).
 *
 * Runs first in `npm run bench` (before the netdevsim device of the other rows exists), since
 * iproute2 6.1's `port show` cannot be limited to one device and would otherwise dump those too.
 * BENCH_APPLY_SFS (1024) and BENCH_APPLY_REPS (3, process rounds; each costs minutes under TCG).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Devlink } from '../dist/index.js';
import { applyOnce, loadDesiredState, OwnershipStore } from '../dist/state/index.js';
import { interleave, summarize, timed } from './measure.mjs';
import { row } from './report.mjs';
import { createSfsim } from './setup.mjs';
import { run } from './spawn.mjs';

const SF_PORT_BASE = 0x8000;
const mac = (i) => `02:00:00:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;

const median = (samples) => summarize(samples).median.toFixed(0);

function removeSfsim(id) {
  writeFileSync('/sys/bus/sfsim/del_device', String(id));
}

export async function benchApply({ warmup, warmupInProcess, reps, log }) {
  const count = Number(process.env.BENCH_APPLY_SFS || 1024);
  const rounds = { warmup: Math.min(warmup, 1), reps: Math.min(reps, Number(process.env.BENCH_APPLY_REPS || 3)) };
  const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
  let nextId = 40;
  const config = (handle) => `devices:\n  - handle: ${handle}\n    eswitch: { mode: switchdev }\n    sf_ranges:\n      - { pfnum: 0, sfnum: { from: 1, count: ${count} }, hw_addr_base: "${mac(0)}" }\n`;
  const batch = (handle) => [
    `dev eswitch set ${handle} mode switchdev`,
    ...Array.from({ length: count }, (_, i) => `port add ${handle} flavour pcisf pfnum 0 sfnum ${i + 1}`),
    ...Array.from({ length: count }, (_, i) => `port function set ${handle}/${SF_PORT_BASE + i} hw_addr ${mac(i)}`),
    ...Array.from({ length: count }, (_, i) => `port function set ${handle}/${SF_PORT_BASE + i} state active`),
  ].join('\n') + '\n';
  const dl = await Devlink.open({ timeoutMs: 120_000 });
  const attached = async (handle) => (await dl.listPorts(handle)).filter((p) => p.flavour === 'pcisf' && p.function?.opstate === 'attached').length;
  try {
    const samples = await interleave({
      apply: async () => {
        const id = nextId++;
        const handle = createSfsim(id, { maxSfs: count });
        const file = join(dir, `${id}.yaml`);
        writeFileSync(file, config(handle));
        try {
          return await timed(() => run('devlink-ts', ['apply', '-f', file, '--wait=600', '--state-dir', join(dir, `state-${id}`)]), async () => {
            if (await attached(handle) !== count) throw new Error(`apply: ${handle} has not ${count} attached SFs`);
          });
        } finally {
          removeSfsim(id);
        }
      },
      iproute2: async () => {
        const id = nextId++;
        const handle = createSfsim(id, { maxSfs: count });
        try {
          return await timed(async () => {
            await run('devlink', ['-b', '-'], batch(handle));
            for (;;) {
              const ports = JSON.parse(await run('devlink', ['-j', 'port', 'show'])).port;
              const done = Object.entries(ports).filter(([h, p]) => h.startsWith(`${handle}/`) && p.flavour === 'pcisf' && p.function?.opstate === 'attached').length;
              if (done === count) return;
            }
          });
        } finally {
          removeSfsim(id);
        }
      },
    }, { ...rounds, onRound: (i, n) => log(`  apply ${count} SFs: round ${i}/${n}`) });

    // 4b: one converged device, re-applied in process vs listed once.
    const id = nextId++;
    const handle = createSfsim(id, { maxSfs: count });
    try {
      const file = join(dir, 'converged.yaml');
      writeFileSync(file, config(handle));
      const desired = loadDesiredState(file);
      const stateDir = join(dir, 'state-converged');
      const owned = OwnershipStore.open(stateDir);
      const t0 = performance.now();
      const first = await applyOnce(dl, desired, owned, { waitTimeoutMs: 600_000 });
      if (!first.converged) throw new Error(`set-up apply of ${count} SFs did not converge`);
      const portCount = (await dl.listPorts(handle)).length;
      log(`  set-up: ${count} SFs applied on ${handle} in ${((performance.now() - t0) / 1000).toFixed(1)} s (library), ${portCount} ports`);
      const converged = await interleave({
        reapply: () => timed(() => applyOnce(dl, desired, owned), (outcome) => {
          if (outcome.plan.operations.length !== 0 || !outcome.converged) throw new Error('converged re-apply planned operations');
        }),
        list: () => timed(() => dl.listPorts(handle), (ports) => {
          if (ports.length !== portCount) throw new Error(`listPorts: ${ports.length} ports, expected ${portCount}`);
        }),
      }, { warmup: warmupInProcess, reps, onRound: (i, n) => log(`  converged re-apply: round ${i}/${n}`) });
      const rows = [
        row(`4a. ${count} SFs from empty to attached: devlink-ts apply --wait vs devlink -b + polling (process)`, samples.apply, samples.iproute2, 'devlink-ts', 'iproute2'),
        row(`4b. converged re-apply of ${count} SFs vs one listPorts() (library)`, converged.reapply, converged.list, 'applyOnce', 'listPorts'),
      ];
      log(`  medians: apply ${median(samples.apply)} ms, iproute2 ${median(samples.iproute2)} ms; re-apply ${median(converged.reapply)} ms, listPorts ${median(converged.list)} ms`);
      return rows;
    } finally {
      removeSfsim(id);
    }
  } finally {
    dl.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
