/**
 * `npm run bench`: side-by-side benchmarks inside the VM (what each one measures: bench/README.md). Prints a table of
 * medians with quartiles and the ratio ours / theirs, all measured in this one run.
 *
 * Environment: BENCH_PORTS (1024), BENCH_REPS (10), BENCH_WARMUP (2, rounds thrown away where each
 * run is a new process), BENCH_WARMUP_IN_PROCESS (8, where the library runs inside this process:
 * V8 needs that many 1024-port rounds under TCG to reach optimized code), BENCH_EXISTING_SFS (400),
 * BENCH_ONLY (comma list of: cli, startup, list, getport, sfadd; default all).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchGetPort } from './get-port.mjs';
import { benchListPorts } from './list-ports.mjs';
import { benchPortShowCli } from './port-show-cli.mjs';
import { printTable } from './report.mjs';
import { createNetdevsim } from './setup.mjs';
import { benchSfAdd } from './sf-add.mjs';
import { benchStartup } from './startup.mjs';

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
const only = new Set((process.env.BENCH_ONLY || 'cli,startup,list,getport,sfadd').split(','));
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

log(`bench: ${cpus().length} vCPUs, node ${process.version}, ${reps} runs + ${warmup} warm-up (${warmupInProcess} in process) per method, interleaved`);
const cpuBefore = cpuCheckMs();
const t0 = performance.now();
const device = createNetdevsim(10, ports);
log(`bench: ${device} with ${ports} ports created in ${((performance.now() - t0) / 1000).toFixed(1)} s (netdevsim, sysfs)`);

const rows = [];
const options = { warmup, warmupInProcess, reps, expectedPorts: ports, log };
if (only.has('cli')) rows.push(...await benchPortShowCli(options));
if (only.has('startup')) rows.push(...await benchStartup(options));
if (only.has('list')) rows.push(...await benchListPorts(options));
if (only.has('getport')) rows.push(...await benchGetPort(options));
// Last: its SF ports would otherwise join the listings above.
if (only.has('sfadd')) rows.push(...await benchSfAdd({ ...options, existing, sfsimId: 10 }));

const cpuAfter = cpuCheckMs();
console.log(`\ndevlink-ts benchmarks (guest: ${cpus().length} vCPUs under qemu TCG, guest loadavg ${loadavg()}; ${reps} runs per method after ${warmup} warm-up, ${warmupInProcess} for in-process rows, interleaved)`);
console.log(`CPU check (fixed 20M-step loop, lower is a less loaded host): ${cpuBefore.toFixed(0)} ms before, ${cpuAfter.toFixed(0)} ms after`);
printTable(rows);
