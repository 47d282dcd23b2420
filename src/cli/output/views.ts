/**
 * The shapes the CLI's object printers read: plain data with wire values (enum numbers, bytes/s
 * as bigint), optional fields present exactly when the kernel sent the attribute.
 *
 * Why a CLI-side shape: the printers reproduce iproute2's output, which depends on which
 * attributes were present and on their raw values (unknown enum values print as
 * `<unknown flavour>`); a small adapter fills these from the library's typed results, so the
 * printers stay independent of how the library names things.
 */

/** A devlink instance handle (`pci/0000:06:00.0`). */
export interface DeviceHandleView {
  busName: string;
  devName: string;
}

/** A nested devlink instance reported by a device or a port function. */
export interface NestedDevlinkView extends DeviceHandleView {
  /** DEVLINK_ATTR_NETNS_ID when the instance lives in another network namespace. */
  netnsId?: number;
  /** The name under /var/run/netns that has that id, when one has it (iproute2 prints the name). */
  netnsName?: string;
}

/** One reload statistic: how often an action ran with a limit. */
export interface ReloadStatView {
  limit: number;
  value: number;
}

/** Reload statistics per action. */
export interface ReloadActionStatsView {
  action: number;
  stats: ReloadStatView[];
}

/** `dev show` data. */
export interface DeviceView extends DeviceHandleView {
  reloadFailed?: boolean;
  /** DEVLINK_ATTR_INDEX (newest kernels). */
  index?: number | bigint;
  reloadStats?: ReloadActionStatsView[];
  remoteReloadStats?: ReloadActionStatsView[];
  /** True when the kernel sent DEVLINK_ATTR_DEV_STATS at all. */
  hasDevStats?: boolean;
  nestedDevlinks?: NestedDevlinkView[];
}

/** A bitfield32 value with its selector (which bits are meaningful). */
export interface BitfieldView {
  value: number;
  selector: number;
}

/** The port function nest. */
export interface PortFunctionView {
  hwAddr?: Uint8Array;
  state?: number;
  opstate?: number;
  caps?: BitfieldView;
  maxIoEqs?: number;
  devlink?: NestedDevlinkView;
}

/** `port show` data. */
export interface PortView extends DeviceHandleView {
  portIndex: number;
  type?: number;
  desiredType?: number;
  netdevName?: string;
  ibdevName?: string;
  flavour?: number;
  controller?: number;
  pfnum?: number;
  vfnum?: number;
  sfnum?: number;
  external?: boolean;
  linecard?: number;
  portNumber?: number;
  splitGroup?: number;
  splittable?: boolean;
  lanes?: number;
  function?: PortFunctionView;
}

/** One traffic-class bandwidth share of a rate object. */
export interface RateTcBandwidthView {
  index: number;
  bandwidth: number;
}

/** `port function rate show` data: a leaf (port) or a node. */
export interface RateView extends DeviceHandleView {
  portIndex?: number;
  nodeName?: string;
  type?: number;
  txShare?: bigint;
  txMax?: bigint;
  txPriority?: number;
  txWeight?: number;
  parent?: string;
  tcBandwidths?: RateTcBandwidthView[];
}

/** `dev eswitch show` data. */
export interface EswitchView extends DeviceHandleView {
  mode?: number;
  inlineMode?: number;
  encapMode?: number;
}

/** One `name value` version entry of `dev info`. */
export interface VersionView {
  name: string;
  value: string;
}

/** `dev info` data. */
export interface InfoView extends DeviceHandleView {
  driver?: string;
  serialNumber?: string;
  boardSerialNumber?: string;
  fixed: VersionView[];
  running: VersionView[];
  stored: VersionView[];
}

/** A parameter value for one configuration mode. */
export interface ParamValueView {
  cmode: number;
  /** Absent for a false flag; `true` for a set flag. */
  data?: number | bigint | string | boolean;
  defaultData?: number | bigint | string | boolean;
}

/** `dev param show` data. */
export interface ParamView extends DeviceHandleView {
  portIndex?: number;
  name: string;
  /** DEVLINK_VAR_ATTR_TYPE_*: u8 1, u16 2, u32 3, u64 4, string 5, flag 6. */
  type: number;
  generic: boolean;
  values: ParamValueView[];
}

/** Reload reply: which actions the kernel performed. */
export interface ReloadResultView extends DeviceHandleView {
  actionsPerformed?: BitfieldView;
}
