/**
 * `Devlink`: the typed, promise-based devlink client.
 *
 * Why one class over small modules: users want `const dl = await Devlink.open(); await
 * dl.addPort(...)`; each method is a thin delegation to the module for its object (./ops/*), which
 * validates input before anything is sent and decodes replies into typed objects that also carry
 * the kernel's full attribute tree.
 */
import { GenlConnection } from '../genl/connection.js';
import { NetlinkConnection } from '../netlink/connection.js';
import { openSocketTransport } from '../netlink/socket-transport.js';
import type { NetlinkTransport } from '../netlink/transport.js';
import type { NetlinkExtendedAck } from '../netlink/errors.js';
import type { DeviceHandle, DeviceOrPortHandle, PortHandleInput, RateHandle, RateNodeHandle } from './handles.js';
import type { FmsgItem, FmsgValue } from './fmsg.js';
import { getDevice, listDevices } from './ops/devices.js';
import { getEswitch, setEswitch, type EswitchSettings } from './ops/eswitch.js';
import { DevlinkEventStream, type EventStreamOptions } from './ops/events.js';
import {
  clearHealthReporterDump, diagnoseHealthReporter, diagnoseHealthReporterItems, dumpHealthReporter,
  dumpHealthReporterItems, getHealthReporter, listHealthReporters,
  recoverHealthReporter, setHealthReporter, testHealthReporter, type DevlinkHealthReporter, type HealthReporterSettings,
} from './ops/health.js';
import { getInfo, listInfo } from './ops/info.js';
import { setNotifyFilter, type NotifyFilter } from './ops/notify-filter.js';
import { getParam, listParams, setParam, type ParamSetting } from './ops/params.js';
import { setPortFunction, type PortFunctionSettings } from './ops/port-function.js';
import { getPort, listPorts, setPortType, splitPort, unsplitPort } from './ops/ports.js';
import { addRateNode, deleteRateNode, getRate, listRates, setRate, type RateSettings } from './ops/rates.js';
import {
  deleteRegionSnapshot, getRegion, listRegions, newRegionSnapshot, readRegion, type DevlinkRegion, type RegionReadResult,
  type RegionSource,
} from './ops/regions.js';
import { reload, type ReloadOptions } from './ops/reload.js';
import { getResources, setResourceSize, type DevlinkResources } from './ops/resources.js';
import { listDeviceSelftests, listSelftests, runSelftests, type SelftestResult } from './ops/selftests.js';
import { getLinecard, listLinecards, setLinecardType, type DevlinkLinecard } from './ops/linecards.js';
import { waitForLinecardState } from './ops/linecard-wait.js';
import { getPortParam, listPortParams, setPortParam, type DevlinkPortParam } from './ops/port-params.js';
import { flash, type FlashOptions } from './ops/flash.js';
import {
  getTrap, getTrapGroup, getTrapPolicer, listTrapGroups, listTrapPolicers, listTraps, setTrap, setTrapGroup,
  setTrapPolicer, type DevlinkTrap, type DevlinkTrapGroup, type DevlinkTrapPolicer, type TrapAction,
} from './ops/traps.js';
import { addPort, deletePort, type AddPortOptions } from './ops/sf.js';
import {
  clearSbOccupancyMax, getSbPool, getSbPortPool, getSbTcBinding, getSharedBuffer, listSbPools, listSbPortPools,
  listSbTcBindings, listSharedBuffers, setSbPool, setSbPortPool, setSbTcBinding, snapshotSbOccupancy,
  type DevlinkSbPool, type DevlinkSbPortPool, type DevlinkSbTcBinding, type DevlinkSharedBuffer, type SbListFilter,
  type SbPoolSettings, type SbPoolType, type SbTcBindingSettings,
} from './ops/shared-buffers.js';
import {
  getDpipeEntries, getDpipeHeaders, getDpipeTables, setDpipeTableCounters, type DevlinkDpipeEntry,
  type DevlinkDpipeHeaders, type DevlinkDpipeTable,
} from './ops/dpipe.js';
import { waitForDevice, waitForFunctionOpstate, waitForPort, type WaitOptions } from './ops/wait.js';
import { DevlinkSession, type DevlinkMessage } from './session.js';
import { DEVLINK_CMD, DEVLINK_FAMILY_NAME, type DevlinkCommandName } from './spec/commands.js';
import type { EncodeObject } from './codec.js';
import { DevlinkInputError } from './errors.js';
import type {
  CallOptions, DevlinkDevice, DevlinkEswitch, DevlinkInfo, DevlinkParam, DevlinkPort, DevlinkRate,
  PortFunctionOpstate, PortType, ReloadResult,
  DeviceIdentity,
} from './types.js';

