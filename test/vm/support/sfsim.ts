/**
 * sfsim devices (our SF test kernel module, test/kmod/sfsim) for the VM suite. Like the netdevsim
 * helpers, everything here goes through the module's sysfs and debugfs files, never through
 * devlink, so the helpers do not depend on the code under test. See test/kmod/sfsim/README.md for
 * the module's interface.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, release } from 'node:os';
import { join } from 'node:path';

const BUS = '/sys/bus/sfsim';
const DEBUGFS = '/sys/kernel/debug/sfsim';

/** Port index of the first SF of controller 0 (then 32769, ...); controller C adds C << 16. */
export const SF_PORT_BASE = 0x8000;
/** Port index of the physical port. */
export const PHYSICAL_PORT = 0xffff;
/** Port index of the local PF; VF n is 1 + n; the external controller's PF is 65536. */
export const PF_PORT = 0;
export const EXTERNAL_PF_PORT = 0x10000;

/** Operation kinds the module's debugfs `fail` file can make fail. */
export type SfsimFaultKind =
  | 'port_new' | 'port_del' | 'hw_addr_set' | 'caps_set' | 'max_io_eqs_set' | 'state_set'
  | 'rate_set' | 'rate_node_new' | 'rate_node_del' | 'eswitch_mode_set';

/** Options of {@link createSfsim}. */
export interface SfsimOptions {
  /** VF ports (0..64). */
  vfs?: number;
  /** Add the external controller (controller 1 with its PF port). */
  external?: boolean;
  /** The device ID, e.g. to re-create a removed device; a fresh one when omitted. */
  id?: number;
}

let lastId = 0;

function nextId(): number {
  const taken = existsSync(join(BUS, 'devices'))
    ? readdirSync(join(BUS, 'devices')).map((n) => Number(n.replace(/^sfsim/, '')))
    : [];
  lastId = Math.max(lastId, ...taken.filter(Number.isFinite)) + 1;
  return lastId;
}

/** One sfsim device: its id, devlink handle, and the debugfs knobs tests turn. */
export class SfsimDevice {
  /** `sfsim/sfsim<id>`. */
  readonly handle: string;
  readonly devName: string;
  private readonly debugfs: string;

  constructor(readonly id: number) {
    this.devName = `sfsim${id}`;
    this.handle = `sfsim/${this.devName}`;
    this.debugfs = join(DEBUGFS, this.devName);
  }

  /** Whether the device still exists on the bus. */
  get exists(): boolean {
    return existsSync(join(BUS, 'devices', this.devName));
  }

  /** `bus/dev/index` of a port of this device. */
  port(index: number): string {
    return `${this.handle}/${index}`;
  }

  /** Handle of the SF port in slot `slot` (0 = first SF created on a fresh device) of `controller`. */
  sfPort(slot: number, controller = 0): string {
    return this.port((controller << 16) + SF_PORT_BASE + slot);
  }

  /** Maximum SF ports on the device (default 1024). */
  setMaxSfs(count: number): void {
    this.write('max_sfs', String(count));
  }

  /** Delays between state changes and attach/detach (defaults 100 and 50 ms). */
  setDelays(attachMs: number, detachMs: number): void {
    this.write('attach_delay_ms', String(attachMs));
    this.write('detach_delay_ms', String(detachMs));
  }

  /** While true, activated SFs never reach opstate attached. */
  setStallAttach(stall: boolean): void {
    this.write('stall_attach', stall ? 'Y' : 'N');
  }

  /** Makes the next `count` operations of `kind` fail with `errno` and, if given, `message`. */
  injectFault(kind: SfsimFaultKind, count: number, errno: number, message = ''): void {
    this.write('fail', `${kind} ${count} ${errno} ${message}`);
  }

  /** Armed faults as the module reports them: kind -> remaining count. */
  faults(): Map<SfsimFaultKind, number> {
    const map = new Map<SfsimFaultKind, number>();
    for (const line of readFileSync(join(this.debugfs, 'fail'), 'utf8').split('\n')) {
      const [kind, count] = line.split(' ');
      if (kind) map.set(kind as SfsimFaultKind, Number(count));
    }
    return map;
  }

  /** The serial number `dev info` reports (kept per device ID across removal and re-creation). */
  get serialNumber(): string {
    return readFileSync(join(this.debugfs, 'serial_number'), 'utf8').trim();
  }

  /** Gives the device ID another serial number; '' restores the default `SFSIM<ID, 8 digits>`. */
  setSerialNumber(serial: string): void {
    this.write('serial_number', `${serial}\n`);
  }

