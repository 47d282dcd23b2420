import type { FmsgItem } from '../devlink/fmsg.js';
import type { DeviceHandle } from '../devlink/handles.js';

/** A reporter's owner: a device, or a port of it. */
export type ReporterTarget = DeviceHandle & { portIndex?: number };

/** A health reporter as `devlink health show` prints it (periods in ms, timestamps as given). */
export interface HealthReporterView {
  busName: string;
  deviceName: string;
  portIndex?: number;
  name: string;
  /** Wire state: 0 healthy, 1 error. */
  state: number;
  errorCount: bigint;
  recoverCount: bigint;
  gracefulPeriod?: bigint;
  autoRecover?: boolean;
  autoDump?: boolean;
  /** Dump time in ms since boot (jiffies based). */
  dumpTs?: bigint;
  /** Dump time in ns of the real-time clock. */
  dumpTsNs?: bigint;
}

/**
 * One element of a health message (fmsg) stream, in the order the driver wrote it (the library's
 * flat stream). Why a stream and not the library's tree: iproute2 prints an fmsg while it walks it
 * (names, values, nests as they come, and it stops where the stream stops making sense), so
 * printing the stream the same way is what reproduces its bytes.
 */
export type { FmsgItem };

/** Settable reporter attributes (ms for the period). */
export interface HealthSettings {
  gracefulPeriod?: bigint;
  autoRecover?: boolean;
  autoDump?: boolean;
}

/** What `devlink-ts health ...` asks of devlink. */
export interface HealthBackend {
  listReporters(target?: ReporterTarget): Promise<HealthReporterView[]>;
  getReporter(target: ReporterTarget, reporter: string): Promise<HealthReporterView>;
  setReporter(target: ReporterTarget, reporter: string, settings: HealthSettings): Promise<void>;
  recover(target: ReporterTarget, reporter: string): Promise<void>;
  diagnose(target: ReporterTarget, reporter: string): Promise<FmsgItem[]>;
  dump(target: ReporterTarget, reporter: string): Promise<FmsgItem[]>;
  clearDump(target: ReporterTarget, reporter: string): Promise<void>;
  test(target: ReporterTarget, reporter: string): Promise<void>;
}