function commandNumber(command: DevlinkCommandName | number): number {
  if (typeof command === 'number' && Number.isInteger(command) && command > 0 && command <= 0xff) return command;
  if (typeof command === 'string' && Object.hasOwn(DEVLINK_CMD, command)) return DEVLINK_CMD[command];
  throw new DevlinkInputError('command', command, `unknown devlink command ${JSON.stringify(command)}`);
}

/** Options of {@link Devlink.open}. */
export interface DevlinkOpenOptions {
  /**
   * Network namespace to talk to: a name under /var/run/netns or an absolute path. devlink
   * instances belong to a namespace (and move with `reload netns`).
   */
  netns?: string;
  /** A transport to use instead of a kernel socket (tests: the fake kernel). */
  transport?: NetlinkTransport;
  /** Default per-request timeout in milliseconds (default 10000). */
  timeoutMs?: number;
  /** How often an interrupted dump is retried before failing (default 5). */
  dumpRetries?: number;
  /**
   * Receives the kernel's extended-ACK warnings on accepted requests (the library never prints;
   * the CLI prints them as iproute2 does: `Warning: <message>.`).
   */
  onWarning?: (warning: NetlinkExtendedAck) => void;
}

/** A devlink client over one netlink socket. */
export class Devlink {
  private constructor(
    /** The underlying session (genl connection and resolved family), for advanced use. */
    readonly session: DevlinkSession,
  ) {}

