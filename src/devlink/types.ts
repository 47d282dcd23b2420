/**
 * Typed devlink objects returned by the client.
 *
 * Why both typed fields and `attributes`: the typed fields (camelCase, bigint for u64, enum names
 * as iproute2 spells them) are what programs use; `attributes` is the full decoded tree of the
 * kernel's message, including attributes this version does not know, so printers (our CLI) and
 * callers can reach every field the kernel sent.
 */
import type { NetlinkExtendedAck } from '../netlink/errors.js';
import type { AttributeTree, Bitfield32 } from './codec.js';

/** An enum value the tables do not know (a kernel newer than us): `unknown-<number>`. */
export type UnknownEnumValue = `unknown-${number}`;

/** Port flavours. */
export type PortFlavour = 'physical' | 'cpu' | 'dsa' | 'pcipf' | 'pcivf' | 'virtual' | 'unused' | 'pcisf';
/** Port types. */
export type PortType = 'notset' | 'auto' | 'eth' | 'ib';
/** Port function administrative states. */
export type PortFunctionState = 'inactive' | 'active';
/** Port function operational states. */
export type PortFunctionOpstate = 'detached' | 'attached';
/** Eswitch modes (`switchdev_inactive` needs a kernel newer than 6.12). */
export type EswitchMode = 'legacy' | 'switchdev' | 'switchdev_inactive';
/** Eswitch inline modes. */
export type EswitchInlineMode = 'none' | 'link' | 'network' | 'transport';
/** Eswitch encapsulation modes. */
export type EswitchEncapMode = 'none' | 'basic';
/** Rate object types. */
export type RateType = 'leaf' | 'node';
/** Parameter configuration modes. */
export type ParamCmode = 'runtime' | 'driverinit' | 'permanent';
/** Parameter value types. */
export type ParamType = 'u8' | 'u16' | 'u32' | 'u64' | 'string' | 'bool';
/** Reload actions. */
export type ReloadAction = 'driver_reinit' | 'fw_activate';
/** Reload limits. */
export type ReloadLimit = 'no_reset';

/**
 * The device an object belongs to, carried the same way by every decoded object (eswitch, info,
 * param, trap, shared buffer, dpipe table, health reporter, region, line card...): it is a
 * DeviceHandle, so any object can be handed back to the client as its device.
 */
export interface DeviceIdentity {
  readonly busName: string;
  readonly deviceName: string;
  /** `bus/device` (ports and rate objects: `bus/device/index`, `bus/device/node`). */
  readonly handle: string;
}

/** Per-call options accepted by every client method. */
export interface CallOptions {
  /** Aborts the request; the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Overrides the connection's default timeout for this call. */
  timeoutMs?: number;
  /**
   * Called when the kernel accepted the request but attached an extended-ACK message (a warning,
   * e.g. a trap action that cannot be changed). Overrides the client-wide `onWarning`.
   */
  onWarning?: (warning: NetlinkExtendedAck) => void;
}

/** A devlink instance named inside another object (an SF's own instance, a nested device). */
export interface NestedDevlinkHandle {
  /** `bus/device`, e.g. `auxiliary/mlx5_core.sf.4`. */
  readonly handle: string;
  readonly busName: string;
  readonly deviceName: string;
  /** Peer netns id, when the instance lives in another network namespace. */
  readonly netnsId?: number;
}

/** Reload statistics of one action/limit pair. */
export interface ReloadStatsEntry {
  readonly action: ReloadAction | 'unspec' | UnknownEnumValue;
  readonly limit: ReloadLimit | 'unspec' | UnknownEnumValue;
  readonly value: number;
}

/** A devlink instance (device). */
export interface DevlinkDevice {
  /** `bus/device`. */
  readonly handle: string;
  readonly busName: string;
  readonly deviceName: string;
  /** True when the last reload failed (the instance is not usable until reloaded). */
  readonly reloadFailed?: boolean;
  /** Reload statistics (`dev show -s`): local and remote. */
  readonly reloadStats?: readonly ReloadStatsEntry[];
  readonly remoteReloadStats?: readonly ReloadStatsEntry[];
  /** Devlink instances nested in this one (e.g. a line card's, an SF's). */
  readonly nestedDevlinks: readonly NestedDevlinkHandle[];
  readonly attributes: AttributeTree;
}

/** Eswitch configuration of a device. */
export interface DevlinkEswitch {
  /** `bus/device`. */
  readonly handle: string;
  readonly busName: string;
  readonly deviceName: string;
  readonly mode?: EswitchMode | UnknownEnumValue;
  readonly inlineMode?: EswitchInlineMode | UnknownEnumValue;
  readonly encapMode?: EswitchEncapMode | UnknownEnumValue;
  readonly attributes: AttributeTree;
}

/** One `name value` version line of `dev info`. */
export interface InfoVersion {
  readonly name: string;
  readonly value: string;
}

