/**
 * Benchmark H3-H6 (host, no VM): the declared-state engine's own CPU work with BENCH_PLAN_SFS
 * (1024) converged SFs, the part of rows 4b (a converged re-apply) and 5a (the daemon planning
 * and computing status many times per pass) that is JavaScript and not the kernel's dump.
 *
 * Set-up: the unit tests' fake kernel (an sfsim-like device in switchdev mode) gets the SFs of a
 * config like bench/apply.mjs's (one `sf_ranges` entry with MACs; BENCH_PLAN_RATES=1 adds a
 * `tx_max` per SF, so rates are read and compared too), applied by the library until attached;
 * then the answers to `observe` and `listPorts` are recorded and replayed
 * (bench/replay-transport.mjs), so only dist/ is timed. Every side is checked: the re-apply and
 * the plan plan nothing, the status is ready for every SF.
 *   H3. `observe` (what `applyOnce` reads) vs one `dl.listPorts()` of the device;
 *   H4. `applyOnce` of the converged config (observe + plan nothing) vs the same listPorts: 4b;
 *   H5. `plan` (makePlan) of desired x a freshly observed state (as in applyOnce) vs the same listPorts;
 *   H6. `computeStatus` of the daemon's cached state (with its plan, made from that same state) vs
 *       the same listPorts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Devlink } from '../dist/index.js';
import { computeStatus } from '../dist/daemon/status.js';
import { applyOnce, loadDesiredState, observe, OwnershipSet, plan as makePlan } from '../dist/state/index.js';
import { loadFakeDevlink } from './fake-kernel.mjs';
import { interleave, timed } from './measure.mjs';
import { recordAnswers, ReplayTransport } from './replay-transport.mjs';
import { row } from './report.mjs';

const DEVICE = 'pci/0000:06:00.0';
const mac = (i) => `02:00:00:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;

/** The status input of a daemon holding the converged SFs: every instance present with a netdev. */
function statusInput(desired, observed, thePlan) {
  const instances = new Set();
  const netdevOf = new Map();
  for (const device of observed.devices.values()) {
    for (const port of device.ports) {
      const instance = port.function?.devlink?.handle;
      if (instance === undefined) continue;
      instances.add(instance);
      netdevOf.set(instance, `eth${instances.size}`);
    }
  }
  return {
    desired, observed, plan: thePlan, views: new Map([['', { devices: instances, netdevOf }]]), failures: new Map(), waiting: new Map(),
    rdma: () => undefined, generation: 1, appliedGeneration: 1, config: '/etc/devlink-ts', rejectedConfig: null, lastSuccess: null,
  };
}

export async function benchPlan({ warmupInProcess, reps, log }) {
  const count = Number(process.env.BENCH_PLAN_SFS || 1024);
  const rates = process.env.BENCH_PLAN_RATES === '1';
  const dir = mkdtempSync(join(tmpdir(), 'bench-plan-'));
  try {
    const file = join(dir, 'sfs.yaml');
    writeFileSync(file, `devices:\n  - handle: ${DEVICE}\n    eswitch: { mode: switchdev }\n    sf_ranges:\n      - { pfnum: 0, sfnum: { from: 1, count: ${count} }, hw_addr_base: "${mac(0)}"${rates ? ', rate: { tx_max: 100mbit }' : ''} }\n`);
    const desired = loadDesiredState(file);
    const owned = new OwnershipSet();
    const { FakeDevlink } = await loadFakeDevlink();
    const fake = new FakeDevlink();
    fake.addDevice(DEVICE, { sf: { maxSfs: count }, eswitchMode: 'legacy' });
    const t0 = performance.now();
    const setup = await Devlink.open({ transport: fake.openTransport() });
    try {
      const first = await applyOnce(setup, desired, owned, { waitTimeoutMs: 600_000 });
      if (!first.converged) throw new Error(`set-up apply of ${count} SFs did not converge`);
    } finally {
      setup.close();
    }
    log(`  host plan: ${count} SFs applied on the fake kernel in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    let portCount = 0;
    const answers = await recordAnswers(fake.openTransport(), async (transport) => {
      const dl = await Devlink.open({ transport });
      try {
        await observe(dl, desired, undefined, owned);
        portCount = (await dl.listPorts(DEVICE)).length;
      } finally {
        dl.close();
      }
    });
    fake.dispose();
    const dl = await Devlink.open({ transport: new ReplayTransport(4002, answers) });
    try {
      const observed = await observe(dl, desired, undefined, owned);
      const thePlan = makePlan(desired, observed, owned);
      const input = statusInput(desired, observed, thePlan);
      const nothing = (p) => {
        if (p.operations.length !== 0 || p.problems.length !== 0) throw new Error(`converged plan has ${p.operations.length} operations, ${p.problems.length} problems`);
      };
      const samples = await interleave({
        observe: () => timed(() => observe(dl, desired, undefined, owned), (o) => {
          if (o.devices.get(DEVICE)?.ports.length !== portCount) throw new Error('observe: ports differ');
        }),
        reapply: () => timed(() => applyOnce(dl, desired, owned), (outcome) => {
          nothing(outcome.plan);
          if (!outcome.converged) throw new Error('converged re-apply did not converge');
        }),
        // A fresh observed state (new port arrays, as every observe returns), as in applyOnce.
        plan: () => {
          const fresh = { devices: new Map([...observed.devices].map(([handle, device]) => [handle, { ...device, ports: [...device.ports] }])) };
          return timed(async () => makePlan(desired, fresh, owned), nothing);
        },
        status: () => timed(async () => computeStatus(input), (status) => {
          if (!status.ready || status.sfs.length !== count) throw new Error(`status: ready ${status.ready}, ${status.sfs.length} SFs`);
        }),
        list: () => timed(() => dl.listPorts(DEVICE), (ports) => {
          if (ports.length !== portCount) throw new Error(`listPorts: ${ports.length} ports, expected ${portCount}`);
        }),
      }, { warmup: warmupInProcess, reps, onRound: (i, n) => log(`  host plan: round ${i}/${n}`) });
      const what = `${count} converged SFs${rates ? ' with rates' : ''}`;
      return [
        row(`H3. host: observe of ${what}, replayed fake kernel`, samples.observe, samples.list, 'observe', 'listPorts'),
        row(`H4. host: applyOnce (observe + plan nothing) of ${what}`, samples.reapply, samples.list, 'applyOnce', 'listPorts'),
        row(`H5. host: plan of ${what}`, samples.plan, samples.list, 'plan', 'listPorts'),
        row(`H6. host: computeStatus of ${what}`, samples.status, samples.list, 'status', 'listPorts'),
      ];
    } finally {
      dl.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
