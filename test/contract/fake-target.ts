/**
 * The contract target in the unit suite: the fake kernel, with devices built like our drivers.
 *
 * Why presets here and not in the fake's defaults: the fake's generic devices are what unit tests
 * and CLI goldens are written on; these presets switch on the driver traits of test/kmod/sfsim
 * (FakeSfSupport) and lay the ports out as sfsim does, so the same contract passes on both.
 */
import { Devlink } from '../../src/devlink/client.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { installSbDpipe } from '../support/fake-devlink-sb.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { fakeNetdevsim } from './fake-netdevsim.js';
import { fakeObjsim } from './fake-objsim.js';
import type { ContractTarget, SfsimTargetDevice } from './target.js';

/** A fresh fake kernel per runner file; devices are numbered like the drivers' sysfs ids. */
export function fakeTarget(): ContractTarget & { readonly fake: FakeDevlink } {
  const fake = new FakeDevlink(new FakeKernel());
  const sb = installSbDpipe(fake);
  let lastId = 0;
  return {
    kind: 'fake',
    fake,
    open: () => Devlink.open({ transport: fake.openTransport(), timeoutMs: 5000 }),
    async sfsim(options = {}) {
      return fakeSfsim(fake, ++lastId, options);
    },
    async netdevsim() {
      return fakeNetdevsim(fake, ++lastId);
    },
    async objsim() {
      return fakeObjsim(fake, sb, ++lastId);
    },
  };
}

/** An sfsim-shaped fake device (test/kmod/sfsim/README.md, "What a device looks like"). */
function fakeSfsim(fake: FakeDevlink, id: number, options: { vfs?: number; external?: boolean }): SfsimTargetDevice {
  const handle = `sfsim/sfsim${id}`;
  const device = fake.addDevice(handle, {
    driver: 'sfsim', eswitchMode: 'legacy', vfs: options.vfs ?? 0,
    sf: { controllers: options.external ? [0, 1] : [0] },
  });
  Object.assign(device.sf!, {
    slotIndexes: true, auxIds: true, maxIoEqsDefault: 8, frozenWhileActive: true, legacyRefusedWithSfs: true, registrationEvents: true,
    txPriorityMax: 7, txWeightMax: 200, attachDelayMs: 100, detachDelayMs: 50,
  });
  // eswitch mode only (no inline or encap mode ops)
  device.eswitch = { mode: 0 };
  // PFs: hw_addr only (no caps, no state); VFs: hw_addr, caps and max_io_eqs, no state
  const pf = device.ports.get(0)!;
  pf.function = { hwAddr: new Uint8Array(6), settable: { hwAddr: true } };
  for (const port of device.ports.values()) {
    if (port.flavour !== 'pcivf' || !port.function) continue;
    delete port.function.state;
    delete port.function.opstate;
    port.function.settable = { hwAddr: true, roce: true, migratable: true, ipsecCrypto: true, ipsecPacket: true, maxIoEqs: true };
  }
  fake.putPort(device, {
    index: 0xffff, flavour: 'physical', type: 'eth', splittable: false, portNumber: 0,
    netdev: { ifindex: 9000 + id, name: `sfsim${id}p0` },
  });
  if (options.external) {
    fake.putPort(device, {
      index: 0x10000, flavour: 'pcipf', type: 'eth', splittable: false, controller: 1, pfnum: 0, external: true,
      netdev: { ifindex: 9500 + id, name: `sfsim${id}c1pf0` },
      function: { hwAddr: new Uint8Array(6), settable: { hwAddr: true } },
    });
  }
  return {
    handle,
    port: (index) => `${handle}/${index}`,
    sfPort: (slot, controller = 0) => `${handle}/${(controller << 16) + 0x8000 + slot}`,
    async setStallAttach(stall) {
      device.sf!.stallAttach = stall;
    },
    async setMaxSfs(count) {
      device.sf!.maxSfs = count;
    },
    async remove() {
      for (const port of device.ports.values()) if (port.function?.devlink) fake.removeDevice(port.function.devlink);
      fake.removeDevice(handle);
    },
  };
}
