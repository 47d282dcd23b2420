/**
 * netdevsim devices for the VM suite. Each test creates its own device (unique id) and removes it,
 * so tests never see each other's state. Everything goes through netdevsim's sysfs and debugfs
 * files, never through devlink, so these helpers do not depend on the code under test.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { devlink } from './iproute2.js';

const BUS = '/sys/bus/netdevsim';
const DEBUGFS = '/sys/kernel/debug/netdevsim';

let lastId = 0;

/** The next netdevsim id that no device on the bus uses (ids are per boot, never reused). */
function nextId(): number {
  const taken = existsSync(join(BUS, 'devices'))
    ? readdirSync(join(BUS, 'devices')).map((n) => Number(n.replace(/^netdevsim/, '')))
    : [];
  lastId = Math.max(lastId, ...taken.filter(Number.isFinite)) + 1;
  return lastId;
}

/** Waits (polling) until `check` holds: sysfs/devlink changes of netdevsim are not always synchronous. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One netdevsim device: its id, devlink handle, and the sysfs/debugfs knobs tests turn. */
export class NetdevsimDevice {
  /** `netdevsim/netdevsim<id>`: the devlink handle (bus name / device name). */
  readonly handle: string;
  readonly busName = 'netdevsim';
  readonly devName: string;
  private readonly sysfs: string;
  private readonly debugfs: string;

  constructor(readonly id: number) {
    this.devName = `netdevsim${id}`;
    this.handle = `${this.busName}/${this.devName}`;
    this.sysfs = join(BUS, 'devices', this.devName);
    this.debugfs = join(DEBUGFS, this.devName);
  }

  /** Whether the device still exists on the bus. */
  get exists(): boolean {
    return existsSync(this.sysfs);
  }

  /** Current number of VFs (sysfs sriov_numvfs). */
  get numVfs(): number {
    return Number(readFileSync(join(this.sysfs, 'sriov_numvfs'), 'utf8').trim());
  }

  /**
   * Sets the number of VFs. The kernel refuses a change from non-zero to non-zero (EBUSY), so a
   * change between two non-zero counts goes through 0.
   */
  setNumVfs(count: number): void {
    if (count !== 0 && this.numVfs !== 0) writeFileSync(join(this.sysfs, 'sriov_numvfs'), '0');
    writeFileSync(join(this.sysfs, 'sriov_numvfs'), String(count));
  }

  /** Raises (or lowers) how many VFs the device allows (debugfs max_vfs; default 4). */
  setMaxVfs(count: number): void {
    writeFileSync(join(this.debugfs, 'max_vfs'), String(count));
  }

  /** Adds a physical port with this index (sysfs new_port). */
  addPort(index: number): void {
    writeFileSync(join(this.sysfs, 'new_port'), String(index));
  }

  /** Removes a physical port (sysfs del_port). */
  deletePort(index: number): void {
    writeFileSync(join(this.sysfs, 'del_port'), String(index));
  }

  /** A debugfs file of the device, e.g. `ports/0/tx_share`, `rate_nodes/<name>/tx_max`. */
  readDebugfs(path: string): string {
    return readFileSync(join(this.debugfs, path), 'utf8').trim();
  }

  /** Writes a debugfs knob, e.g. `dont_allow_reload` or `fail_reload`. */
  writeDebugfs(path: string, value: string): void {
    writeFileSync(join(this.debugfs, path), value);
  }

  /** Removes the device (sysfs del_device); safe to call twice. */
  remove(): void {
    if (this.exists) writeFileSync(join(BUS, 'del_device'), String(this.id));
  }
}

/**
 * Creates a netdevsim device with `ports` physical ports (port indexes 0..ports-1) and a fresh id.
 * Remember to `remove()` it (e.g. in afterEach / a `using` block).
 */
export function createNetdevsim(ports = 1): NetdevsimDevice {
  if (!existsSync(join(BUS, 'new_device'))) {
    throw new Error(`${BUS}/new_device is missing: not in the devlink-ts VM, or netdevsim is not loaded`);
  }
  const device = new NetdevsimDevice(nextId());
  writeFileSync(join(BUS, 'new_device'), `${device.id} ${ports}`);
  return device;
}

/** Removes every netdevsim device on the bus (suite hygiene between files). */
export function removeAllNetdevsims(): void {
  for (const name of readdirSync(join(BUS, 'devices'))) {
    writeFileSync(join(BUS, 'del_device'), name.replace(/^netdevsim/, ''));
  }
}

/**
 * Per-test netdevsim devices: returns a factory; every device it made is removed after each test.
 */
export function netdevsimPerTest(): (ports?: number) => NetdevsimDevice {
  const created: NetdevsimDevice[] = [];
  afterEach(() => {
    for (const device of created.splice(0)) device.remove();
  });
  return (ports = 1) => {
    const device = createNetdevsim(ports);
    created.push(device);
    return device;
  };
}

/**
 * Puts a device in switchdev mode with `vfs` VFs, set up through sysfs and iproute2 (not the
 * library), so tests of ports and rates do not depend on the library's eswitch code.
 * VF n then has port index 128 + n, flavour pcivf, and a rate leaf.
 */
export function switchdevWithVfs(device: NetdevsimDevice, vfs: number): void {
  if (vfs > 4) device.setMaxVfs(vfs);
  device.setNumVfs(vfs);
  devlink(['dev', 'eswitch', 'set', device.handle, 'mode', 'switchdev']);
}

/** Port index of VF `vf` of a netdevsim device (in switchdev mode). */
export function vfPortIndex(vf: number): number {
  return 128 + vf;
}
