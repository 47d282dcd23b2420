import type { DeviceHandle } from '../devlink/handles.js';

/** A field of a dpipe header, with wire values. */
export interface DpipeFieldView {
  name: string;
  id: number;
  bitwidth: number;
  /** Wire mapping type: 0 none, 1 ifindex. */
  mappingType: number;
}

/** A dpipe header. */
export interface DpipeHeaderView {
  name: string;
  id: number;
  global: boolean;
  fields: DpipeFieldView[];
}

/** A match or action of a table: its wire type and the header field it refers to. */
export interface DpipeRefView {
  /** Wire type: match 0 field_exact; action 0 field_modify. */
  type: number;
  headerId: number;
  global: boolean;
  fieldId: number;
}

/** A dpipe table. */
export interface DpipeTableView {
  name: string;
  size: bigint;
  countersEnabled: boolean;
  resourceId?: bigint;
  resourceUnits?: bigint;
  matches: DpipeRefView[];
  actions: DpipeRefView[];
}

/** A match or action value of an entry. */
export interface DpipeValueView {
  ref: DpipeRefView;
  value: Uint8Array;
  mask?: Uint8Array;
  mapping?: number;
}

/** An entry of a dpipe table. */
export interface DpipeEntryView {
  index: bigint;
  counter?: bigint;
  matchValues: DpipeValueView[];
  actionValues: DpipeValueView[];
}

/** What `devlink-ts dpipe ...` asks of devlink. */
export interface DpipeBackend {
  /** The device's headers in the order the kernel sent them. */
  headers(dev: DeviceHandle): Promise<DpipeHeaderView[]>;
  tables(dev: DeviceHandle, name?: string): Promise<DpipeTableView[]>;
  entries(dev: DeviceHandle, name: string): Promise<DpipeEntryView[]>;
  setCounters(dev: DeviceHandle, name: string, enabled: boolean): Promise<void>;
}
