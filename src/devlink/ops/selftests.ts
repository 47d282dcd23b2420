/** Device selftests: which the driver offers, and running them. */
import { formatDeviceHandle, toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { SELFTEST_STATUS } from '../spec/enums.js';
import { SELFTEST_ID_SET } from '../spec/nested-sets.js';
import { enumValue, nest, nests, num } from '../tree.js';
import { identity } from '../decode.js';
import type { CallOptions, DeviceIdentity, UnknownEnumValue } from '../types.js';
import { DevlinkInputError } from '../errors.js';
import { deviceSelector } from './selectors.js';

/** A selftest's result. */
export interface SelftestResult {
  readonly id: string;
  readonly status: 'skip' | 'pass' | 'fail' | UnknownEnumValue;
}

/** Lists the selftests a device supports (`flash`...). */
export async function listSelftests(session: DevlinkSession, device: string | DeviceHandle, call?: CallOptions): Promise<string[]> {
  const handle = toDeviceHandle(device);
  const reply = await session.requestOne(DEVLINK_CMD['selftests-get'], deviceSelector(handle), DEVLINK_CMD['selftests-get'], call);
  const tests = nest(reply.attributes, 'selftests');
  return tests ? Object.keys(tests.values).filter((name) => tests.values[name] === true) : [];
}

/** The selftests one device offers (a get), or every device that offers selftests (a dump). */
export async function listDeviceSelftests(session: DevlinkSession, device?: string | DeviceHandle, call?: CallOptions): Promise<(DeviceIdentity & { tests: string[] })[]> {
  if (device !== undefined) {
    const handle = toDeviceHandle(device);
    return [{ busName: handle.busName, deviceName: handle.deviceName, handle: formatDeviceHandle(handle), tests: await listSelftests(session, handle, call) }];
  }
  const replies = await session.dump(DEVLINK_CMD['selftests-get'], {}, DEVLINK_CMD['selftests-get'], call);
  return replies.map((reply) => {
    const tests = nest(reply.attributes, 'selftests');
    return {
      ...identity(reply.attributes, 'selftests'),
      tests: tests ? Object.keys(tests.values).filter((name) => tests.values[name] === true) : [],
    };
  });
}

/** Runs selftests (all the device supports when none are named) and returns their results. */
export async function runSelftests(session: DevlinkSession, device: string | DeviceHandle, tests?: readonly string[], call?: CallOptions): Promise<SelftestResult[]> {
  const handle = toDeviceHandle(device);
  const names = tests ?? await listSelftests(session, handle, call);
  for (const name of names) {
    if (!SELFTEST_ID_SET.byName.has(name)) {
      throw new DevlinkInputError('selftest', name, `unknown selftest ${JSON.stringify(name)} (known: ${[...SELFTEST_ID_SET.byName.keys()].join(', ')}) on ${formatDeviceHandle(handle)}`);
    }
  }
  const reply = await session.requestOne(DEVLINK_CMD['selftests-run'], {
    ...deviceSelector(handle),
    selftests: Object.fromEntries(names.map((name) => [name, true])),
  }, DEVLINK_CMD['selftests-run'], call);
  const results = nest(reply.attributes, 'selftests');
  return (results ? nests(results, 'result') : []).map((entry) => {
    const id = num(entry, 'id') ?? 0;
    return {
      id: SELFTEST_ID_SET.byValue.get(id)?.name ?? `unknown-${id}`,
      status: enumValue<'skip' | 'pass' | 'fail'>(entry, 'status', SELFTEST_STATUS) ?? 'skip',
    };
  });
}