  /** Whether RoCE is enabled as of the last load (the driverinit param `enable_roce` in force). */
  get roceActive(): boolean {
    return readFileSync(join(this.debugfs, 'roce_active'), 'utf8').trim() === 'Y';
  }

  /** Firmware resets so far (knob, health recovery, fw_activate). */
  get fwResets(): number {
    return Number(readFileSync(join(this.debugfs, 'fw_resets'), 'utf8'));
  }

  /** Resets the device's firmware as another host would (synchronous); EPERM while refused. */
  fwReset(): void {
    this.write('fw_reset', '1');
  }

  /** Reports `message` through the device's `fw_fatal` health reporter (synchronous). */
  reportHealthError(message: string): void {
    this.write('health_error', message);
  }

  /** Removes the device with everything on it; safe to call twice. */
  remove(): void {
    if (this.exists) writeFileSync(join(BUS, 'del_device'), String(this.id));
  }

  private write(file: string, value: string): void {
    writeFileSync(join(this.debugfs, file), value);
  }
}

/**
 * What an SF's own instance (`auxiliary/sfsim.sf.<N>`) has in force since its last load: the
 * driverinit params enable_eth, enable_rdma and enable_vnet.
 */
export function sfInstanceFunctions(instance: string): { eth: boolean; rdma: boolean; vnet: boolean } {
  const dir = join(DEBUGFS, instance.replace(/^auxiliary\//, ''));
  const flag = (name: string): boolean => readFileSync(join(dir, name), 'utf8').trim() === 'Y';
  return { eth: flag('eth'), rdma: flag('rdma'), vnet: flag('vnet') };
}

/** Whether the sfsim module is loaded (the VM loads every test/kmod module it could build). */
export function sfsimLoaded(): boolean {
  return existsSync(join(BUS, 'new_device'));
}

/** Creates an sfsim device with a fresh id. Remember to `remove()` it. */
export function createSfsim(options: SfsimOptions = {}): SfsimDevice {
  if (!sfsimLoaded()) throw new Error(`${BUS}/new_device is missing: not in the devlink-ts VM, or the sfsim module did not build/load`);
  const device = new SfsimDevice(options.id ?? nextId());
  writeFileSync(join(BUS, 'new_device'), `${device.id} ${options.vfs ?? 0} ${options.external ? 1 : 0}`);
  return device;
}

/** Names of the network interfaces that exist now. */
export function netdevNames(): string[] {
  return readdirSync('/sys/class/net');
}

/** The MAC address of a network interface, from sysfs. */
export function netdevAddress(name: string): string {
  return readFileSync(join('/sys/class/net', name, 'address'), 'utf8').trim();
}

/**
 * A newer iproute2 `devlink` than the machine's 6.1 (which lacks caps, max_io_eqs, tx_priority and
 * tx_weight): the one scripts/fetch-newer-iproute2.sh unpacks into the cache (`npm run test:vm`
 * runs it before booting). Missing, it throws: the comparisons it serves must run, not skip.
 */
export function newerIproute2Devlink(): string {
  const cache = process.env.DEVLINK_TS_CACHE ?? join(homedir(), '.cache', 'devlink-ts');
  const dirs = existsSync(cache) ? readdirSync(cache).filter((n) => n.startsWith('iproute2-')).sort() : [];
  for (const dir of dirs.reverse()) {
    const path = join(cache, dir, 'sbin', 'devlink');
    if (existsSync(path)) return path;
  }
  throw new Error(`no newer iproute2 devlink under ${cache}: run scripts/fetch-newer-iproute2.sh on the host first`);
}

/**
 * Path of the sfsim.ko the VM loaded: the test bed builds each test/kmod module into
 * <cache>/<kernel release>/kmod/<name>-<source hash>/ (scripts/vm/project-modules.mjs).
 */
export async function loadedSfsimKo(projectDir: string): Promise<string> {
  const helper = join(projectDir, 'scripts', 'vm', 'project-modules.mjs');
  const { sourceHash } = (await import(helper)) as { sourceHash: (dir: string) => string };
  const cache = process.env.DEVLINK_TS_CACHE ?? join(homedir(), '.cache', 'devlink-ts');
  const ko = join(cache, release(), 'kmod', `sfsim-${sourceHash(join(projectDir, 'test', 'kmod', 'sfsim'))}`, 'sfsim.ko');
  if (!existsSync(ko)) throw new Error(`${ko} is missing: the VM runner did not build test/kmod/sfsim for this kernel`);
  return ko;
}
