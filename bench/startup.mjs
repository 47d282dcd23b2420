/**
 * Benchmark 1b/1c: process start-up alone, to show how much of benchmark 1 is start-up rather
 * than port work: `devlink-ts -V` versus `devlink -V`, and an empty ES module run by `node` (the
 * floor any Node.js ESM program pays) versus `devlink -V`.
 */
import { fileURLToPath } from 'node:url';
import { interleave, timed } from './measure.mjs';
import { row } from './report.mjs';
import { run } from './spawn.mjs';

const emptyProgram = fileURLToPath(new URL('./programs/empty.mjs', import.meta.url));

export async function benchStartup({ warmup, reps, log }) {
  const samples = await interleave({
    ours: () => timed(() => run('devlink-ts', ['-V'])),
    node: () => timed(() => run(process.execPath, [emptyProgram])),
    theirs: () => timed(() => run('devlink', ['-V'])),
  }, { warmup, reps, onRound: (i, n) => log(`  start-up: round ${i}/${n}`) });
  return [
    row('1b. start-up only: -V (process)', samples.ours, samples.theirs, 'devlink-ts', 'iproute2'),
    // Issue 16's goal for start-up: -V within 1.2x of the least a Node program costs.
    row('1b. start-up only: devlink-ts -V vs node running an empty .mjs', samples.ours, samples.node, 'devlink-ts', 'node'),
    row('1c. node running an empty .mjs vs devlink -V (process)', samples.node, samples.theirs, 'node', 'iproute2'),
  ];
}
