/**
 * The state model of the fake devlink family and its encoders into kernel-shaped attribute bytes.
 *
 * Why separate from the request handlers: tests and CLI goldens build scenarios by editing this
 * state directly (devices, ports, rates, params), and the encoders write objects the way the 6.12
 * kernel fills them (attribute order, port-function nest without NLA_F_NESTED, caps only for the
 * bits the driver reports).
 */
import { AttributeWriter } from '../../src/netlink/attributes.js';
import { writeAttributes, type EncodeObject } from '../../src/devlink/codec.js';
import { attr } from '../../src/devlink/spec/index.js';
import { FakeKernelError } from './fake-kernel.js';

/** A port function as a driver reports it. */
export interface FakePortFunction {
  hwAddr: Uint8Array;
  /** Reported only by functions whose driver has a state op (SFs); absent for PFs and VFs. */
  state?: 'inactive' | 'active';
  opstate?: 'detached' | 'attached';
  /** Capability bits the driver reports for this port, and their values. */
  caps?: { roce?: boolean; migratable?: boolean; ipsecCrypto?: boolean; ipsecPacket?: boolean };
  maxIoEqs?: number;
  /** The function's own devlink instance once attached (`auxiliary/sfsim.sf.88`). */
  devlink?: string;
  /** Which setters the driver implements (default: all for SF/VF ports). */
  settable?: { hwAddr?: boolean; state?: boolean; roce?: boolean; migratable?: boolean; ipsecCrypto?: boolean; ipsecPacket?: boolean; maxIoEqs?: boolean };
}

/** A rate leaf's settings. */
export interface FakeRate {
  txShare: bigint;
  txMax: bigint;
  txPriority: number;
  txWeight: number;
  parent?: string;
}

/** A port. */
export interface FakePort {
  index: number;
  flavour: 'physical' | 'cpu' | 'dsa' | 'pcipf' | 'pcivf' | 'virtual' | 'unused' | 'pcisf';
  type: 'notset' | 'auto' | 'eth' | 'ib';
  desiredType?: 'auto' | 'eth' | 'ib';
  netdev?: { ifindex: number; name: string };
  portNumber?: number;
  lanes?: number;
  splittable: boolean;
  split?: { group: number; subport: number };
  controller?: number;
  external?: boolean;
  pfnum?: number;
  vfnum?: number;
  sfnum?: number;
  function?: FakePortFunction;
  /** Present when the port has a rate leaf. */
  rate?: FakeRate;
}

/** A rate node. */
export interface FakeRateNode extends FakeRate {
  name: string;
}

/** A device parameter. */
export interface FakeParam {
  name: string;
  generic: boolean;
  type: 'u8' | 'u16' | 'u32' | 'u64' | 'string' | 'bool';
  /** Supported cmodes and their current values. */
  values: Partial<Record<'runtime' | 'driverinit' | 'permanent', number | bigint | string | boolean>>;
}

/**
 * SF support of a device (port_new/port_del) and the driver traits that differ between drivers.
 * The optional traits are test/kmod/sfsim's behaviour (test/contract holds them to it); without
 * them a device keeps the fake's older generic driver (sequential port indexes, the SF's devlink
 * instance named after its sfnum, max_io_eqs 4), which unit tests and CLI goldens are written on.
 */