/** Device information (`dev info`). */
export interface DevlinkInfo {
  /** `bus/device`. */
  readonly handle: string;
  readonly busName: string;
  readonly deviceName: string;
  readonly driver?: string;
  readonly serialNumber?: string;
  readonly boardSerialNumber?: string;
  /** Versions in the kernel's order, per kind. */
  readonly versions: {
    readonly fixed: readonly InfoVersion[];
    readonly running: readonly InfoVersion[];
    readonly stored: readonly InfoVersion[];
  };
  readonly attributes: AttributeTree;
}

/** A parameter value: numbers for u8/u16/u32, bigint for u64, string, boolean for bool. */
export type ParamValue = number | bigint | string | boolean;

/** A parameter's value in one configuration mode. */
export interface ParamModeValue {
  readonly cmode: ParamCmode | UnknownEnumValue;
  /** Undefined only when the kernel sent data we could not read for the declared type. */
  readonly value: ParamValue | undefined;
  /** The default value, when the kernel reports it (kernels newer than 6.12). */
  readonly defaultValue?: ParamValue;
}

/** A device parameter. */
export interface DevlinkParam {
  /** Device handle `bus/device`. */
  readonly handle: string;
  readonly busName: string;
  readonly deviceName: string;
  readonly name: string;
  /** True for a generic (documented, cross-driver) parameter, false for a driver-specific one. */
  readonly generic: boolean;
  readonly type: ParamType | UnknownEnumValue;
  readonly values: readonly ParamModeValue[];
  readonly attributes: AttributeTree;
}

/** Port function capabilities; a field is present only when the driver reports that bit. */
export interface PortFunctionCaps {
  readonly roce?: boolean;
  readonly migratable?: boolean;
  readonly ipsecCrypto?: boolean;
  readonly ipsecPacket?: boolean;
  /** The raw bitfield32 (value and selector), including bits newer than this table. */
  readonly raw: Bitfield32;
}

/** The function behind a port (the PF, VF or SF it represents on the eswitch). */
export interface DevlinkPortFunction {
  /** MAC address as `aa:bb:cc:dd:ee:ff` (any length, colon-separated hex). */
  readonly hwAddr?: string;
  readonly state?: PortFunctionState | UnknownEnumValue;
  readonly opstate?: PortFunctionOpstate | UnknownEnumValue;
  readonly caps?: PortFunctionCaps;
  readonly maxIoEqs?: number;
  /** The function's own devlink instance (an SF's `auxiliary/...`), once its driver registered it. */
  readonly devlink?: NestedDevlinkHandle;
  readonly attributes: AttributeTree;
}

/** A devlink port. */
export interface DevlinkPort {
  /** `bus/device/index`. */
  readonly handle: string;
  readonly busName: string;
  readonly deviceName: string;
  readonly portIndex: number;
  /** @deprecated The same number as `portIndex` (the name before 0.2). */
  readonly index: number;
  readonly type?: PortType | UnknownEnumValue;
  readonly desiredType?: PortType | UnknownEnumValue;
  readonly netdevIfindex?: number;
  readonly netdevName?: string;
  readonly ibdevName?: string;
  readonly flavour?: PortFlavour | UnknownEnumValue;
  /** Physical port number (physical, cpu, dsa flavours). */
  readonly portNumber?: number;
  readonly splitCount?: number;
  readonly splitGroup?: number;
  readonly splitSubportNumber?: number;
  readonly lanes?: number;
  readonly splittable?: boolean;
  readonly controller?: number;
  readonly external?: boolean;
  readonly pfnum?: number;
  readonly vfnum?: number;
  /** SF number, full u32. */
  readonly sfnum?: number;
  readonly linecardIndex?: number;
  readonly function?: DevlinkPortFunction;
  readonly attributes: AttributeTree;
}

/** One traffic-class bandwidth share of a rate object. */
export interface RateTcBandwidth {
  readonly index: number;
  readonly bw: number;
}

/** A rate object: a leaf (a port) or a node (a named group). */
export interface DevlinkRate {
  /** `bus/device/index` for a leaf, `bus/device/node` for a node. */
  readonly handle: string;
  readonly busName: string;
  readonly deviceName: string;
  readonly type: RateType | UnknownEnumValue;
  /** Port index, for leaves. */
  readonly portIndex?: number;
  /** @deprecated The same number as `portIndex` (the name before 0.2). */
  readonly index?: number;
  /** Node name, for nodes. */
  readonly nodeName?: string;
  /** Minimum guaranteed rate, bytes per second. */
  readonly txShare?: bigint;
  /** Maximum rate, bytes per second. */
  readonly txMax?: bigint;
  readonly txPriority?: number;
  readonly txWeight?: number;
  /** Parent node name, when the object has a parent. */
  readonly parent?: string;
  readonly tcBandwidths?: readonly RateTcBandwidth[];
  readonly attributes: AttributeTree;
}

/** What a reload did. */
export interface ReloadResult {
  readonly actionsPerformed: readonly (ReloadAction | UnknownEnumValue)[];
  readonly attributes: AttributeTree;
}
