/**
 * objsim devices (test/kmod/objsim: shared buffers, line cards, selftests, dpipe, per-port health
 * reporters and regions) for the VM suite. Like the sfsim and netdevsim helpers, everything here
 * goes through the module's sysfs and debugfs files, never through devlink, so the helpers do not
 * depend on the code under test. See test/kmod/objsim/README.md for the module's interface.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, release } from 'node:os';
import { join } from 'node:path';

const BUS = '/sys/bus/objsim';
const DEBUGFS = '/sys/kernel/debug/objsim';

/** Port indexes of every objsim device (both physical, port numbers 0 and 1). */
export const OBJSIM_PORTS = [0, 1] as const;
/** Line card indexes of every objsim device. */
export const OBJSIM_LINECARDS = [1, 2, 3, 4] as const;
/** Line card types every slot supports, in the order the kernel lists them. */
export const OBJSIM_LINECARD_TYPES = ['16x100G', '8x200G'] as const;

/** What the `flash` selftest reports when run. */
export type ObjsimSelftestResult = 'pass' | 'fail' | 'skip';

let lastId = 0;

function nextId(): number {
  const taken = existsSync(join(BUS, 'devices'))
    ? readdirSync(join(BUS, 'devices')).map((n) => Number(n.replace(/^objsim/, '')))
    : [];
  lastId = Math.max(lastId, ...taken.filter(Number.isFinite)) + 1;
  return lastId;
}

/** One objsim device: its id, devlink handle, and the debugfs knobs tests turn. */
export class ObjsimDevice {
  /** `objsim/objsim<id>`. */
  readonly handle: string;
  readonly devName: string;
  private readonly debugfs: string;

  constructor(readonly id: number) {
    this.devName = `objsim${id}`;
    this.handle = `objsim/${this.devName}`;
    this.debugfs = join(DEBUGFS, this.devName);
  }

  /** Whether the device still exists on the bus. */
  get exists(): boolean {
    return existsSync(join(BUS, 'devices', this.devName));
  }

  /** `bus/dev/index` of port 0 or 1. */
  port(index: number): string {
    return `${this.handle}/${index}`;
  }

  /**
   * Makes a provisioned line card active (`true`) or back to provisioned (`false`), as if the card
   * had booted or gone down. Throws (EINVAL from the write) when the card is not provisioned.
   */
  setLinecardActive(linecard: number, active: boolean): void {
    this.write(join(`linecard${linecard}`, 'active'), active ? '1' : '0');
  }

  /** Whether the module regards the line card as active. */
  linecardActive(linecard: number): boolean {
    return this.read(join(`linecard${linecard}`, 'active')) === '1';
  }

  /** While set, the next provisioning of the line card fails (state provisioning_failed); one-shot. */
  setLinecardFailProvision(linecard: number, fail: boolean): void {
    this.write(join(`linecard${linecard}`, 'fail_provision'), fail ? 'Y' : 'N');
  }

  /** Delay between `lc set ... type T` and the card reaching provisioned (default 100 ms). */
  setProvisionDelay(ms: number): void {
    this.write('provision_delay_ms', String(ms));
  }

  /** What the next run of the `flash` selftest reports (default pass). */
  setSelftestFlashResult(result: ObjsimSelftestResult): void {
    this.write('selftest_flash_result', result);
  }

  /** The current `flash` selftest result setting. */
  selftestFlashResult(): ObjsimSelftestResult {
    return this.read('selftest_flash_result') as ObjsimSelftestResult;
  }

  /** Removes the device with everything on it; safe to call twice. */
  remove(): void {
    if (this.exists) writeFileSync(join(BUS, 'del_device'), String(this.id));
  }

  private write(file: string, value: string): void {
    writeFileSync(join(this.debugfs, file), value);
  }

  private read(file: string): string {
    return readFileSync(join(this.debugfs, file), 'utf8').trim();
  }
}

/** Whether the objsim module is loaded (the VM loads every test/kmod module it could build). */
export function objsimLoaded(): boolean {
  return existsSync(join(BUS, 'new_device'));
}

/** Creates an objsim device with a fresh id. Remember to `remove()` it. */
export function createObjsim(): ObjsimDevice {
  if (!objsimLoaded()) throw new Error(`${BUS}/new_device is missing: not in the devlink-ts VM, or the objsim module did not build/load`);
  const device = new ObjsimDevice(nextId());
  writeFileSync(join(BUS, 'new_device'), String(device.id));
  return device;
}

/**
 * Path of the objsim.ko the VM loaded: the test bed builds each test/kmod module into
 * <cache>/<kernel release>/kmod/<name>-<source hash>/ (scripts/vm/project-modules.mjs).
 */
export async function loadedObjsimKo(projectDir: string): Promise<string> {
  const helper = join(projectDir, 'scripts', 'vm', 'project-modules.mjs');
  const { sourceHash } = (await import(helper)) as { sourceHash: (dir: string) => string };
  const cache = process.env.DEVLINK_TS_CACHE ?? join(homedir(), '.cache', 'devlink-ts');
  const ko = join(cache, release(), 'kmod', `objsim-${sourceHash(join(projectDir, 'test', 'kmod', 'objsim'))}`, 'objsim.ko');
  if (!existsSync(ko)) throw new Error(`${ko} is missing: the VM runner did not build test/kmod/objsim for this kernel`);
  return ko;
}