export interface FakeSfSupport {
  maxSfs: number;
  controllers: number[];
  pfnums: number[];
  nextIndex: number;
  maxIoEqsMax: number;
  /** sfsim: port index (controller << 16) + 32768 + the device's lowest free slot. */
  slotIndexes?: boolean;
  /** sfsim: the SF's instance is `auxiliary/<driver>.sf.<N>`, N the lowest free id among them (else the sfnum). */
  auxIds?: boolean;
  /** max_io_eqs of a new SF (default 4; sfsim 8). */
  maxIoEqsDefault?: number;
  /** sfsim: RoCE and max_io_eqs of an SF change only while it is inactive and detached (EBUSY). */
  frozenWhileActive?: boolean;
  /** sfsim: eswitch mode legacy is refused while SF ports exist (EBUSY). */
  legacyRefusedWithSfs?: boolean;
  /** sfsim: tx_priority and tx_weight ranges (ERANGE beyond). */
  txPriorityMax?: number;
  txWeightMax?: number;
  /**
   * sfsim (and any driver that registers an SF port, then its rate leaf, then its representor
   * netdev): the notifications 6.12 sends around an SF port's life. On add PORT_NEW with type
   * notset (devl_port_register), RATE_NEW (devl_rate_leaf_create), PORT_NEW with type eth and no
   * netdev (NETDEV_POST_INIT), PORT_NEW with the netdev (NETDEV_REGISTER); on delete an attached
   * SF's instance goes without a PORT_NEW for its opstate, then RATE_DEL, PORT_NEW without the
   * netdev (NETDEV_UNREGISTER), PORT_NEW with type notset (NETDEV_PRE_UNINIT), PORT_DEL. Without
   * it the generic driver announces one PORT_NEW and a PORT_DEL (CLI goldens are written on that).
   */
  registrationEvents?: boolean;
  /** Per-device attach/detach delays (ms), overriding the family's; stallAttach: never attaches. */
  attachDelayMs?: number;
  detachDelayMs?: number;
  stallAttach?: boolean;
}

/** A devlink instance. */
export interface FakeDevice {
  busName: string;
  deviceName: string;
  /** Driver name, used as the `<driver>: ` extack prefix like NL_SET_ERR_MSG_MOD. */
  driver: string;
  /** Eswitch ops the driver has: mode, and inline/encap modes only where present (netdevsim and sfsim have none). */
  eswitch?: { mode: number; inlineMode?: number; encapMode?: number };
  ports: Map<number, FakePort>;
  rateNodes: Map<string, FakeRateNode>;
  params: FakeParam[];
  info: { serial?: string; boardSerial?: string; fixed: [string, string][]; running: [string, string][]; stored: [string, string][] };
  /** SF support (port_new/port_del); absent: EOPNOTSUPP. */
  sf?: FakeSfSupport;
  /** Reload actions the driver supports. */
  reloadActions: ('driver_reinit' | 'fw_activate')[];
  /** Reload limits the driver supports (default no_reset, like mlx5; netdevsim has none). */
  reloadLimits?: 'no_reset'[];
  reloadCount: number;
  /** false: the driver has no port_split/port_unsplit ops (netdevsim, sfsim, objsim in 6.12): EOPNOTSUPP. */
  portSplit?: boolean;
  /** Rate nodes supported (switchdev only). */
  rateNodesSupported: boolean;
  /** Health reporters (device-wide, or per port with `portIndex`). */
  healthReporters: FakeHealthReporter[];
  /** Packet traps, trap groups and policers. */
  traps: FakeTrap[];
  trapGroups: FakeTrapGroup[];
  trapPolicers: FakeTrapPolicer[];
  /** Regions and the next snapshot id the "kernel" hands out. */
  regions: FakeRegion[];
  nextSnapshotId: number;
  /** Resource tree. */
  resources: FakeResource[];
  /** Selftests offered and the status each run returns. */
  selftests: Partial<Record<'flash', 'skip' | 'pass' | 'fail'>>;
  /** Firmware files the "firmware loader" finds, and the driver's flash traits. */
  flash?: FakeFlash;
}

/** One status notification a driver's flash_update sends (devlink_flash_update_status_notify or _timeout_notify). */
export interface FakeFlashStatus {
  message: string;
  component?: string;
  done?: bigint;
  total?: bigint;
  timeout?: bigint;
}

/**
 * A device's firmware flash: what the core checks (component names, overwrite masks, the file) and
 * what the driver then reports. Without `statuses`, the fake's generic driver reports a short
 * sequence unit tests and CLI goldens are written on; a preset (test/contract/fake-netdevsim.ts)
 * gives its driver's sequence, held to the kernel by test/contract/flash.ts.
 */
