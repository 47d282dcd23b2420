/**
 * An objsim-shaped fake device, written from test/kmod/objsim (its README and sources): ports 0
 * and 1, shared buffers and dpipe (fake-devlink-sb.ts), line cards 1-4 whose active card has its
 * own `auxiliary/objsim.lc.<K>` instance, the `flash` selftest, resource `/host4` and the per-port
 * `port_fw` health reporter. Contracts hold it to the real objsim.
 */
import type { FakeDevlink, FakeHealthReporter, FmsgItem } from '../support/fake-devlink.js';
import { addFakeLinecards, setFakeLinecardState } from '../support/fake-devlink-linecards.js';
import type { FakeSbDpipe } from '../support/fake-devlink-sb.js';
import type { ObjsimTargetDevice } from './target.js';

const TYPES = ['16x100G', '8x200G'];

/** A `name: value` pair of an fmsg stream. */
function pair(name: string, value: FmsgItem): FmsgItem[] {
  return [['pair'], ['name', name], value, ['end']];
}

/** objsim_fw_diagnose for port `port` after `events` test requests. */
function diagnose(port: number, events: number): FmsgItem[] {
  return [
    ['obj'],
    ...pair('port', ['u32', port]),
    ['pair'], ['name', 'firmware'], ['obj'],
    ...pair('version', ['str', '1.2.3']), ...pair('running', ['flag', 1]), ...pair('boot_count', ['u8', 1]),
    ['end'], ['end'],
    ['pair'], ['name', 'queues'], ['arr'],
    ...[0, 1].flatMap((q): FmsgItem[] => [['obj'], ...pair('id', ['u32', q]), ...pair('head', ['u32', 16 * (q + 1)]), ...pair('tail', ['u32', 16 * (q + 1) - 2 * q]), ['end']]),
    ['end'], ['end'],
    ...pair('test_events', ['u64', BigInt(events)]),
    ['end'],
  ];
}

/** objsim_fw_dump for port `port`: asked for by a user (`event` undefined) or taken by a test report. */
function dump(port: number, event?: number): FmsgItem[] {
  return [
    ['obj'],
    ...pair('cause', ['str', event === undefined ? 'user' : 'test']),
    ...(event === undefined ? [] : pair('event', ['u64', BigInt(event)])),
    ['pair'], ['name', 'registers'], ['arr'], ...[0, 1, 2, 3].map((i): FmsgItem => ['u32', 0x1000 * (port + 1) + i]), ['end'], ['end'],
    ['pair'], ['name', 'config'], ['obj'],
    ...pair('lanes', ['u8', 4]), ...pair('speed_mbps', ['u32', 100000]), ...pair('fec', ['str', 'rs']), ...pair('autoneg', ['flag', 0]),
    ['end'], ['end'],
    ...pair('blob', ['bin', Uint8Array.of(0x0b, 0x15, 0x10, 0x00, 0xca, 0xfe, 0xf0, 0x0d)]),
    ['end'],
  ];
}

function portFw(port: number): FakeHealthReporter {
  const reporter: FakeHealthReporter = {
    name: 'port_fw', portIndex: port, state: 'healthy', errorCount: 0n, recoverCount: 0n,
    recover: { gracefulPeriod: 0n, autoRecover: true },
    dump: { autoDump: true, items: dump(port) },
    diagnose: diagnose(port, 0),
    // objsim_fw_test counts the request and reports from a work item
    test: {
      async: true,
      onTest(events) {
        reporter.diagnose = diagnose(port, events);
        return dump(port, events);
      },
    },
  };
  return reporter;
}

/** A fake objsim device `objsim/objsim<id>` on `fake`, whose sb/dpipe handler is `sb`. */
export function fakeObjsim(fake: FakeDevlink, sb: FakeSbDpipe, id: number): ObjsimTargetDevice {
  const handle = `objsim/objsim${id}`;
  const device = fake.addDevice(handle, {
    driver: 'objsim', eswitchMode: null,
    selftests: { flash: 'pass' },
    resources: [{ name: 'host4', id: 1n, size: 64n, min: 0n, max: 256n, gran: 1n, occ: 3n, children: [] }],
    healthReporters: [portFw(0), portFw(1)],
  });
  device.reloadActions = [];
  device.portSplit = false;
  device.info = { fixed: [], running: [], stored: [] };
  sb.add(handle);
  const cards = addFakeLinecards(device, [1, 2, 3, 4].map((index) => ({ index, supportedTypes: TYPES })), { delayMs: 100, unprovisionSync: true });
  const card = (index: number) => cards.find((c) => c.index === index)!;
  return {
    handle,
    port: (index) => `${handle}/${index}`,
    async setLinecardActive(index, active) {
      const c = card(index);
      if (active === (c.state === 'active')) return;
      if (c.state !== 'provisioned' && c.state !== 'active') throw new Error(`line card ${index} is ${c.state}`);
      if (active) {
        // objsim registers the card's instance (lowest free K, module-wide) before reporting active
        let k = 0;
        while (fake.devices.has(`auxiliary/objsim.lc.${k}`)) k++;
        const nested = `auxiliary/objsim.lc.${k}`;
        const aux = fake.addDevice(nested, { driver: 'objsim.lc', eswitchMode: null });
        aux.info = { fixed: [['hw.revision', '0']], running: [['ini.version', '1']], stored: [] };
        setFakeLinecardState(fake, device, c, 'active', nested);
      } else {
        const nested = c.nested;
        setFakeLinecardState(fake, device, c, 'provisioned');
        if (nested) fake.removeDevice(nested);
      }
    },
    async failNextProvision(index) {
      card(index).failNextProvision = true;
    },
    async setSelftestResult(result) {
      device.selftests.flash = result;
    },
    async remove() {
      for (const c of cards) if (c.nested) fake.removeDevice(c.nested);
      fake.removeDevice(handle);
    },
  };
}
