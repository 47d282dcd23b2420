import type { DeviceHandle } from '../devlink/handles.js';

/** The selftests a device offers, by name (`flash`). */
export interface SelftestsView {
  busName: string;
  deviceName: string;
  tests: string[];
}

/** One selftest result, with the wire status (0 skip, 1 pass, 2 fail). */
export interface SelftestResultView {
  /** The test's name, `unknown` for an id this client does not know (as iproute2 prints it). */
  name: string;
  status: number;
}

/** What `devlink-ts dev selftests ...` asks of devlink. */
export interface SelftestsBackend {
  /** One device's selftests (a get), or those of every device offering any (a dump). */
  listSelftests(dev?: DeviceHandle): Promise<SelftestsView[]>;
  /** Runs every selftest iproute2 knows (`flash`), as iproute2 asks, and returns the results. */
  runSelftests(dev: DeviceHandle): Promise<SelftestResultView[]>;
}
