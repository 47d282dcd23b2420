/**
 * Benchmark H (host, no VM): the library's own cost against the unit tests' fake kernel, as
 * messages per second, so a regression in the connection or the codec shows without booting the
 * VM. A fake device with BENCH_PORTS physical ports (netdevsim-like: eth netdev, flavour physical,
 * port number) answers once; its datagrams are recorded and replayed (bench/replay-transport.mjs),
 * so only dist/ is timed.
 *   H1. `dl.listPorts()` (one dump of every port) versus `JSON.parse` of the same ports as
 *       iproute2's `devlink -j port show` prints them (the in-process part of spawn + parse);
 *   H2. `dl.getPort()` for every port, all in flight on one client, versus the same JSON.parse.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { Devlink } from '../dist/index.js';
import { loadFakeDevlink } from './fake-kernel.mjs';
import { interleave, summarize, timed } from './measure.mjs';
import { recordAnswers, ReplayTransport } from './replay-transport.mjs';
import { row } from './report.mjs';

const DEVICE = 'netdevsim/netdevsim10';

/** What `devlink -j port show` prints for the fake's ports (netdevsim's shape). */
function iproute2Json(ports) {
  const port = {};
  for (const p of ports) {
    port[p.handle] = { type: 'eth', netdev: p.netdevName, flavour: 'physical', port: p.portNumber, splittable: p.splittable, lanes: p.lanes };
  }
  return JSON.stringify({ port });
}

const perSecond = (count, samples) => `${Math.round((count * 1000) / summarize(samples).median).toLocaleString('en-US')} msgs/s`;

export async function benchDecode({ warmupInProcess, reps, expectedPorts, log }) {
  const { FakeDevlink } = await loadFakeDevlink();
  const fake = new FakeDevlink();
  fake.addDevice(DEVICE, { eswitchMode: null, physicalPorts: expectedPorts });
  let handles = [];
  const answers = await recordAnswers(fake.openTransport(), async (transport) => {
    const dl = await Devlink.open({ transport });
    try {
      handles = (await dl.listPorts()).map((p) => p.handle);
      await Promise.all(handles.map((h) => dl.getPort(h)));
      await dl.listPorts();
    } finally {
      dl.close();
    }
  });
  if (handles.length !== expectedPorts) throw new Error(`fake kernel listed ${handles.length} ports, expected ${expectedPorts}`);
  const dl = await Devlink.open({ transport: new ReplayTransport(4001, answers) });
  try {
    const json = iproute2Json(await dl.listPorts());
    const parse = () => Object.keys(JSON.parse(json).port);
    const same = (label) => (list) => deepStrictEqual(list.map((p) => (typeof p === 'string' ? p : p.handle)), handles, `${label}: handles differ`);
    const samples = await interleave({
      list: () => timed(() => dl.listPorts(), same('listPorts')),
      get: () => timed(() => Promise.all(handles.map((h) => dl.getPort(h))), same('getPort')),
      json: () => timed(async () => parse(), same('JSON.parse')),
    }, { warmup: warmupInProcess, reps, onRound: (i, n) => log(`  host decode: round ${i}/${n}`) });
    return [
      row(`H1. host: listPorts ${expectedPorts} ports, replayed fake kernel (${perSecond(expectedPorts, samples.list)})`, samples.list, samples.json, 'library', 'JSON.parse'),
      row(`H2. host: getPort x${expectedPorts} in flight, replayed (${perSecond(expectedPorts, samples.get)})`, samples.get, samples.json, 'library', 'JSON.parse'),
    ];
  } finally {
    dl.close();
  }
}
