/**
 * Health reporters (per device or per port): show, set, recover, diagnose, dump, dump clear, test.
 *
 * Why here: reporters are how drivers tell that a device is sick (firmware errors, stuck queues)
 * and how operators recover; the diagnose and dump outputs are fmsg streams, rebuilt by ../fmsg.ts.
 */
import type { AttributeTree } from '../codec.js';
import { identity } from '../decode.js';
import { DevlinkReplyError } from '../errors.js';
import { decodeFmsg, fmsgItems, type FmsgItem, type FmsgValue } from '../fmsg.js';
import { toDeviceOrPortHandle, type DeviceOrPortHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { HEALTH_REPORTER_STATE } from '../spec/enums.js';
import { big, bool, enumValue, nest, num, str } from '../tree.js';
import type { CallOptions, UnknownEnumValue, DeviceIdentity } from '../types.js';
import { boolean, knownKeys, name as checkName, notEmpty, u64 } from '../validate.js';
import { deviceOrPortSelector } from './selectors.js';

/** A health reporter. Timestamps and periods are bigint (ms / ns as the kernel gives them). */
export interface DevlinkHealthReporter extends DeviceIdentity {
  /** Port index, for per-port reporters. */
  readonly portIndex?: number;
  readonly name: string;
  readonly state: 'healthy' | 'error' | UnknownEnumValue;
  readonly errorCount: bigint;
  readonly recoverCount: bigint;
  /** Minimum time between recoveries, ms (reporters that can recover). */
  readonly gracefulPeriod?: bigint;
  readonly autoRecover?: boolean;
  readonly autoDump?: boolean;
  /** When the stored dump was taken: jiffies-based ms and ns timestamps. */
  readonly dumpTs?: bigint;
  readonly dumpTsNs?: bigint;
  /** Burst period, ms (kernels >= 6.17). */
  readonly burstPeriod?: bigint;
  readonly attributes: AttributeTree;
}

/** Decodes a HEALTH_REPORTER_GET reply or a health notification. */
export function decodeHealthReporter(tree: AttributeTree): DevlinkHealthReporter {
  const device = identity(tree, 'health reporter');
  const reporter = nest(tree, 'health-reporter');
  const reporterName = reporter && str(reporter, 'health-reporter-name');
  if (!reporter || reporterName === undefined) {
    throw new DevlinkReplyError('devlink health reporter message without health-reporter-name');
  }
  const fields: Record<string, unknown> = {
    portIndex: num(tree, 'port-index'),
    gracefulPeriod: big(reporter, 'health-reporter-graceful-period'),
    autoRecover: bool(reporter, 'health-reporter-auto-recover'),
    autoDump: bool(reporter, 'health-reporter-auto-dump'),
    dumpTs: big(reporter, 'health-reporter-dump-ts'),
    dumpTsNs: big(reporter, 'health-reporter-dump-ts-ns'),
    burstPeriod: big(reporter, 'health-reporter-burst-period'),
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return {
    ...device,
    name: reporterName,
    state: enumValue<'healthy' | 'error'>(reporter, 'health-reporter-state', HEALTH_REPORTER_STATE) ?? 'healthy',
    errorCount: big(reporter, 'health-reporter-err-count') ?? 0n,
    recoverCount: big(reporter, 'health-reporter-recover-count') ?? 0n,
    ...fields,
    attributes: tree,
  } as DevlinkHealthReporter;
}


function reporterSelector(target: string | DeviceOrPortHandle, reporter: string): Record<string, string | number> {
  return { ...deviceOrPortSelector(toDeviceOrPortHandle(target)), 'health-reporter-name': checkName('reporter', reporter) };
}

/** Lists reporters of every device, of one device (and its ports) or of one port (one dump). */
export async function listHealthReporters(session: DevlinkSession, target?: string | DeviceOrPortHandle, call?: CallOptions): Promise<DevlinkHealthReporter[]> {
  const handle = target === undefined ? undefined : toDeviceOrPortHandle(target);
  const replies = await session.dump(DEVLINK_CMD['health-reporter-get'], handle ? deviceOrPortSelector(handle) : {}, DEVLINK_CMD['health-reporter-get'], call);
  return replies.map((m) => decodeHealthReporter(m.attributes));
}

/** Gets one reporter of a device or port. */
export async function getHealthReporter(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<DevlinkHealthReporter> {
  const reply = await session.requestOne(DEVLINK_CMD['health-reporter-get'], reporterSelector(target, reporter), DEVLINK_CMD['health-reporter-get'], call);
  return decodeHealthReporter(reply.attributes);
}

/** What `setHealthReporter` can change (periods in ms). */
export interface HealthReporterSettings {
  gracefulPeriod?: bigint | number;
  autoRecover?: boolean;
  autoDump?: boolean;
  burstPeriod?: bigint | number;
}

const SET_KEYS = ['gracefulPeriod', 'autoRecover', 'autoDump', 'burstPeriod'] as const;

/** Changes a reporter's settings in one request. */
export async function setHealthReporter(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, settings: HealthReporterSettings, call?: CallOptions): Promise<void> {
  const selector = reporterSelector(target, reporter);
  knownKeys('health reporter', settings, SET_KEYS);
  notEmpty('health reporter', settings, SET_KEYS);
  await session.request(DEVLINK_CMD['health-reporter-set'], {
    ...selector,
    'health-reporter-graceful-period': settings.gracefulPeriod === undefined ? undefined : u64('gracefulPeriod', settings.gracefulPeriod),
    'health-reporter-auto-recover': settings.autoRecover === undefined ? undefined : boolean('autoRecover', settings.autoRecover) ? 1 : 0,
    'health-reporter-auto-dump': settings.autoDump === undefined ? undefined : boolean('autoDump', settings.autoDump) ? 1 : 0,
    'health-reporter-burst-period': settings.burstPeriod === undefined ? undefined : u64('burstPeriod', settings.burstPeriod),
  }, call);
}

/** Asks the driver to recover now. */
export async function recoverHealthReporter(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<void> {
  await session.request(DEVLINK_CMD['health-reporter-recover'], reporterSelector(target, reporter), call);
}

async function diagnoseMessages(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<Uint8Array[]> {
  const replies = await session.request(DEVLINK_CMD['health-reporter-diagnose'], reporterSelector(target, reporter), call);
  return replies.map((m) => m.bytes);
}

async function dumpMessages(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<Uint8Array[]> {
  const parts = await session.dump(DEVLINK_CMD['health-reporter-dump-get'], reporterSelector(target, reporter), DEVLINK_CMD['health-reporter-dump-get'], call);
  return parts.map((m) => m.bytes);
}

/** Runs the driver's diagnose and returns its fmsg output as a tree. */
export async function diagnoseHealthReporter(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<FmsgValue> {
  return decodeFmsg(await diagnoseMessages(session, target, reporter, call));
}

/**
 * Runs the driver's diagnose and returns its fmsg output as the flat stream the driver wrote.
 * Why: a printer that must reproduce another tool's output walks the stream, not a tree.
 */
export async function diagnoseHealthReporterItems(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<FmsgItem[]> {
  return fmsgItems(await diagnoseMessages(session, target, reporter, call));
}

/** Reads the stored dump (taking one first if none is stored), as an fmsg tree. */
export async function dumpHealthReporter(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<FmsgValue> {
  return decodeFmsg(await dumpMessages(session, target, reporter, call));
}

/** Reads the stored dump as the flat fmsg stream (see {@link diagnoseHealthReporterItems}). */
export async function dumpHealthReporterItems(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<FmsgItem[]> {
  return fmsgItems(await dumpMessages(session, target, reporter, call));
}

/** Discards the stored dump. */
export async function clearHealthReporterDump(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<void> {
  await session.request(DEVLINK_CMD['health-reporter-dump-clear'], reporterSelector(target, reporter), call);
}

/** Triggers the driver's test error (what `devlink health test` does). */
export async function testHealthReporter(session: DevlinkSession, target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<void> {
  await session.request(DEVLINK_CMD['health-reporter-test'], reporterSelector(target, reporter), call);
}
