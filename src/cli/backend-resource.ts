import type { DeviceHandle } from '../devlink/handles.js';

/** One resource of a device's resource tree, with wire values. */
export interface ResourceView {
  name: string;
  /** `/parent/name`, as `-v` prints it. */
  path: string;
  id: bigint;
  size: bigint;
  /** The size after the next reload; the kernel sends it only when a change is pending. */
  sizeNew?: bigint;
  sizeValid?: boolean;
  sizeMin: bigint;
  sizeMax: bigint;
  sizeGran: bigint;
  /** Wire unit: 0 entry. */
  unit: number;
  occupancy?: bigint;
  children: ResourceView[];
}

/** A dpipe table, for the resources it accounts to. */
export interface DpipeTableView {
  name: string;
  /** The resource the table's entries use, when it has one. */
  resourceId?: bigint;
}

/** What `devlink-ts resource ...` asks of devlink. */
export interface ResourceBackend {
  /** The device's top-level resources (with their subtrees). */
  resources(dev: DeviceHandle): Promise<ResourceView[]>;
  dpipeTables(dev: DeviceHandle): Promise<DpipeTableView[]>;
  setSize(dev: DeviceHandle, resourceId: bigint, size: bigint): Promise<void>;
}