  /**
   * Opens a socket (or uses the given transport), resolves the "devlink" family once.
   * @throws GenlFamilyNotFoundError (code ENOENT) when the kernel has no devlink support
   */
  static async open(options: DevlinkOpenOptions = {}): Promise<Devlink> {
    const transport = options.transport ?? openSocketTransport(options.netns !== undefined ? { netns: options.netns } : {});
    const genl = new GenlConnection(new NetlinkConnection(transport, {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.dumpRetries !== undefined ? { dumpRetries: options.dumpRetries } : {}),
    }));
    try {
      const family = await genl.resolveFamily(DEVLINK_FAMILY_NAME);
      return new Devlink(new DevlinkSession(genl, family, options.onWarning));
    } catch (error) {
      genl.close();
      throw error;
    }
  }

  /** Closes the socket; pending requests reject and event streams end. */
  close(): void {
    this.session.close();
  }

  // Any command

  /**
   * Sends any devlink command as a `do` request and returns the decoded replies. Why: every object
   * the typed methods do not cover yet (health reporters, regions, traps, shared buffers, line
   * cards, selftests, flash) is still reachable, with the same validation of attribute names and
   * values, extended-ACK paths and decoded trees.
   */
  async request(command: DevlinkCommandName | number, attributes: EncodeObject = {}, call?: CallOptions): Promise<DevlinkMessage[]> {
    return this.session.request(commandNumber(command), attributes, call);
  }

  /** Dumps any devlink command and returns every decoded part. */
  async dump(command: DevlinkCommandName | number, attributes: EncodeObject = {}, call?: CallOptions): Promise<DevlinkMessage[]> {
    return this.session.dumpAll(commandNumber(command), attributes, call);
  }

  // Devices

  /** Lists every devlink instance (one dump). */
  listDevices(call?: CallOptions): Promise<DevlinkDevice[]> {
    return listDevices(this.session, call);
  }

  /** Gets one devlink instance (`pci/0000:06:00.0`). */
  getDevice(device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkDevice> {
    return getDevice(this.session, device, call);
  }

  // Eswitch

  /** Reads the eswitch mode, inline mode and encapsulation mode. */
  getEswitch(device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkEswitch> {
    return getEswitch(this.session, device, call);
  }

  /** Sets any of eswitch mode, inline mode, encapsulation mode in one request. */
  setEswitch(device: string | DeviceHandle, settings: EswitchSettings, call?: CallOptions): Promise<void> {
    return setEswitch(this.session, device, settings, call);
  }

  // Info

  /** Driver name, serial numbers and versions of one device. */
  getInfo(device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkInfo> {
    return getInfo(this.session, device, call);
  }

  /** Info of every device (one dump). */
  listInfo(call?: CallOptions): Promise<DevlinkInfo[]> {
    return listInfo(this.session, call);
  }

  // Params

  /** Parameters of one device or of all (one dump). */
  listParams(device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkParam[]> {
    return listParams(this.session, device, call);
  }

  /** One parameter by name. */
  getParam(device: string | DeviceHandle, name: string, call?: CallOptions): Promise<DevlinkParam> {
    return getParam(this.session, device, name, call);
  }

  /** Sets a parameter in one cmode; the value is checked against the parameter's type. */
  setParam(device: string | DeviceHandle, name: string, setting: ParamSetting, call?: CallOptions): Promise<void> {
    return setParam(this.session, device, name, setting, call);
  }

  // Reload

  /** Reloads a device (action, limit, optionally into another netns). */
  reload(device: string | DeviceHandle, options?: ReloadOptions, call?: CallOptions): Promise<ReloadResult> {
    return reload(this.session, device, options, call);
  }

  // Ports

  /** Ports of all devices or of one device (one dump). */
  listPorts(device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkPort[]> {
    return listPorts(this.session, device, call);
  }

  /** One port (`pci/0000:06:00.0/32768`). */
  getPort(port: string | PortHandleInput, call?: CallOptions): Promise<DevlinkPort> {
    return getPort(this.session, port, call);
  }

  /** Sets a port's type (eth, ib, auto). */
  setPortType(port: string | PortHandleInput, type: PortType, call?: CallOptions): Promise<void> {
    return setPortType(this.session, port, type, call);
  }

  /** Splits a port into `count` ports. */
  splitPort(port: string | PortHandleInput, count: number, call?: CallOptions): Promise<void> {
    return splitPort(this.session, port, count, call);
  }

  /** Undoes a port split. */
  unsplitPort(port: string | PortHandleInput, call?: CallOptions): Promise<void> {
    return unsplitPort(this.session, port, call);
  }

  // SF lifecycle

  /** Creates a port (an SF: flavour pcisf, pfnum, sfnum); resolves with the created port. */
  addPort(device: string | DeviceHandle, options: AddPortOptions, call?: CallOptions): Promise<DevlinkPort> {
    return addPort(this.session, device, options, call);
  }

  /** Sets any subset of hw address, caps, max IO EQs and state, in one request. */
  setPortFunction(port: string | PortHandleInput, settings: PortFunctionSettings, call?: CallOptions): Promise<void> {
    return setPortFunction(this.session, port, settings, call);
  }

  /** Deletes a port. */
  deletePort(port: string | PortHandleInput, call?: CallOptions): Promise<void> {
    return deletePort(this.session, port, call);
  }

  // Rates

  /** Rate leaves and nodes of all devices or of one (one dump). */
  listRates(device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkRate[]> {
    return listRates(this.session, device, call);
  }

  /** One rate object: `bus/dev/<port index>` (leaf) or `bus/dev/<node name>`. */
  getRate(rate: string | RateHandle, call?: CallOptions): Promise<DevlinkRate> {
    return getRate(this.session, rate, call);
  }

  /** Sets tx_share/tx_max (bytes/s, bigint), tx_priority, tx_weight, parent (null clears it). */
  setRate(rate: string | RateHandle, settings: RateSettings, call?: CallOptions): Promise<void> {
    return setRate(this.session, rate, settings, call);
  }

  /** Creates a rate node, optionally with settings. */
  addRateNode(node: string | RateNodeHandle, settings?: RateSettings, call?: CallOptions): Promise<void> {
    return addRateNode(this.session, node, settings, call);
  }

  /** Deletes a rate node. */
  deleteRateNode(node: string | RateNodeHandle, call?: CallOptions): Promise<void> {
    return deleteRateNode(this.session, node, call);
  }

  // Health reporters

  /** Health reporters of all devices, of one device or of one port (`bus/dev/index`). */
  listHealthReporters(target?: string | DeviceOrPortHandle, call?: CallOptions): Promise<DevlinkHealthReporter[]> {
    return listHealthReporters(this.session, target, call);
  }

  /** One health reporter of a device or port. */
  getHealthReporter(target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<DevlinkHealthReporter> {
    return getHealthReporter(this.session, target, reporter, call);
  }

  /** Sets grace period, auto recover, auto dump, burst period. */
  setHealthReporter(target: string | DeviceOrPortHandle, reporter: string, settings: HealthReporterSettings, call?: CallOptions): Promise<void> {
    return setHealthReporter(this.session, target, reporter, settings, call);
  }

  /** Recovers now. */
  recoverHealthReporter(target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<void> {
    return recoverHealthReporter(this.session, target, reporter, call);
  }

  /** The driver's diagnosis, as an fmsg tree. */
  diagnoseHealthReporter(target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<FmsgValue> {
    return diagnoseHealthReporter(this.session, target, reporter, call);
  }

  /** The driver's diagnosis as the flat fmsg stream, in the driver's order (for exact printers). */
  diagnoseHealthReporterItems(target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<FmsgItem[]> {
    return diagnoseHealthReporterItems(this.session, target, reporter, call);
  }

  /** The stored dump (taken now if none is stored), as an fmsg tree. */
  dumpHealthReporter(target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<FmsgValue> {
    return dumpHealthReporter(this.session, target, reporter, call);
  }

  /** The stored dump as the flat fmsg stream (see {@link diagnoseHealthReporterItems}). */
  dumpHealthReporterItems(target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<FmsgItem[]> {
    return dumpHealthReporterItems(this.session, target, reporter, call);
  }

  /** Discards the stored dump. */
  clearHealthReporterDump(target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<void> {
    return clearHealthReporterDump(this.session, target, reporter, call);
  }

  /** Triggers the driver's test error. */
  testHealthReporter(target: string | DeviceOrPortHandle, reporter: string, call?: CallOptions): Promise<void> {
    return testHealthReporter(this.session, target, reporter, call);
  }

  // Traps

  /** Traps of every device or of one, with statistics. */
  listTraps(device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkTrap[]> {
    return listTraps(this.session, device, call);
  }

  /** One trap by name. */
  getTrap(device: string | DeviceHandle, trap: string, call?: CallOptions): Promise<DevlinkTrap> {
    return getTrap(this.session, device, trap, call);
  }

  /** Sets a trap's action (drop, trap, mirror). */
  setTrap(device: string | DeviceHandle, trap: string, settings: { action: TrapAction }, call?: CallOptions): Promise<void> {
    return setTrap(this.session, device, trap, settings, call);
  }

  /** Trap groups of every device or of one. */
  listTrapGroups(device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkTrapGroup[]> {
    return listTrapGroups(this.session, device, call);
  }

  /** One trap group by name. */
  getTrapGroup(device: string | DeviceHandle, group: string, call?: CallOptions): Promise<DevlinkTrapGroup> {
    return getTrapGroup(this.session, device, group, call);
  }

  /** Sets a group's action and/or its policer (0 unbinds). */
  setTrapGroup(device: string | DeviceHandle, group: string, settings: { action?: TrapAction; policerId?: number }, call?: CallOptions): Promise<void> {
    return setTrapGroup(this.session, device, group, settings, call);
  }

  /** Trap policers of every device or of one. */
  listTrapPolicers(device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkTrapPolicer[]> {
    return listTrapPolicers(this.session, device, call);
  }

  /** One trap policer by id. */
  getTrapPolicer(device: string | DeviceHandle, id: number, call?: CallOptions): Promise<DevlinkTrapPolicer> {
    return getTrapPolicer(this.session, device, id, call);
  }

  /** Sets a policer's rate and/or burst. */
  setTrapPolicer(device: string | DeviceHandle, id: number, settings: { rate?: bigint | number; burst?: bigint | number }, call?: CallOptions): Promise<void> {
    return setTrapPolicer(this.session, device, id, settings, call);
  }

  // Regions

  /** Regions of every device, of one device or of one port, with their snapshot ids. */
  listRegions(target?: string | DeviceOrPortHandle, call?: CallOptions): Promise<DevlinkRegion[]> {
    return listRegions(this.session, target, call);
  }

  /** One region. */
  getRegion(target: string | DeviceOrPortHandle, region: string, call?: CallOptions): Promise<DevlinkRegion> {
    return getRegion(this.session, target, region, call);
  }

  /** Takes a snapshot (the kernel picks the id unless given); resolves with the id. */
  newRegionSnapshot(target: string | DeviceOrPortHandle, region: string, options?: { snapshotId?: number }, call?: CallOptions): Promise<number> {
    return newRegionSnapshot(this.session, target, region, options, call);
  }

  /** Deletes a snapshot. */
  deleteRegionSnapshot(target: string | DeviceOrPortHandle, region: string, snapshotId: number, call?: CallOptions): Promise<void> {
    return deleteRegionSnapshot(this.session, target, region, snapshotId, call);
  }

  /** Reads a snapshot or the live region, whole or `length` bytes from `address`. */
  readRegion(target: string | DeviceOrPortHandle, region: string, source: RegionSource, range?: { address?: bigint | number; length?: bigint | number }, call?: CallOptions): Promise<RegionReadResult> {
    return readRegion(this.session, target, region, source, range, call);
  }

  // Shared buffers

  /** Shared buffers of every device or of one (`filter.sbIndex`: only that buffer). */
  listSharedBuffers(device?: string | DeviceHandle, filter?: SbListFilter, call?: CallOptions): Promise<DevlinkSharedBuffer[]> {
    return listSharedBuffers(this.session, device, filter, call);
  }

  /** One shared buffer. */
  getSharedBuffer(device: string | DeviceHandle, sbIndex: number, call?: CallOptions): Promise<DevlinkSharedBuffer> {
    return getSharedBuffer(this.session, device, sbIndex, call);
  }

  /** Shared-buffer pools of every device or of one. */
  listSbPools(device?: string | DeviceHandle, filter?: SbListFilter, call?: CallOptions): Promise<DevlinkSbPool[]> {
    return listSbPools(this.session, device, filter, call);
  }

  /** One pool. */
  getSbPool(device: string | DeviceHandle, sbIndex: number, pool: number, call?: CallOptions): Promise<DevlinkSbPool> {
    return getSbPool(this.session, device, sbIndex, pool, call);
  }

  /** Sets a pool's size and threshold type. */
  setSbPool(device: string | DeviceHandle, sbIndex: number, pool: number, settings: SbPoolSettings, call?: CallOptions): Promise<void> {
    return setSbPool(this.session, device, sbIndex, pool, settings, call);
  }

  /** Port pool thresholds, with occupancy after a snapshot, of every device, one device or one port. */
  listSbPortPools(target?: string | DeviceOrPortHandle, filter?: SbListFilter, call?: CallOptions): Promise<DevlinkSbPortPool[]> {
    return listSbPortPools(this.session, target, filter, call);
  }

  /** A port's threshold (and occupancy) on one pool. */
  getSbPortPool(port: string | PortHandleInput, sbIndex: number, pool: number, call?: CallOptions): Promise<DevlinkSbPortPool> {
    return getSbPortPool(this.session, port, sbIndex, pool, call);
  }

  /** Sets a port's threshold on one pool. */
  setSbPortPool(port: string | PortHandleInput, sbIndex: number, pool: number, threshold: number, call?: CallOptions): Promise<void> {
    return setSbPortPool(this.session, port, sbIndex, pool, threshold, call);
  }

  /** Traffic-class bindings, with occupancy after a snapshot, of every device, one device or one port. */
  listSbTcBindings(target?: string | DeviceOrPortHandle, filter?: SbListFilter, call?: CallOptions): Promise<DevlinkSbTcBinding[]> {
    return listSbTcBindings(this.session, target, filter, call);
  }

  /** The binding of one traffic class of a port in one direction. */
  getSbTcBinding(port: string | PortHandleInput, sbIndex: number, tc: number, type: SbPoolType, call?: CallOptions): Promise<DevlinkSbTcBinding> {
    return getSbTcBinding(this.session, port, sbIndex, tc, type, call);
  }

  /** Binds a traffic class of a port to a pool with a threshold. */
  setSbTcBinding(port: string | PortHandleInput, sbIndex: number, tc: number, type: SbPoolType, settings: SbTcBindingSettings, call?: CallOptions): Promise<void> {
    return setSbTcBinding(this.session, port, sbIndex, tc, type, settings, call);
  }

  /** Takes an occupancy snapshot of a shared buffer (read it with the port-pool and tc-binding lists). */
  snapshotSbOccupancy(device: string | DeviceHandle, sbIndex: number, call?: CallOptions): Promise<void> {
    return snapshotSbOccupancy(this.session, device, sbIndex, call);
  }

  /** Resets a shared buffer's maximum occupancy figures. */
  clearSbOccupancyMax(device: string | DeviceHandle, sbIndex: number, call?: CallOptions): Promise<void> {
    return clearSbOccupancyMax(this.session, device, sbIndex, call);
  }

  // dpipe

  /** A device's dpipe tables, or the one named. */
  getDpipeTables(device: string | DeviceHandle, table?: string, call?: CallOptions): Promise<DevlinkDpipeTable[]> {
    return getDpipeTables(this.session, device, table, call);
  }

  /** The entries of one dpipe table. */
  getDpipeEntries(device: string | DeviceHandle, table: string, call?: CallOptions): Promise<DevlinkDpipeEntry[]> {
    return getDpipeEntries(this.session, device, table, call);
  }

  /** The headers and fields a device's dpipe tables refer to. */
  getDpipeHeaders(device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkDpipeHeaders> {
    return getDpipeHeaders(this.session, device, call);
  }

  /** Turns a dpipe table's entry counters on or off. */
  setDpipeTableCounters(device: string | DeviceHandle, table: string, enabled: boolean, call?: CallOptions): Promise<void> {
    return setDpipeTableCounters(this.session, device, table, enabled, call);
  }

  // Resources, selftests, flash

  /** A device's resource tree. */
  getResources(device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkResources> {
    return getResources(this.session, device, call);
  }

  /** Sets a resource's size by path (`/kvd/linear`) or id; it applies at the next reload. */
  setResourceSize(device: string | DeviceHandle, resource: string | bigint, size: bigint | number, call?: CallOptions): Promise<void> {
    return setResourceSize(this.session, device, resource, size, call);
  }

  /** The selftests a device offers. */
  listSelftests(device: string | DeviceHandle, call?: CallOptions): Promise<string[]> {
    return listSelftests(this.session, device, call);
  }

  /** The selftests one device offers, or those of every device that offers any (a dump). */
  listDeviceSelftests(device?: string | DeviceHandle, call?: CallOptions): Promise<(DeviceIdentity & { tests: string[] })[]> {
    return listDeviceSelftests(this.session, device, call);
  }

  /** Runs selftests (all offered when none named). */
  runSelftests(device: string | DeviceHandle, tests?: readonly string[], call?: CallOptions): Promise<SelftestResult[]> {
    return runSelftests(this.session, device, tests, call);
  }

  // Line cards

  /** Line card slots of every device, or of one. */
  listLinecards(device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkLinecard[]> {
    return listLinecards(this.session, device, call);
  }

  /** One line card slot. */
  getLinecard(device: string | DeviceHandle, index: number, call?: CallOptions): Promise<DevlinkLinecard> {
    return getLinecard(this.session, device, index, call);
  }

  /** Provisions a slot with a card type, or unprovisions it (`null`); provisioning goes on asynchronously. */
  setLinecardType(device: string | DeviceHandle, index: number, type: string | null, call?: CallOptions): Promise<void> {
    return setLinecardType(this.session, device, index, type, call);
  }

  /**
   * Waits by notifications until a slot is `provisioned` (or active), `active` or `unprovisioned`;
   * rejects with LinecardProvisioningError when provisioning fails, DevlinkWaitTimeoutError on timeout.
   */
  waitForLinecardState(device: string | DeviceHandle, index: number, state: 'provisioned' | 'active' | 'unprovisioned', options?: WaitOptions): Promise<DevlinkLinecard> {
    return waitForLinecardState(this.session, device, index, state, options);
  }

  // Port parameters (kernels since 6.4 refuse them: "Port params are not supported")

  /** Port parameters of every device, or of one. */
  listPortParams(device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkPortParam[]> {
    return listPortParams(this.session, device, call);
  }

  /** One port parameter. */
  getPortParam(port: string | PortHandleInput, name: string, call?: CallOptions): Promise<DevlinkPortParam> {
    return getPortParam(this.session, port, name, call);
  }

  /** Sets a port parameter's value in one configuration mode. */
  setPortParam(port: string | PortHandleInput, name: string, setting: ParamSetting, call?: CallOptions): Promise<void> {
    return setPortParam(this.session, port, name, setting, call);
  }

  /** Flashes firmware, reporting progress notifications to `onProgress`. */
  flash(device: string | DeviceHandle, options: FlashOptions, call?: CallOptions): Promise<void> {
    return flash(this.session, device, options, call);
  }

  // Events

  /**
   * Decoded notifications of the "config" group, as an async iterable. Listening starts now
   * (events are buffered until read); `break`, `close()` or the signal end it. On lost events the
   * stream yields `{ kind: 'resync' }`: re-dump what you mirror.
   */
  events(options?: EventStreamOptions): DevlinkEventStream {
    return new DevlinkEventStream(this.session, options);
  }

  /**
   * Limits this socket's notifications to one device or one port (`null` clears the filter). It
   * applies to every event stream and wait of this client.
   */
  setNotifyFilter(filter: NotifyFilter, call?: CallOptions): Promise<void> {
    return setNotifyFilter(this.session, filter, call);
  }

  /** Waits until `predicate(port)` holds (undefined = the port does not exist), by notifications. */
  waitForPort(port: string | PortHandleInput, predicate: (port: DevlinkPort | undefined) => boolean, options?: WaitOptions): Promise<DevlinkPort | undefined> {
    return waitForPort(this.session, port, predicate, options);
  }

  /** Waits until a port's function opstate is `attached` (or `detached`), by notifications. */
  waitForFunctionOpstate(port: string | PortHandleInput, opstate: PortFunctionOpstate, options?: WaitOptions): Promise<DevlinkPort> {
    return waitForFunctionOpstate(this.session, port, opstate, options);
  }

  /** Waits until a devlink instance exists (or, with `present` false, is gone). */
  waitForDevice(device: string | DeviceHandle, present?: boolean, options?: WaitOptions): Promise<DevlinkDevice | undefined> {
    return waitForDevice(this.session, device, present, options);
  }
}
