import type { DeviceHandle } from '../devlink/handles.js';

/** A region named on the command line: `bus/dev/region`. */
export type RegionRef = DeviceHandle & { region: string };

/** A region, or a region new reply (which carries only the snapshot id). */
export interface RegionView {
  busName: string;
  deviceName: string;
  name: string;
  size?: bigint;
  /** Stored snapshot ids (region show). */
  snapshots?: number[];
  /** How many snapshots the region can keep (region show). */
  maxSnapshots?: number;
  /** The snapshot just taken (region new). */
  snapshotId?: number;
}

/** One chunk of a region read, as the kernel sends it. */
export interface RegionChunkView {
  address: bigint;
  data: Uint8Array;
}

/** What `devlink-ts region ...` asks of devlink. */
export interface RegionBackend {
  listRegions(): Promise<RegionView[]>;
  getRegion(ref: RegionRef): Promise<RegionView>;
  /** Takes a snapshot (with the given id, or one the kernel picks) and returns the replies. */
  newSnapshot(ref: RegionRef, snapshotId?: number): Promise<RegionView[]>;
  deleteSnapshot(ref: RegionRef, snapshotId: number): Promise<void>;
  /** Reads a snapshot, or the live region (`direct`) when `snapshotId` is undefined. */
  read(ref: RegionRef, snapshotId: number | undefined, range?: { address: bigint; length: bigint }): Promise<RegionChunkView[]>;
}
