/**
 * `npm run bench`: side-by-side benchmarks inside the VM (what each one measures: bench/README.md). Prints a table of
 * medians with quartiles and the ratio ours / theirs, all measured in this one run, with a CPU
 * check before and after. `npm run bench:host` runs the host-only benchmark (no VM, no kernel).
 *
 * Environment: BENCH_PORTS (1024), BENCH_REPS (10), BENCH_WARMUP (2, rounds thrown away where each
 * run is a new process), BENCH_WARMUP_IN_PROCESS (8, where the library runs inside this process:
 * V8 needs that many 1024-port rounds under TCG to reach optimized code), BENCH_EXISTING_SFS (400),
 * BENCH_ONLY (comma list of the names in BENCHMARKS below; default: every one that needs a kernel).
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchApply } from './apply.mjs';
import { benchDaemon } from './daemon.mjs';
import { benchDecode } from './decode.mjs';
import { benchGetPort } from './get-port.mjs';
import { benchListPorts } from './list-ports.mjs';
import { benchPlan } from './plan.mjs';
import { benchPortShowCli } from './port-show-cli.mjs';
import { printTable } from './report.mjs';
import { createNetdevsim } from './setup.mjs';
import { benchSfAdd } from './sf-add.mjs';
import { benchStartup } from './startup.mjs';

/**
 * Every benchmark, in the order they run: `name` (for BENCH_ONLY), `kernel` (needs the VM's
 * netdevsim device with BENCH_PORTS ports, made once before the first such benchmark) and `run`
 * (options -> rows from report.mjs's `row`). To add one, add a line here and a file of its own.
 */
const BENCHMARKS = [
  // First: it makes its own sfsim devices and iproute2's polling dumps every device's ports.
  { name: 'apply', kernel: false, run: benchApply },
  // Before the netdevsim device too: the daemon's readiness views dump every port of the host.
  { name: 'daemon', kernel: false, run: benchDaemon },
  { name: 'cli', kernel: true, run: benchPortShowCli },
  { name: 'startup', kernel: false, run: benchStartup },
  { name: 'list', kernel: true, run: benchListPorts },
  { name: 'getport', kernel: true, run: benchGetPort },
  // Last of the kernel ones: its SF ports would otherwise join the listings above.
  { name: 'sfadd', kernel: true, run: (options) => benchSfAdd({ ...options, sfsimId: 10 }) },
  { name: 'decode', kernel: false, run: benchDecode },
  { name: 'plan', kernel: false, run: benchPlan },
];

function positiveInteger(name, fallback) {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

const ports = positiveInteger('BENCH_PORTS', 1024);
const reps = positiveInteger('BENCH_REPS', 10);
const warmup = positiveInteger('BENCH_WARMUP', 2);
const warmupInProcess = positiveInteger('BENCH_WARMUP_IN_PROCESS', 8);
const existing = positiveInteger('BENCH_EXISTING_SFS', 400);
const only = new Set((process.env.BENCH_ONLY || BENCHMARKS.map((b) => b.name).join(',')).split(','));
const unknown = [...only].filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
const log = (line) => process.stderr.write(`${line}\n`);

/** A fixed CPU-bound loop: its time shows how much of the host the VM got (the host is shared). */
function cpuCheckMs() {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 20_000_000; i++) x = (x + i * 7) % 1_000_003;
  if (x < 0) throw new Error('unreachable');
  return performance.now() - t0;
}
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

log(`bench: ${cpus().length} CPUs, node ${process.version}, ${reps} runs + ${warmup} warm-up (${warmupInProcess} in process) per method, interleaved`);
const cpuBefore = cpuCheckMs();
const rows = [];
const options = { warmup, warmupInProcess, reps, expectedPorts: ports, existing, log };
let device;
for (const benchmark of BENCHMARKS.filter((b) => only.has(b.name))) {
  if (benchmark.kernel && device === undefined) {
    const t0 = performance.now();
    device = createNetdevsim(10, ports);
    log(`bench: ${device} with ${ports} ports created in ${((performance.now() - t0) / 1000).toFixed(1)} s (netdevsim, sysfs)`);
  }
  rows.push(...await benchmark.run(options));
}
const cpuAfter = cpuCheckMs();

// Where it ran, from the machine (netdevsim is loaded only in the VM), not from which rows made a
// netdevsim device: `BENCH_ONLY=apply` runs in the VM on sfsim alone.
const inVm = existsSync('/sys/bus/netdevsim/new_device');
const where = inVm ? `guest: ${cpus().length} vCPUs under qemu TCG` : `host: ${cpus().length} CPUs`;
console.log(`\ndevlink-ts benchmarks (${where}, loadavg ${loadavg()}; ${reps} runs per method after ${warmup} warm-up, ${warmupInProcess} for in-process rows, interleaved)`);
console.log(`CPU check (fixed 20M-step loop, lower is a less loaded host): ${cpuBefore.toFixed(0)} ms before, ${cpuAfter.toFixed(0)} ms after`);
printTable(rows);