export interface FakeFlash {
  files: string[];
  /** The driver declares DEVLINK_SUPPORT_FLASH_UPDATE_OVERWRITE_MASK (else the core refuses masks). */
  overwriteMask: boolean;
  /** Overwrite sections the driver accepts (default all); others: EOPNOTSUPP without a message, after begin. */
  overwriteSections?: number;
  /** Versions the driver reports as components (DEVLINK_INFO_VERSION_TYPE_COMPONENT); unset: any component is taken. */
  components?: string[];
  /** The driver's status notifications for a flash of `component`. */
  statuses?: (component: string | undefined) => FakeFlashStatus[];
}

/** A resource. */
export interface FakeResource {
  name: string;
  id: bigint;
  size: bigint;
  sizeNew?: bigint;
  min: bigint;
  max: bigint;
  gran: bigint;
  occ?: bigint;
  children: FakeResource[];
}

/** A region: live contents, stored snapshots. */
export interface FakeRegion {
  name: string;
  portIndex?: number;
  maxSnapshots: number;
  /** Live contents (also its size). */
  data: Uint8Array;
  /** Whether `direct` reads and on-request snapshots are supported. */
  direct: boolean;
  snapshot: boolean;
  snapshots: Map<number, Uint8Array>;
}

/** A packet trap. */
export interface FakeTrap {
  name: string;
  group: string;
  type: 'drop' | 'exception' | 'control';
  generic: boolean;
  action: 'drop' | 'trap' | 'mirror';
  metadata: { inPort?: boolean; faCookie?: boolean };
  rxPackets: bigint;
  rxBytes: bigint;
}

/** A trap group. */
export interface FakeTrapGroup {
  name: string;
  generic: boolean;
  policerId?: number;
  rxPackets: bigint;
  rxBytes: bigint;
}

/** A trap policer. */
export interface FakeTrapPolicer {
  id: number;
  rate: bigint;
  burst: bigint;
  rxDropped: bigint;
}

/** One item of a health fmsg stream, in the kernel's vocabulary. */
export type FmsgItem =
  | ['obj'] | ['pair'] | ['arr'] | ['end'] | ['name', string]
  | ['u8' | 'u32' | 'flag', number] | ['u64', bigint] | ['str', string] | ['bin', Uint8Array];

/** A health reporter. */
export interface FakeHealthReporter {
  name: string;
  portIndex?: number;
  state: 'healthy' | 'error';
  errorCount: bigint;
  recoverCount: bigint;
  /** Present when the driver can recover (gracefulPeriod, autoRecover reported). */
  recover?: { gracefulPeriod: bigint; autoRecover: boolean };
  /**
   * Present when the driver can dump (autoDump reported): `items` is what a dump asked for by a user
   * holds; `stored` is the dump the core keeps (taken by a dump request or a report) until cleared.
   */
  dump?: { autoDump: boolean; items: FmsgItem[]; stored?: { ts: bigint; tsNs: bigint; items?: FmsgItem[] } };
  diagnose?: FmsgItem[];
  /**
   * Present when the driver has a `test` op, which reports an error (devlink_health_report) at
   * once or, `async`, from a work item after the request returns. `onTest(n)` runs on the n-th
   * test request and returns what the report's dump holds (default: `dump.items`).
   */
  test?: { async?: boolean; events?: number; onTest?: (events: number) => FmsgItem[] };
}

const CMODES = ['runtime', 'driverinit', 'permanent'] as const;
const PARAM_TYPES = { u8: 1, u16: 2, u32: 3, u64: 4, string: 5, bool: 6 } as const;
const FLAVOURS = ['physical', 'cpu', 'dsa', 'pcipf', 'pcivf', 'virtual', 'unused', 'pcisf'];
const TYPES = ['notset', 'auto', 'eth', 'ib'];

/** bus-name + dev-name. */
export function handleAttrs(device: FakeDevice): EncodeObject {
  return { 'bus-name': device.busName, 'dev-name': device.deviceName };
}

/** A device as DEVLINK_CMD_NEW (get reply / notification) carries it. */
export function encodeDevice(device: FakeDevice, nested: readonly string[] = []): Uint8Array {
  const w = new AttributeWriter();
  writeAttributes(w, 'devlink', {
    ...handleAttrs(device),
    'reload-failed': 0,
    'nested-devlink': nested.map((h) => {
      const [busName, deviceName] = h.split('/') as [string, string];
      return { 'bus-name': busName, 'dev-name': deviceName };
    }),
  });
  return w.finish();
}

