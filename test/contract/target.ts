/**
 * What a contract runs against: a "target" hands out clients and devices shaped like our drivers.
 *
 * Why: a contract states what devlink does for an object (replies, errno, extended-ACK text,
 * decoded objects) once, and runs twice — in the unit suite against the fake kernel
 * (test/unit/contracts.test.ts) and in the VM suite against the real kernel with netdevsim, sfsim
 * and objsim (test/vm/contracts.test.ts). The fake is then held to the kernel: when they disagree,
 * the VM run fails, and the kernel wins.
 */
import type { Devlink } from '../../src/devlink/client.js';

/** A device created for a contract; `remove()` takes it and everything on it away. */
export interface TargetDevice {
  /** Devlink handle, `bus/dev`. */
  readonly handle: string;
  /** `bus/dev/index` of one of its ports. */
  port(index: number): string;
  remove(): Promise<void>;
}

/** An sfsim device (test/kmod/sfsim/README.md): PF port 0, VF n at 1 + n, SFs from 32768. */
export interface SfsimTargetDevice extends TargetDevice {
  /** Handle of the SF port in slot `slot` of `controller` (slots are handed out lowest free first). */
  sfPort(slot: number, controller?: number): string;
  /** While true, activated SFs never reach opstate attached. */
  setStallAttach(stall: boolean): Promise<void>;
  /** SF ports allowed on the device. */
  setMaxSfs(count: number): Promise<void>;
}

/** A firmware file name the firmware loader finds for a netdevsim device's flash. */
export const CONTRACT_FIRMWARE = 'devlink-ts-contract.bin';

/** A netdevsim device with one port (drivers/net/netdevsim in 6.12). */
export interface NetdevsimTargetDevice extends TargetDevice {
  /** Reports an error on the `dummy` health reporter (debugfs health/break_health). */
  breakHealth(message: string): Promise<void>;
}

/** An objsim device (test/kmod/objsim/README.md): ports 0 and 1, sbs, dpipe, line cards 1-4, selftests. */
export interface ObjsimTargetDevice extends TargetDevice {
  /** A provisioned line card boots (`true`, state active with its own instance) or goes down. */
  setLinecardActive(index: number, active: boolean): Promise<void>;
  /** The next provisioning of the line card fails (provisioning_failed). */
  failNextProvision(index: number): Promise<void>;
  /** What the `flash` selftest reports when run. */
  setSelftestResult(result: 'pass' | 'fail' | 'skip'): Promise<void>;
}

/** The two places a contract runs. */
export interface ContractTarget {
  /** `fake` (unit suite) or `kernel` (VM suite), for test names and the rare documented skip. */
  readonly kind: 'fake' | 'kernel';
  /** A client on the target; the contract closes it. */
  open(): Promise<Devlink>;
  /** A new sfsim device in legacy mode with `vfs` VF ports (and the external controller). */
  sfsim(options?: { vfs?: number; external?: boolean }): Promise<SfsimTargetDevice>;
  /** A new netdevsim device with one port. */
  netdevsim(): Promise<NetdevsimTargetDevice>;
  /** A new objsim device. */
  objsim(): Promise<ObjsimTargetDevice>;
}

/** A contract: registers its describe/it blocks for one target. */
export type Contract = (target: ContractTarget) => void;
