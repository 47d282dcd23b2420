import type { Devlink } from '../devlink/client.js';
import type { ReloadNetns } from '../devlink/ops/reload.js';
import type { DeviceArg } from './args/handles.js';
import type { HealthBackend } from './backend-health.js';
import type { TrapBackend } from './backend-trap.js';
import type { RegionBackend } from './backend-region.js';
import type { ResourceBackend } from './backend-resource.js';
import type { FlashBackend } from './backend-flash.js';
import type { SbBackend } from './backend-sb.js';
import type { DpipeBackend } from './backend-dpipe.js';
import type { LinecardBackend } from './backend-linecard.js';
import type { SelftestsBackend } from './backend-selftests.js';
import type { PortParamBackend } from './backend-port-param.js';
import type { ObjectMonitorEvent } from './backend-monitor-objects.js';
import type {
  DeviceView,
  EswitchView,
  InfoView,
  ParamView,
  PortView,
  RateView,
  ReloadResultView,
} from './output/views.js';

/** A port addressed by index. */
export type PortRef = DeviceArg & { portIndex: number };
/** A rate object: a port leaf or a named node. */
export type RateRef = (DeviceArg & { portIndex: number; nodeName?: undefined }) | (DeviceArg & { nodeName: string });

/** Settable rate attributes (bytes/s for rates). `parent: ''` clears the parent. */
export interface RateSettings {
  txShare?: bigint;
  txMax?: bigint;
  txPriority?: number;
  txWeight?: number;
  parent?: string;
  tcBandwidths?: number[];
}

/** Settable port function attributes. */
export interface PortFunctionSettings {
  hwAddr?: Uint8Array;
  caps?: { value: number; selector: number };
  maxIoEqs?: number;
  state?: number;
}

/** A configuration notification, decoded for printing. */
export type MonitorEvent =
  | { kind: 'dev'; command: number; view: DeviceView }
  | { kind: 'port'; command: number; view: PortView }
  | { kind: 'param'; command: number; view: ParamView }
  | { kind: 'rate'; command: number; view: RateView }
  | ObjectMonitorEvent
  | { kind: 'other'; object: string; command: number; handle?: DeviceArg }
  | { kind: 'resync'; reason: string };

/**
 * Everything the CLI asks of devlink, in the CLI's own terms (views with wire values).
 *
 * Why a seam: the CLI's grammar, printers and error mapping are tested in-process against the
 * library client on the fake kernel through this interface (`main(argv, { openBackend })`), and
 * the adapter from the library's typed results lives in one file (`devlink-backend.ts`).
 */
export interface DevlinkBackend {
  /** The library client behind this backend (commands written on the library use it directly). */
  readonly client?: Devlink;
  listDevices(): Promise<DeviceView[]>;
  getDevice(dev: DeviceArg): Promise<DeviceView>;
  getEswitch(dev: DeviceArg): Promise<EswitchView>;
  setEswitch(dev: DeviceArg, settings: { mode?: number; inlineMode?: number; encapMode?: number }): Promise<void>;
  listInfo(dev?: DeviceArg): Promise<InfoView[]>;
  listParams(dev?: DeviceArg): Promise<ParamView[]>;
  getParam(dev: DeviceArg, name: string): Promise<ParamView>;
  /** Sets a parameter; `value` is already typed by the parameter's type (or undefined for reset). */
  setParam(
    dev: DeviceArg,
    name: string,
    cmode: number,
    type: number,
    value: number | bigint | string | boolean | undefined,
  ): Promise<void>;
  reload(
    dev: DeviceArg,
    options: { netns?: ReloadNetns; action?: number; limit?: number },
  ): Promise<ReloadResultView | undefined>;
  listPorts(dev?: DeviceArg): Promise<PortView[]>;
  getPort(port: PortRef): Promise<PortView>;
  setPortType(port: PortRef, type: number): Promise<void>;
  splitPort(port: PortRef, count: number): Promise<void>;
  unsplitPort(port: PortRef): Promise<void>;
  addPort(
    dev: DeviceArg,
    options: { portIndex?: number; flavour: number; pfnum: number; sfnum?: number; controller?: number },
  ): Promise<PortView | undefined>;
  setPortFunction(port: PortRef, settings: PortFunctionSettings): Promise<void>;
  deletePort(port: PortRef): Promise<void>;
  listRates(dev?: DeviceArg): Promise<RateView[]>;
  getRate(rate: RateRef): Promise<RateView>;
  setRate(rate: RateRef, settings: RateSettings): Promise<void>;
  addRateNode(node: DeviceArg & { nodeName: string }, settings: RateSettings): Promise<void>;
  deleteRateNode(node: DeviceArg & { nodeName: string }): Promise<void>;
  /**
   * Delivers configuration notifications to `listener`; resolves once the subscription is active
   * (so nothing that happens afterwards can be missed) with a function that ends it.
   */
  subscribe(listener: (event: MonitorEvent) => void): Promise<() => void>;
  /** Health reporters (`health ...`); the adapter is loaded on first use. */
  health(): Promise<HealthBackend>;
  /** Traps, trap groups and trap policers (`trap ...`); loaded on first use. */
  trap(): Promise<TrapBackend>;
  /** Regions and their snapshots (`region ...`); loaded on first use. */
  region(): Promise<RegionBackend>;
  /** The resource tree and sizes (`resource ...`); loaded on first use. */
  resource(): Promise<ResourceBackend>;
  /** Firmware flash with progress (`dev flash`); loaded on first use. */
  flash(): Promise<FlashBackend>;
  /** Shared buffers (`sb ...`); loaded on first use. */
  sb(): Promise<SbBackend>;
  /** dpipe tables, entries and headers (`dpipe ...`); loaded on first use. */
  dpipe(): Promise<DpipeBackend>;
  /** Line card slots (`lc ...`); loaded on first use. */
  linecard(): Promise<LinecardBackend>;
  /** Device selftests (`dev selftests ...`); loaded on first use. */
  selftests(): Promise<SelftestsBackend>;
  /** Port parameters (`port param ...`); loaded on first use. */
  portParam(): Promise<PortParamBackend>;
  close(): Promise<void> | void;
}

/** Opens the backend (devlink socket) with the global options that affect it. */
/** How the CLI opens devlink: the netns of `-N`, and where the kernel's warnings go (stderr). */
export interface BackendOpenOptions {
  netns?: string;
  /** Receives an extended-ACK warning text of an accepted request. */
  onWarning?: (message: string) => void;
}

export type BackendFactory = (options: BackendOpenOptions) => Promise<DevlinkBackend>;