function encodeFunction(fn: FakePortFunction): Uint8Array {
  const w = new AttributeWriter();
  const fields: Record<string, EncodeObject[string]> = { 'hw-addr': fn.hwAddr };
  if (fn.caps) {
    const bits: [keyof NonNullable<FakePortFunction['caps']>, number][] = [['roce', 0], ['migratable', 1], ['ipsecCrypto', 2], ['ipsecPacket', 3]];
    let value = 0;
    let selector = 0;
    for (const [key, bit] of bits) {
      const setting = fn.caps[key];
      if (setting === undefined) continue;
      selector |= 1 << bit;
      if (setting) value |= 1 << bit;
    }
    fields.caps = { value, selector };
  }
  writeAttributes(w, 'dl-port-function', {
    ...fields,
    state: fn.state,
    opstate: fn.opstate,
    'max-io-eqs': fn.maxIoEqs,
  });
  if (fn.devlink) {
    const [busName, deviceName] = fn.devlink.split('/') as [string, string];
    writeAttributes(w, 'dl-port-function', { devlink: { 'bus-name': busName, 'dev-name': deviceName } });
  }
  return w.finish();
}

/** A port as the kernel fills it (devlink_nl_port_fill order). */
export function encodePort(device: FakeDevice, port: FakePort): Uint8Array {
  const w = new AttributeWriter();
  writeAttributes(w, 'devlink', {
    ...handleAttrs(device),
    'port-index': port.index,
    'port-type': TYPES.indexOf(port.type),
    'port-desired-type': port.desiredType === undefined ? undefined : TYPES.indexOf(port.desiredType),
  });
  if (port.type === 'eth' && port.netdev) {
    writeAttributes(w, 'devlink', { 'port-netdev-ifindex': port.netdev.ifindex, 'port-netdev-name': port.netdev.name });
  }
  writeAttributes(w, 'devlink', {
    'port-lanes': port.lanes,
    'port-splittable': port.splittable ? 1 : 0,
    'port-flavour': FLAVOURS.indexOf(port.flavour),
  });
  switch (port.flavour) {
    case 'pcipf':
      writeAttributes(w, 'devlink', { 'port-controller-number': port.controller ?? 0, 'port-pci-pf-number': port.pfnum ?? 0, 'port-external': port.external ? 1 : 0 });
      break;
    case 'pcivf':
      writeAttributes(w, 'devlink', {
        'port-controller-number': port.controller ?? 0, 'port-pci-pf-number': port.pfnum ?? 0,
        'port-pci-vf-number': port.vfnum ?? 0, 'port-external': port.external ? 1 : 0,
      });
      break;
    case 'pcisf':
      writeAttributes(w, 'devlink', { 'port-controller-number': port.controller ?? 0, 'port-pci-pf-number': port.pfnum ?? 0, 'port-pci-sf-number': port.sfnum ?? 0 });
      break;
    case 'physical': case 'cpu': case 'dsa':
      writeAttributes(w, 'devlink', { 'port-number': port.portNumber ?? 0 });
      if (port.split) writeAttributes(w, 'devlink', { 'port-split-group': port.split.group, 'port-split-subport-number': port.split.subport });
      break;
    default:
      break;
  }
  // The kernel opens this nest with nla_nest_start_noflag: no NLA_F_NESTED on the wire.
  if (port.function) w.binary(attr('port-function'), encodeFunction(port.function));
  return w.finish();
}

/** A rate leaf or node as RATE_NEW carries it. */
export function encodeRate(device: FakeDevice, rate: FakeRate, leaf: { index: number } | { name: string }): Uint8Array {
  const w = new AttributeWriter();
  writeAttributes(w, 'devlink', {
    ...handleAttrs(device),
    ...('index' in leaf ? { 'port-index': leaf.index } : { 'rate-node-name': leaf.name }),
    'rate-type': 'index' in leaf ? 'leaf' : 'node',
    'rate-tx-share': rate.txShare,
    'rate-tx-max': rate.txMax,
    'rate-tx-priority': rate.txPriority,
    'rate-tx-weight': rate.txWeight,
    'rate-parent-node-name': rate.parent,
  });
  return w.finish();
}

