/**
 * Benchmark 1: `devlink-ts -j port show` versus iproute2's `devlink -j port show`, whole process
 * (spawn + wait). Every run's output is checked to be the same JSON as the other tool's, so the
 * two do the same work.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { interleave, timed } from './measure.mjs';
import { row } from './report.mjs';
import { run } from './spawn.mjs';

export async function benchPortShowCli({ warmup, reps, expectedPorts, log }) {
  let reference;
  const check = (label) => (stdout) => {
    const json = JSON.parse(stdout);
    const count = Object.keys(json.port ?? {}).length;
    if (count !== expectedPorts) throw new Error(`${label} -j port show listed ${count} ports, expected ${expectedPorts}`);
    if (reference === undefined) reference = json;
    else deepStrictEqual(json, reference, `${label} -j port show differs from the other tool's JSON`);
  };
  const samples = await interleave({
    ours: () => timed(() => run('devlink-ts', ['-j', 'port', 'show']), check('devlink-ts')),
    theirs: () => timed(() => run('devlink', ['-j', 'port', 'show']), check('devlink')),
  }, { warmup, reps, onRound: (i, n) => log(`  port show CLI: round ${i}/${n}`) });
  return [row(`1. CLI -j port show, ${expectedPorts} ports (process)`, samples.ours, samples.theirs, 'devlink-ts', 'iproute2')];
}
