import type { Devlink } from '../devlink/client.js';
import { SELFTEST_STATUS } from '../devlink/spec/enums.js';
import type { SelftestsBackend } from './backend-selftests.js';

/** Every selftest iproute2 knows; `run` asks for all of them, with or without `id flash`. */
const KNOWN_TESTS = ['flash'];

/** SelftestsBackend over the library client. */
export function selftestsBackend(client: Devlink): SelftestsBackend {
  const dev = (d: { busName: string; deviceName: string }) => ({ busName: d.busName, deviceName: d.deviceName });
  return {
    listSelftests: async (d) =>
      (await client.listDeviceSelftests(d ? dev(d) : undefined)).map(({ handle, tests }) => {
        const at = handle.lastIndexOf('/');
        return { busName: handle.slice(0, at), deviceName: handle.slice(at + 1), tests };
      }),
    runSelftests: async (d) =>
      (await client.runSelftests(dev(d), KNOWN_TESTS)).map((result) => {
        const unknown = /^unknown-(\d+)$/.exec(result.status);
        return {
          name: KNOWN_TESTS.includes(result.id) ? result.id : 'unknown',
          status: unknown?.[1] !== undefined ? Number(unknown[1]) : SELFTEST_STATUS.byName.get(result.status) ?? 255,
        };
      }),
  };
}