function paramData(param: FakeParam, value: number | bigint | string | boolean): EncodeObject {
  switch (param.type) {
    case 'bool': return value ? { 'param-value-data': new Uint8Array(0) } : {};
    case 'string': {
      const text = new TextEncoder().encode(String(value));
      const bytes = new Uint8Array(text.length + 1);
      bytes.set(text);
      return { 'param-value-data': bytes };
    }
    default: {
      const width = { u8: 1, u16: 2, u32: 4, u64: 8 }[param.type];
      const bytes = new Uint8Array(width);
      const view = new DataView(bytes.buffer);
      if (width === 1) view.setUint8(0, Number(value));
      else if (width === 2) view.setUint16(0, Number(value), true);
      else if (width === 4) view.setUint32(0, Number(value), true);
      else view.setBigUint64(0, BigInt(value), true);
      return { 'param-value-data': bytes };
    }
  }
}

/** A parameter as PARAM_GET replies carry it. */
export function encodeParam(device: FakeDevice, param: FakeParam): Uint8Array {
  const values = CMODES.filter((c) => param.values[c] !== undefined).map((cmode) => ({
    'param-value-cmode': CMODES.indexOf(cmode),
    ...paramData(param, param.values[cmode]!),
  }));
  const w = new AttributeWriter();
  writeAttributes(w, 'devlink', {
    ...handleAttrs(device),
    param: {
      'param-name': param.name,
      'param-generic': param.generic,
      'param-type': PARAM_TYPES[param.type],
      'param-values-list': { 'param-value': values },
    },
  });
  return w.finish();
}

/** INFO_GET reply. */
export function encodeInfo(device: FakeDevice): Uint8Array {
  const version = (list: [string, string][]): EncodeObject[] => list.map(([name, value]) => ({ 'info-version-name': name, 'info-version-value': value }));
  const w = new AttributeWriter();
  writeAttributes(w, 'devlink', {
    ...handleAttrs(device),
    'info-driver-name': device.driver,
    'info-serial-number': device.info.serial,
    'info-board-serial-number': device.info.boardSerial,
    'info-version-fixed': version(device.info.fixed),
    'info-version-running': version(device.info.running),
    'info-version-stored': version(device.info.stored),
  });
  return w.finish();
}

/** ESWITCH_GET reply. */
export function encodeEswitch(device: FakeDevice): Uint8Array {
  const e: Partial<NonNullable<FakeDevice['eswitch']>> = device.eswitch ?? {};
  const w = new AttributeWriter();
  writeAttributes(w, 'devlink', {
    ...handleAttrs(device),
    'eswitch-mode': e.mode,
    'eswitch-inline-mode': e.inlineMode,
    'eswitch-encap-mode': e.encapMode,
  });
  return w.finish();
}

/** A reporter as HEALTH_REPORTER_GET carries it (devlink_nl_health_reporter_fill order). */
export function encodeHealthReporter(device: FakeDevice, reporter: FakeHealthReporter): Uint8Array {
  const w = new AttributeWriter();
  writeAttributes(w, 'devlink', {
    ...handleAttrs(device),
    'port-index': reporter.portIndex,
    'health-reporter': {
      'health-reporter-name': reporter.name,
      'health-reporter-state': reporter.state === 'healthy' ? 0 : 1,
      'health-reporter-err-count': reporter.errorCount,
      'health-reporter-recover-count': reporter.recoverCount,
      'health-reporter-graceful-period': reporter.recover?.gracefulPeriod,
      'health-reporter-auto-recover': reporter.recover === undefined ? undefined : reporter.recover.autoRecover ? 1 : 0,
      'health-reporter-dump-ts': reporter.dump?.stored?.ts,
      'health-reporter-dump-ts-ns': reporter.dump?.stored?.tsNs,
      'health-reporter-auto-dump': reporter.dump === undefined ? undefined : reporter.dump.autoDump ? 1 : 0,
    },
  });
  return w.finish();
}

