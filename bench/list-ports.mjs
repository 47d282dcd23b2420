/**
 * Benchmark 2: a Node program listing ports through the library versus the same program spawning
 * iproute2's `devlink -j port show` and parsing it. Both must yield the same port handles.
 *   2a. whole program, a fresh `node` process per run (bench/programs/*.mjs);
 *   2b. inside one long-running process: `dl.listPorts()` on an open client versus spawn + parse;
 *   2c. the same, with `Devlink.open()` and `close()` in every run.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Devlink } from '../dist/index.js';
import { portHandlesFromIproute2 } from './iproute2.mjs';
import { interleave, timed } from './measure.mjs';
import { row } from './report.mjs';
import { run } from './spawn.mjs';

const program = (name) => fileURLToPath(new URL(`./programs/${name}`, import.meta.url));

export async function benchListPorts({ warmup, warmupInProcess, reps, expectedPorts, log }) {
  const expected = await portHandlesFromIproute2();
  if (expected.length !== expectedPorts) throw new Error(`iproute2 lists ${expected.length} ports, expected ${expectedPorts}`);
  const same = (label) => (handles) => deepStrictEqual(handles, expected, `${label}: port handles differ from iproute2's`);
  const rows = [];

  const whole = await interleave({
    ours: () => timed(async () => JSON.parse(await run(process.execPath, [program('list-library.mjs')])), same('library program')),
    theirs: () => timed(async () => JSON.parse(await run(process.execPath, [program('list-iproute2.mjs')])), same('spawning program')),
  }, { warmup, reps, onRound: (i, n) => log(`  node program: round ${i}/${n}`) });
  rows.push(row('2a. node program: library vs spawn+parse (process)', whole.ours, whole.theirs, 'library', 'spawn devlink'));

  const dl = await Devlink.open({ timeoutMs: 120_000 });
  try {
    const listed = async (client) => (await client.listPorts()).map((p) => p.handle).sort();
    const warm = await interleave({
      ours: () => timed(() => listed(dl), same('listPorts()')),
      theirs: () => timed(portHandlesFromIproute2, same('spawn + parse')),
    }, { warmup: warmupInProcess, reps, onRound: (i, n) => log(`  in-process listPorts: round ${i}/${n}`) });
    rows.push(row('2b. in process: dl.listPorts() vs spawn+parse', warm.ours, warm.theirs, 'library', 'spawn devlink'));
  } finally {
    dl.close();
  }

  const opened = await interleave({
    ours: () => timed(async () => {
      const client = await Devlink.open({ timeoutMs: 120_000 });
      try {
        return (await client.listPorts()).map((p) => p.handle).sort();
      } finally {
        client.close();
      }
    }, same('open + listPorts()')),
    theirs: () => timed(portHandlesFromIproute2, same('spawn + parse')),
  }, { warmup: warmupInProcess, reps, onRound: (i, n) => log(`  in-process open+listPorts: round ${i}/${n}`) });
  rows.push(row('2c. in process: open+listPorts+close vs spawn+parse', opened.ours, opened.theirs, 'library', 'spawn devlink'));
  return rows;
}