/** The payload of an fmsg nest: the items as the kernel's devlink_fmsg_prepare_skb writes them. */
export function encodeFmsgItems(items: readonly FmsgItem[]): Uint8Array {
  const inner = new AttributeWriter();
  for (const item of items) {
    switch (item[0]) {
      case 'obj': inner.flag(attr('fmsg-obj-nest-start')); break;
      case 'pair': inner.flag(attr('fmsg-pair-nest-start')); break;
      case 'arr': inner.flag(attr('fmsg-arr-nest-start')); break;
      case 'end': inner.flag(attr('fmsg-nest-end')); break;
      case 'name': inner.string(attr('fmsg-obj-name'), item[1]); break;
      case 'u8': inner.u8(attr('fmsg-obj-value-type'), 1).u8(attr('fmsg-obj-value-data'), item[1]); break;
      case 'u32': inner.u8(attr('fmsg-obj-value-type'), 3).u32(attr('fmsg-obj-value-data'), item[1]); break;
      case 'flag': inner.u8(attr('fmsg-obj-value-type'), 6).u8(attr('fmsg-obj-value-data'), item[1]); break;
      case 'u64': inner.u8(attr('fmsg-obj-value-type'), 4).u64(attr('fmsg-obj-value-data'), item[1]); break;
      case 'str': inner.u8(attr('fmsg-obj-value-type'), 10).string(attr('fmsg-obj-value-data'), item[1]); break;
      case 'bin': inner.u8(attr('fmsg-obj-value-type'), 11).binary(attr('fmsg-obj-value-data'), item[1]); break;
    }
  }
  return inner.finish();
}

/**
 * An fmsg stream as devlink_fmsg_prepare_skb writes it, split into messages of at most
 * `itemsPerMessage` items (the kernel splits when a message fills up), each with the handle.
 */
export function encodeFmsgMessages(device: FakeDevice, items: readonly FmsgItem[], itemsPerMessage = Number.POSITIVE_INFINITY): Uint8Array[] {
  const messages: Uint8Array[] = [];
  for (let start = 0; start < items.length || (start === 0 && messages.length === 0); start += itemsPerMessage) {
    const inner = encodeFmsgItems(items.slice(start, start + itemsPerMessage));
    const w = new AttributeWriter();
    writeAttributes(w, 'devlink', handleAttrs(device));
    // devlink_fmsg_prepare_skb opens the fmsg nest without NLA_F_NESTED.
    w.binary(attr('fmsg'), inner);
    messages.push(w.finish());
    if (items.length === 0) break;
  }
  return messages;
}

const TRAP_ACTIONS = ['drop', 'trap', 'mirror'];
const TRAP_TYPES = ['drop', 'exception', 'control'];

/** A trap as TRAP_NEW carries it (devlink_nl_trap_fill order). */
export function encodeTrap(device: FakeDevice, trap: FakeTrap): Uint8Array {
  return encodeTo({
    ...handleAttrs(device),
    'trap-group-name': trap.group,
    'trap-name': trap.name,
    'trap-type': TRAP_TYPES.indexOf(trap.type),
    'trap-generic': trap.generic,
    'trap-action': TRAP_ACTIONS.indexOf(trap.action),
    'trap-metadata': { 'in-port': trap.metadata.inPort ?? false, 'fa-cookie': trap.metadata.faCookie ?? false },
    stats: { 'rx-packets': trap.rxPackets, 'rx-bytes': trap.rxBytes },
  });
}

/** A trap group as TRAP_GROUP_NEW carries it. */
export function encodeTrapGroup(device: FakeDevice, group: FakeTrapGroup): Uint8Array {
  return encodeTo({
    ...handleAttrs(device),
    'trap-group-name': group.name,
    'trap-policer-id': group.policerId,
    'trap-generic': group.generic,
    stats: { 'rx-packets': group.rxPackets, 'rx-bytes': group.rxBytes },
  });
}

/** A trap policer as TRAP_POLICER_NEW carries it. */
export function encodeTrapPolicer(device: FakeDevice, policer: FakeTrapPolicer): Uint8Array {
  return encodeTo({
    ...handleAttrs(device),
    'trap-policer-id': policer.id,
    'trap-policer-rate': policer.rate,
    'trap-policer-burst': policer.burst,
    stats: { 'rx-dropped': policer.rxDropped },
  });
}

function encodeTo(object: EncodeObject): Uint8Array {
  const w = new AttributeWriter();
  writeAttributes(w, 'devlink', object);
  return w.finish();
}

/** A region as REGION_GET carries it (devlink_nl_region_fill order). */
export function encodeRegion(device: FakeDevice, region: FakeRegion): Uint8Array {
  return encodeTo({
    ...handleAttrs(device),
    'port-index': region.portIndex,
    'region-name': region.name,
    'region-size': BigInt(region.data.length),
    'region-max-snapshots': region.maxSnapshots,
    'region-snapshots': { 'region-snapshot': [...region.snapshots.keys()].map((id) => ({ 'region-snapshot-id': id })) },
  });
}

/** A REGION_NEW/DEL notification or REGION_NEW reply for one snapshot. */
export function encodeRegionSnapshot(device: FakeDevice, region: FakeRegion, id: number): Uint8Array {
  return encodeTo({
    ...handleAttrs(device),
    'port-index': region.portIndex,
    'region-name': region.name,
    'region-snapshot-id': id,
    'region-size': BigInt(region.data.length),
  });
}

/** One REGION_READ reply message with chunks starting at `address`. */
export function encodeRegionRead(device: FakeDevice, region: FakeRegion, chunks: { address: bigint; data: Uint8Array }[]): Uint8Array {
  return encodeTo({
    ...handleAttrs(device),
    'port-index': region.portIndex,
    'region-name': region.name,
    'region-chunks': { 'region-chunk': chunks.map((c) => ({ 'region-chunk-data': c.data, 'region-chunk-addr': c.address })) },
  });
}

/**
 * devlink_resource_validate_children: the parts' new sizes fit in the resource's new size, summed
 * in a u64 as the kernel does (netdevsim's U64_MAX-sized parts wrap around and "fit").
 */
export function resourceSizeValid(resource: FakeResource): boolean {
  const parts = resource.children.reduce((n, c) => n + (c.sizeNew ?? c.size), 0n) & (2n ** 64n - 1n);
  return parts <= (resource.sizeNew ?? resource.size);
}

function resourceObject(resource: FakeResource): EncodeObject {
  const children = resource.children.length > 0;
  return {
    'resource-name': resource.name,
    'resource-size': resource.size,
    'resource-id': resource.id,
    'resource-size-new': resource.sizeNew,
    'resource-occ': resource.occ,
    'resource-size-gran': resource.gran,
    'resource-size-max': resource.max,
    'resource-size-min': resource.min,
    'resource-unit': 0,
    'resource-size-valid': children ? (resourceSizeValid(resource) ? 1 : 0) : undefined,
    'resource-list': children ? { resource: resource.children.map(resourceObject) } : undefined,
  };
}

/** RESOURCE_DUMP replies: top-level resources split `perMessage` to a message, as a full skb would. */
export function encodeResources(device: FakeDevice, perMessage = Number.POSITIVE_INFINITY): Uint8Array[] {
  const messages: Uint8Array[] = [];
  for (let i = 0; i < Math.max(device.resources.length, 1); i += perMessage) {
    messages.push(encodeTo({ ...handleAttrs(device), 'resource-list': { resource: device.resources.slice(i, i + perMessage).map(resourceObject) } }));
  }
  return messages;
}

/** A flash notification (begin, end, status). */
export function encodeFlashStatus(device: FakeDevice, status: FakeFlashStatus): Uint8Array {
  return encodeTo({
    ...handleAttrs(device),
    'flash-update-status-msg': status.message,
    'flash-update-component': status.component,
    'flash-update-status-done': status.done ?? 0n,
    'flash-update-status-total': status.total ?? 0n,
    'flash-update-status-timeout': status.timeout ?? 0n,
  });
}

/** A refusal like the kernel's: errno, optional extended-ACK message and offending attribute offset. */
export function kernelError(errno: number | string, message?: string, offset?: number): FakeKernelError {
  return new FakeKernelError(errno, { ...(message !== undefined ? { message } : {}), ...(offset !== undefined ? { offset } : {}) });
}
