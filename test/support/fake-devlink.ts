/**
 * A stateful fake devlink family on the fake kernel, for client unit tests and CLI goldens.
 *
 * Why stateful: the SF lifecycle is a conversation (add, configure, activate, wait for attached,
 * deactivate, delete) whose answers depend on earlier requests; the fake keeps devices, eswitches,
 * ports with functions, rate leaves and nodes, params and info, answers with kernel-shaped bytes
 * (the 6.12 fill order, NEW or PORT_NEW for port replies), refuses like the kernel and the sfsim
 * test driver do (same errno, same extended-ACK text, offsets where the kernel sets them), and
 * multicasts the notifications the kernel would send on the "config" group. Activation attaches
 * the function asynchronously (after `attachDelayMs`), registering the SF's own devlink instance.
 * Devices can also carry health reporters (fmsg diagnose/dump split over several messages), traps
 * with groups and policers, regions with snapshots, a resource tree, selftests and firmware flash
 * with progress notifications (handlers in fake-devlink-objects.ts); per-socket notification
 * filters, `failNext` fault injection, and both port reply commands (`portReplyCommand`).
 *
 * ```ts
 * const fake = new FakeDevlink();
 * fake.addDevice('pci/0000:06:00.0', { sf: true, eswitchMode: 'switchdev' });
 * const dl = await Devlink.open({ transport: fake.openTransport() });
 * ```
 */
import { parseAttributes } from '../../src/netlink/attributes.js';
import { readBitfield32 } from '../../src/netlink/attribute-values.js';
import { decodeAttributes, encodeAttributes, type AttributeTree } from '../../src/devlink/codec.js';
import { DEVLINK_CMD, attr, PORT_FUNCTION_SET } from '../../src/devlink/spec/index.js';
import { big, bitfield, bytes, nest, num, str } from '../../src/devlink/tree.js';
import { genlMessage } from './netlink-builders.js';
import {
  onHealthGet, onHealthSet, onHealthRecover, onHealthDiagnose, onHealthDumpGet, onHealthDumpClear, onHealthTest, onTrapGet,
  onTrapSet, onTrapGroupGet, onTrapGroupSet, onTrapPolicerGet, onTrapPolicerSet, onRegionGet, onRegionNew, onRegionDel,
  onRegionRead, onResourceDump, onResourceSet, onSelftestsGet, onSelftestsRun, onFlash,
} from './fake-devlink-objects.js';
import { FakeKernel, FakeKernelError, type FakeFamily, type FakeRequest, type FakeTransport } from './fake-kernel.js';
import type { FakeTransportOptions } from './fake-kernel.js';
import {
  encodeDevice, encodeEswitch, encodeInfo, encodeParam, encodePort, encodeRate, kernelError, resourceSizeValid,
  type FakeDevice, type FakeFlash, type FakeHealthReporter, type FakeParam, type FakePort, type FakeRate, type FakeRateNode,
  type FakeRegion, type FakeResource, type FakeTrap, type FakeTrapGroup, type FakeTrapPolicer,
} from './fake-devlink-state.js';

import { onLinecardGet, onLinecardSet, onPortParamGet, onPortParamSet } from './fake-devlink-linecards.js';
export * from './fake-devlink-state.js';

const C = DEVLINK_CMD;
const ESWITCH_MODES = ['legacy', 'switchdev', 'switchdev_inactive'] as const;

/** Options of a fake device. */
export interface FakeDeviceOptions {
  driver?: string;
  /** Eswitch present (default true) and its mode (default legacy). */
  eswitchMode?: (typeof ESWITCH_MODES)[number] | null;
  /** SF support like the sfsim driver: a PF port 0 (pfnum 0) and port_new/port_del. */
  sf?: boolean | { maxSfs?: number; controllers?: number[] };
  /** Number of VF ports (flavour pcivf, with rate leaves and full caps). */
  vfs?: number;
  /** Physical ports (flavour physical, splittable). */
  physicalPorts?: number;
  params?: FakeParam[];
  serial?: string;
  healthReporters?: FakeHealthReporter[];
  traps?: { traps?: FakeTrap[]; groups?: FakeTrapGroup[]; policers?: FakeTrapPolicer[] };
  regions?: FakeRegion[];
  resources?: FakeResource[];
  selftests?: FakeDevice['selftests'];
  flash?: FakeFlash;
}

/** Options of the fake family. */
export interface FakeDevlinkOptions {
  /** Reply command for port objects: 7 (PORT_NEW, current kernels) or 3 (NEW, older ones). */
  portReplyCommand?: 3 | 7;
  /** Delay before an activated SF attaches (ms, default 0); `null` never attaches. */
  attachDelayMs?: number | null;
  /** Delay before a deactivated SF detaches (ms, default 0). */
  detachDelayMs?: number;
}


/** The fake devlink family. */
export class FakeDevlink {
  readonly kernel: FakeKernel;
  readonly family: FakeFamily;
  readonly devices = new Map<string, FakeDevice>();
  readonly options: Required<Pick<FakeDevlinkOptions, 'portReplyCommand' | 'detachDelayMs'>> & { attachDelayMs: number | null };
  /** Failures injected for the next requests of a command (see failNext). */
  private readonly injected = new Map<number, { errno: number | string; message?: string }[]>();
  /** Requests of a command whose replies are still to be lost (see loseReplyOfNext). */
  private readonly lostReplies = new Map<number, number>();
  private nextIfindex = 100;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Notification filters by socket port id (NOTIFY_FILTER_SET). */
  private readonly filters = new Map<number, { bus?: string; dev?: string; port?: number }>();
  /** Fmsg items per reply message for diagnose and dump (the kernel splits full messages). */
  fmsgItemsPerMessage = 6;
  /** Bytes per chunk and chunks per message of region reads (the kernel uses 256 and fills messages). */
  regionChunkSize = 256;
  regionChunksPerMessage = 2;
  /** Top-level resources per RESOURCE_DUMP message. */
  resourcesPerMessage = 1;

  constructor(kernel: FakeKernel = new FakeKernel(), options: FakeDevlinkOptions = {}) {
    this.kernel = kernel;
    this.options = {
      portReplyCommand: options.portReplyCommand ?? 7,
      attachDelayMs: options.attachDelayMs === undefined ? 0 : options.attachDelayMs,
      detachDelayMs: options.detachDelayMs ?? 0,
    };
    this.family = kernel.registerFamily({
      name: 'devlink', version: 1, maxAttribute: 183, multicastGroups: ['config'],
      handler: (request) => this.handle(request),
    });
  }

  /** A socket on the fake kernel. */
  openTransport(options?: FakeTransportOptions): FakeTransport {
    return this.kernel.openTransport(options);
  }

  /** Makes the next request(s) of `command` fail with `errno` and an extack message. */
  failNext(command: number, errno: number | string, message?: string, times = 1): void {
    const list = this.injected.get(command) ?? [];
    for (let i = 0; i < times; i++) list.push({ errno, ...(message !== undefined ? { message } : {}) });
    this.injected.set(command, list);
  }

  /**
   * Carries out the next request(s) of `command` but loses the reply to a receive-buffer overflow:
   * the socket reports ENOBUFS instead (notifications of the change are still delivered first).
   */
  loseReplyOfNext(command: number, times = 1): void {
    this.lostReplies.set(command, (this.lostReplies.get(command) ?? 0) + times);
  }

  /** Cancels pending attach/detach timers (call in afterEach). */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Adds a device (and announces it like devlink_register). */
  addDevice(handle: string, options: FakeDeviceOptions = {}): FakeDevice {
    const [busName, deviceName] = handle.split('/') as [string, string];
    const driver = options.driver ?? (options.sf ? 'sfsim' : 'netdevsim');
    const sfOptions = typeof options.sf === 'object' ? options.sf : {};
    const device: FakeDevice = {
      busName, deviceName, driver,
      ...(options.eswitchMode === null ? {} : { eswitch: { mode: ESWITCH_MODES.indexOf(options.eswitchMode ?? 'legacy'), inlineMode: 0, encapMode: 1 } }),
      ports: new Map(),
      rateNodes: new Map(),
      params: options.params ?? [],
      info: { ...(options.serial ? { serial: options.serial } : {}), fixed: [['board.id', 'fake-1']], running: [['fw.version', '1.2.3']], stored: [] },
      ...(options.sf ? { sf: { maxSfs: sfOptions.maxSfs ?? 1024, controllers: sfOptions.controllers ?? [0], pfnums: [0], nextIndex: 32768, maxIoEqsMax: 128 } } : {}),
      reloadActions: ['driver_reinit', 'fw_activate'],
      reloadCount: 0,
      rateNodesSupported: options.eswitchMode !== null,
      healthReporters: options.healthReporters ?? [],
      traps: options.traps?.traps ?? [],
      trapGroups: options.traps?.groups ?? [],
      trapPolicers: options.traps?.policers ?? [],
      regions: options.regions ?? [],
      nextSnapshotId: 1,
      resources: options.resources ?? [],
      selftests: options.selftests ?? {},
      ...(options.flash ? { flash: options.flash } : {}),
    };
    this.devices.set(handle, device);
    if (options.sf) {
      this.putPort(device, {
        index: 0, flavour: 'pcipf', type: 'eth', splittable: false, controller: 0, pfnum: 0, external: false,
        netdev: { ifindex: this.nextIfindex++, name: `${driver}pf0` },
        function: { hwAddr: Uint8Array.of(0, 0, 0, 0, 0, 0), state: 'active', opstate: 'attached', caps: { roce: true } },
      });
    }
    for (let vf = 0; vf < (options.vfs ?? 0); vf++) {
      this.putPort(device, {
        index: 1 + vf, flavour: 'pcivf', type: 'eth', splittable: false, controller: 0, pfnum: 0, vfnum: vf, external: false,
        netdev: { ifindex: this.nextIfindex++, name: `${driver}pf0vf${vf}` },
        function: { hwAddr: new Uint8Array(6), state: 'active', opstate: 'attached', caps: { roce: true, migratable: false, ipsecCrypto: false, ipsecPacket: false }, maxIoEqs: 8 },
        rate: { txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0 },
      });
    }
    for (let p = 0; p < (options.physicalPorts ?? 0); p++) {
      this.putPort(device, {
        index: 1000 + p, flavour: 'physical', type: 'eth', splittable: true, portNumber: p + 1, lanes: 4,
        netdev: { ifindex: this.nextIfindex++, name: `eth${p}` },
      });
    }
    this.notify(C.new, encodeDevice(device));
    return device;
  }

  /** Removes a device (announced like devlink_unregister). */
  removeDevice(handle: string): void {
    const device = this.devices.get(handle);
    if (!device) return;
    this.devices.delete(handle);
    this.notify(C.del, encodeDevice(device));
  }

  /** Adds or replaces a port in the state without notifying. */
  putPort(device: FakeDevice, port: FakePort): FakePort {
    device.ports.set(port.index, port);
    return port;
  }

  /** Multicasts a notification on the "config" group, honouring each socket's notify filter. */
  notify(command: number, attributes: Uint8Array): void {
    const group = this.family.multicastGroups.get('config')!;
    const datagram = genlMessage(this.family.id, command, attributes, { version: this.family.version });
    const tree = decodeAttributes(attributes, 'devlink');
    for (const transport of this.kernel.openTransports()) {
      if (!transport.memberships.has(group)) continue;
      const filter = this.filters.get(transport.portId);
      if (filter) {
        // Like devlink_nl_notify_filter: every field the filter sets must match the object.
        if (filter.bus !== undefined && filter.bus !== str(tree, 'bus-name')) continue;
        if (filter.dev !== undefined && filter.dev !== str(tree, 'dev-name')) continue;
        if (filter.port !== undefined && filter.port !== num(tree, 'port-index')) continue;
      }
      transport.deliver(datagram);
    }
  }

  /** Announces a port's current state (PORT_NEW), as the kernel does after each change. */
  notifyPort(device: FakeDevice, port: FakePort): void {
    this.notify(C['port-new'], encodePort(device, port));
  }

  // ---- request dispatch ----

  private handle(request: FakeRequest): void {
    const injected = this.injected.get(request.command)?.shift();
    if (injected) throw kernelError(injected.errno, injected.message);
    const lose = this.lostReplies.get(request.command) ?? 0;
    if (lose > 0) {
      this.lostReplies.set(request.command, lose - 1);
      request.overflow();
    }
    const tree = decodeAttributes(request.genl.attributes, 'devlink');
    switch (request.command) {
      case C.get: return this.onGet(request, tree);
      case C['port-get']: return this.onPortGet(request, tree);
      case C['port-set']: return this.onPortSet(request, tree);
      case C['port-new']: return this.onPortNew(request, tree);
      case C['port-del']: return this.onPortDel(request, tree);
      case C['port-split']: return this.onPortSplit(request, tree);
      case C['port-unsplit']: return this.onPortUnsplit(request, tree);
      case C['eswitch-get']: return this.onEswitchGet(request, tree);
      case C['eswitch-set']: return this.onEswitchSet(request, tree);
      case C['info-get']: return this.onInfoGet(request, tree);
      case C['param-get']: return this.onParamGet(request, tree);
      case C['param-set']: return this.onParamSet(request, tree);
      case C.reload: return this.onReload(request, tree);
      case C['rate-get']: return this.onRateGet(request, tree);
      case C['rate-set']: return this.onRateSet(request, tree);
      case C['rate-new']: return this.onRateNew(request, tree);
      case C['rate-del']: return this.onRateDel(request, tree);
      case C['health-reporter-get']: return onHealthGet(this, request, tree);
      case C['health-reporter-set']: return onHealthSet(this, request, tree);
      case C['health-reporter-recover']: return onHealthRecover(this, request, tree);
      case C['health-reporter-diagnose']: return onHealthDiagnose(this, request, tree);
      case C['health-reporter-dump-get']: return onHealthDumpGet(this, request, tree);
      case C['health-reporter-dump-clear']: return onHealthDumpClear(this, request, tree);
      case C['health-reporter-test']: return onHealthTest(this, request, tree);
      case C['trap-get']: return onTrapGet(this, request, tree);
      case C['trap-set']: return onTrapSet(this, request, tree);
      case C['trap-group-get']: return onTrapGroupGet(this, request, tree);
      case C['trap-group-set']: return onTrapGroupSet(this, request, tree);
      case C['trap-policer-get']: return onTrapPolicerGet(this, request, tree);
      case C['trap-policer-set']: return onTrapPolicerSet(this, request, tree);
      case C['region-get']: return onRegionGet(this, request, tree);
      case C['region-new']: return onRegionNew(this, request, tree);
      case C['region-del']: return onRegionDel(this, request, tree);
      case C['region-read']: return onRegionRead(this, request, tree);
      case C['resource-dump']: return onResourceDump(this, request, tree);
      case C['resource-set']: return onResourceSet(this, request, tree);
      case C['selftests-get']: return onSelftestsGet(this, request, tree);
      case C['selftests-run']: return onSelftestsRun(this, request, tree);
      case C['flash-update']: return onFlash(this, request, tree);
      case C['linecard-get']: return onLinecardGet(this, request, tree);
      case C['linecard-set']: return onLinecardSet(this, request, tree);
      case C['port-param-get']: return onPortParamGet(this, request, tree);
      case C['port-param-set']: return onPortParamSet(this, request, tree);
      case C['notify-filter-set']: {
        const filter = { bus: str(tree, 'bus-name'), dev: str(tree, 'dev-name'), port: num(tree, 'port-index') };
        if (filter.bus === undefined && filter.dev === undefined && filter.port === undefined) this.filters.delete(request.transport.portId);
        else this.filters.set(request.transport.portId, filter);
        return;
      }
      default:
        throw kernelError('EOPNOTSUPP');
    }
  }

  /** Devices selected by a dump filter (all when no handle is given). */
  selected(tree: AttributeTree): FakeDevice[] {
    const bus = str(tree, 'bus-name');
    const dev = str(tree, 'dev-name');
    if (bus === undefined || dev === undefined) return [...this.devices.values()];
    const device = this.devices.get(`${bus}/${dev}`);
    if (!device) throw kernelError('ENODEV');
    return [device];
  }

  /** The device a request names; ENODEV like the kernel when it does not exist. */
  device(tree: AttributeTree): FakeDevice {
    const bus = str(tree, 'bus-name');
    const dev = str(tree, 'dev-name');
    if (bus === undefined || dev === undefined) throw kernelError('EINVAL');
    const device = this.devices.get(`${bus}/${dev}`);
    if (!device) throw kernelError('ENODEV');
    return device;
  }

  private port(tree: AttributeTree): [FakeDevice, FakePort] {
    const device = this.device(tree);
    const index = num(tree, 'port-index');
    if (index === undefined) throw kernelError('EINVAL');
    const port = device.ports.get(index);
    if (!port) throw kernelError('ENODEV');
    return [device, port];
  }

  private prefix(device: FakeDevice, message: string): string {
    return `${device.driver}: ${message}`;
  }

  /**
   * DEVLINK_CMD_GET. An SF's own instance is the port function's relation (devl_port_fn_devlink_set),
   * reported in the port's function nest, never in the device's nested-devlink list (which only
   * devl_nested_devlink_set fills).
   */
  private onGet(request: FakeRequest, tree: AttributeTree): void {
    if (request.isDump) {
      for (const device of this.devices.values()) request.reply(C.new, encodeDevice(device));
      return;
    }
    request.reply(C.new, encodeDevice(this.device(tree)));
  }

  /** PORT_GET. A dump walks the device's port xarray: by port index, whatever the order of creation. */
  private onPortGet(request: FakeRequest, tree: AttributeTree): void {
    const cmd = this.options.portReplyCommand;
    if (request.isDump) {
      for (const device of this.selected(tree)) for (const port of [...device.ports.values()].sort((a, b) => a.index - b.index)) request.reply(cmd, encodePort(device, port));
      return;
    }
    const [device, port] = this.port(tree);
    request.reply(cmd, encodePort(device, port));
  }

  private onPortSet(request: FakeRequest, tree: AttributeTree): void {
    const [device, port] = this.port(tree);
    const type = num(tree, 'port-type');
    if (type !== undefined) {
      if (port.flavour !== 'physical') throw kernelError('EOPNOTSUPP');
      port.desiredType = (['notset', 'auto', 'eth', 'ib'] as const)[type] as 'auto' | 'eth' | 'ib';
      this.notifyPort(device, port);
    }
    const fnAttr = request.attribute(attr('port-function'));
    if (fnAttr) this.setFunction(device, port, parseAttributes(fnAttr.data, fnAttr.offset + 4), nest(tree, 'port-function')!);
  }

  private setFunction(device: FakeDevice, port: FakePort, raw: ReturnType<typeof parseAttributes>, fnTree: AttributeTree): void {
    const at = (name: string): number | undefined => raw.find((a) => a.type === PORT_FUNCTION_SET.byName.get(name)!.value)?.offset;
    const fn = port.function;
    const settable = fn?.settable ?? (port.flavour === 'pcisf' || port.flavour === 'pcivf'
      ? { hwAddr: true, state: port.flavour === 'pcisf', roce: true, migratable: true, ipsecCrypto: true, ipsecPacket: true, maxIoEqs: true }
      : {});
    const hwAddr = bytes(fnTree, 'hw-addr');
    const state = num(fnTree, 'state');
    const maxIoEqs = num(fnTree, 'max-io-eqs');
    const capsRaw = raw.find((a) => a.type === PORT_FUNCTION_SET.byName.get('caps')!.value);
    const caps = capsRaw ? readBitfield32(capsRaw.data) : bitfield(fnTree, 'caps');
    const capBits = [[0, 'roce', 'RoCE'], [1, 'migratable', 'migratable'], [2, 'ipsecCrypto', 'ipsec_crypto'], [3, 'ipsecPacket', 'ipsec_packet']] as const;
    // devlink_port_function_validate, in the kernel's order and with its messages: a missing
    // driver op first, then (for the caps other than RoCE) a port that is not a VF.
    if (hwAddr && !settable.hwAddr) throw kernelError('EOPNOTSUPP', "Port doesn't support function attributes", at('hw-addr'));
    if (state !== undefined && !settable.state) throw kernelError('EOPNOTSUPP', 'Function does not support state setting', at('state'));
    if (caps) {
      for (const [bit, key, label] of capBits) {
        if (!((caps.selector >>> bit) & 1)) continue;
        if (!settable[key]) throw kernelError('EOPNOTSUPP', `Port doesn't support ${label} function attribute`, at('caps'));
        if (bit > 0 && port.flavour !== 'pcivf') throw kernelError('EOPNOTSUPP', `${label} function attribute supported for VFs only`, at('caps'));
      }
    }
    if (maxIoEqs !== undefined && !settable.maxIoEqs) throw kernelError('EOPNOTSUPP', 'Function does not support max_io_eqs setting', at('max-io-eqs'));
    if (!fn) throw kernelError('EOPNOTSUPP');
    // devlink_port_function_set applies hw_addr, caps (bit by bit), max_io_eqs, then state last;
    // what was applied before a failing step stays applied.
    if (hwAddr) {
      if (hwAddr.length !== 6) throw kernelError('EINVAL', 'Address must be 6 bytes for Ethernet device');
      if ((hwAddr[0]! & 1) === 1) throw kernelError('EINVAL', 'Non-unicast hardware address unsupported');
      fn.hwAddr = hwAddr.slice();
    }
    if (caps) {
      for (const [bit, key] of capBits) {
        if (!((caps.selector >>> bit) & 1)) continue;
        if (key === 'roce') this.checkFrozen(device, port, 'RoCE');
        fn.caps ??= {};
        fn.caps[key] = ((caps.value >>> bit) & 1) === 1;
      }
    }
    if (maxIoEqs !== undefined) {
      const max = device.sf?.maxIoEqsMax ?? 128;
      if (maxIoEqs < 1 || maxIoEqs > max) throw kernelError('ERANGE', this.prefix(device, `max_io_eqs ${maxIoEqs} out of range 1-${max}`));
      this.checkFrozen(device, port, 'max_io_eqs');
      fn.maxIoEqs = maxIoEqs;
    }
    if (state !== undefined) this.setState(device, port, state === 1 ? 'active' : 'inactive');
    this.notifyPort(device, port);
  }

  /** sfsim: an SF's RoCE and max_io_eqs are read at attach time, so they only change while inactive and detached. */
  private checkFrozen(device: FakeDevice, port: FakePort, what: string): void {
    if (!device.sf?.frozenWhileActive || port.flavour !== 'pcisf') return;
    if (port.function?.state === 'inactive' && port.function.opstate === 'detached') return;
    throw kernelError('EBUSY', this.prefix(device, `${what} can't be changed while the function is active`));
  }

  private later(delay: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delay);
    this.timers.add(timer);
  }

  private setState(device: FakeDevice, port: FakePort, state: 'active' | 'inactive'): void {
    const fn = port.function!;
    if (fn.state === state) return;
    if (state === 'active' && fn.opstate === 'attached' && port.flavour === 'pcisf') {
      throw kernelError('EBUSY', this.prefix(device, 'SF is inactivated but it is still attached'));
    }
    fn.state = state;
    if (port.flavour !== 'pcisf') return;
    if (state === 'active') {
      const delay = device.sf?.stallAttach ? null : device.sf?.attachDelayMs ?? this.options.attachDelayMs;
      if (delay === null) return;
      this.later(delay, () => this.attach(device, port));
    } else {
      this.later(device.sf?.detachDelayMs ?? this.options.detachDelayMs, () => this.detach(device, port));
    }
  }

  /** Completes an SF activation: registers its devlink instance, then reports opstate attached. */
  attach(device: FakeDevice, port: FakePort): void {
    const fn = port.function;
    if (!fn || fn.state !== 'active' || fn.opstate === 'attached' || !device.ports.has(port.index)) return;
    const auxHandle = `auxiliary/${device.driver}.sf.${device.sf?.auxIds ? this.lowestFreeAuxId(device.driver) : port.sfnum ?? port.index}`;
    const aux = this.addDevice(auxHandle, { driver: device.driver, eswitchMode: null });
    aux.info.serial = undefined;
    fn.opstate = 'attached';
    fn.devlink = auxHandle;
    this.notifyPort(device, port);
  }

  /** The lowest N no `auxiliary/<driver>.sf.N` instance uses (the driver's module-wide id allocator). */
  private lowestFreeAuxId(driver: string): number {
    let id = 0;
    while (this.devices.has(`auxiliary/${driver}.sf.${id}`)) id++;
    return id;
  }

  /** Completes an SF deactivation: removes its devlink instance, reports opstate detached. */
  detach(device: FakeDevice, port: FakePort): void {
    const fn = port.function;
    if (!fn || fn.opstate === 'detached') return;
    if (fn.devlink) this.removeDevice(fn.devlink);
    delete fn.devlink;
    fn.opstate = 'detached';
    if (device.ports.has(port.index)) this.notifyPort(device, port);
  }

  private onPortNew(request: FakeRequest, tree: AttributeTree): void {
    const device = this.device(tree);
    if (!device.sf) throw kernelError('EOPNOTSUPP');
    const flavour = num(tree, 'port-flavour');
    const pfnum = num(tree, 'port-pci-pf-number');
    if (flavour === undefined || pfnum === undefined) throw kernelError('EINVAL', 'Port flavour or PCI PF are not specified');
    const sfnum = flavour === 7 ? num(tree, 'port-pci-sf-number') : undefined;
    const controllerAttr = num(tree, 'port-controller-number');
    const controller = controllerAttr === undefined ? 0 : controllerAttr & 0xffff; // the kernel reads a u16
    const m = (text: string): string => this.prefix(device, text);
    if (flavour !== 7) throw kernelError('EOPNOTSUPP', m('Driver supports only SF port addition'));
    if (num(tree, 'port-index') !== undefined) throw kernelError('EOPNOTSUPP', m('Driver does not support user defined port index assignment'));
    if (sfnum === undefined) throw kernelError('EOPNOTSUPP', m('User must provide unique sfnum. Driver does not support auto assignment'));
    if (!device.sf.controllers.includes(controller)) throw kernelError('EINVAL', m('Invalid controller number'));
    if (!device.sf.pfnums.includes(pfnum)) throw kernelError('ENODEV', m('Invalid pfnum supplied'));
    if (device.eswitch?.mode !== 1) throw kernelError('EOPNOTSUPP', m('SF ports are only supported in eswitch switchdev mode.'));
    const sfs = [...device.ports.values()].filter((p) => p.flavour === 'pcisf');
    if (sfs.some((p) => p.sfnum === sfnum && (p.controller ?? 0) === controller)) throw kernelError('EEXIST', m('SF already exist. Choose different sfnum'));
    if (sfs.length >= device.sf.maxSfs) throw kernelError('ENOSPC', m('SF limit of the device reached'));
    const port = this.putPort(device, {
      index: device.sf.slotIndexes ? (controller << 16) + 32768 + this.lowestFreeSlot(device) : device.sf.nextIndex++,
      flavour: 'pcisf', type: 'eth', splittable: false, controller, pfnum, sfnum,
      netdev: { ifindex: this.nextIfindex++, name: `${device.driver}pf${pfnum}sf${sfnum}` },
      function: { hwAddr: new Uint8Array(6), state: 'inactive', opstate: 'detached', caps: { roce: true }, maxIoEqs: device.sf.maxIoEqsDefault ?? 4 },
      rate: { txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0 },
    });
    if (device.sf.registrationEvents) {
      this.notify(C['port-new'], encodePort(device, { ...port, type: 'notset' }));
      this.notify(C['rate-new'], encodeRate(device, port.rate!, { index: port.index }));
      this.notify(C['port-new'], encodePort(device, { ...port, netdev: undefined }));
      this.notifyPort(device, port);
      request.reply(this.options.portReplyCommand, encodePort(device, port));
      return;
    }
    request.reply(this.options.portReplyCommand, encodePort(device, port));
    this.notifyPort(device, port);
  }

  /** sfsim's SF slot: the lowest one no SF port of the device uses, whatever its controller. */
  private lowestFreeSlot(device: FakeDevice): number {
    const used = new Set([...device.ports.values()].filter((p) => p.flavour === 'pcisf').map((p) => (p.index & 0xffff) - 32768));
    let slot = 0;
    while (used.has(slot)) slot++;
    return slot;
  }

  private onPortDel(_request: FakeRequest, tree: AttributeTree): void {
    const [device, port] = this.port(tree);
    if (port.flavour !== 'pcisf') throw kernelError('EOPNOTSUPP');
    if (device.sf?.registrationEvents) {
      const fn = port.function;
      if (fn?.devlink) this.removeDevice(fn.devlink);
      if (fn) {
        delete fn.devlink;
        fn.opstate = 'detached';
      }
      if (port.rate) this.notify(C['rate-del'], encodeRate(device, port.rate, { index: port.index }));
      this.notify(C['port-new'], encodePort(device, { ...port, netdev: undefined }));
      const unregistered: FakePort = { ...port, type: 'notset' };
      this.notify(C['port-new'], encodePort(device, unregistered));
      device.ports.delete(port.index);
      this.notify(C['port-del'], encodePort(device, unregistered));
      return;
    }
    if (port.function?.opstate === 'attached') this.detach(device, port);
    if (port.rate) this.notify(C['rate-del'], encodeRate(device, port.rate, { index: port.index }));
    device.ports.delete(port.index);
    this.notify(C['port-del'], encodePort(device, port));
  }

  private onPortSplit(_request: FakeRequest, tree: AttributeTree): void {
    const [device, port] = this.port(tree);
    const count = num(tree, 'port-split-count');
    if (count === undefined) throw new FakeKernelError('EINVAL', { missingType: attr('port-split-count') });
    if (device.portSplit === false) throw kernelError('EOPNOTSUPP');
    if (!port.splittable) throw kernelError('EINVAL', port.split ? 'Port cannot be split further' : 'Port cannot be split');
    // devlink_nl_port_split_doit: a power of two from 2 up to the port's lanes
    if (count < 2 || (count & (count - 1)) !== 0 || count > (port.lanes ?? 0)) throw kernelError('EINVAL', 'Invalid split count');
    device.ports.delete(port.index);
    this.notify(C['port-del'], encodePort(device, port));
    for (let sub = 0; sub < count; sub++) {
      const child = this.putPort(device, {
        index: port.index * 10 + sub + 1, flavour: 'physical', type: 'eth', splittable: false, portNumber: port.portNumber ?? 0,
        lanes: (port.lanes ?? 4) / count, split: { group: port.portNumber ?? 0, subport: sub },
        netdev: { ifindex: this.nextIfindex++, name: `${port.netdev?.name ?? 'eth'}s${sub}` },
      });
      this.notifyPort(device, child);
    }
  }

  private onPortUnsplit(_request: FakeRequest, tree: AttributeTree): void {
    const [device, port] = this.port(tree);
    if (device.portSplit === false) throw kernelError('EOPNOTSUPP');
    if (!port.split) throw kernelError('EINVAL');
    const group = port.split.group;
    for (const other of [...device.ports.values()]) {
      if (other.split?.group === group) {
        device.ports.delete(other.index);
        this.notify(C['port-del'], encodePort(device, other));
      }
    }
    const restored = this.putPort(device, {
      index: Math.floor(port.index / 10), flavour: 'physical', type: 'eth', splittable: true, portNumber: group, lanes: 4,
      netdev: { ifindex: this.nextIfindex++, name: `eth${group - 1}` },
    });
    this.notifyPort(device, restored);
  }

  /** ESWITCH_GET: the handle and whichever modes the driver can report (none: the handle alone). */
  private onEswitchGet(request: FakeRequest, tree: AttributeTree): void {
    request.reply(C['eswitch-get'], encodeEswitch(this.device(tree)));
  }

  private onEswitchSet(_request: FakeRequest, tree: AttributeTree): void {
    const device = this.device(tree);
    if (!device.eswitch) throw kernelError('EOPNOTSUPP');
    const mode = num(tree, 'eswitch-mode');
    if (mode !== undefined) {
      if (device.rateNodes.size > 0) throw kernelError('EBUSY', 'Rate node(s) exists.');
      if (mode > 2) throw kernelError('EINVAL');
      const sfs = [...device.ports.values()].some((p) => p.flavour === 'pcisf');
      if (mode === 0 && device.eswitch.mode !== 0 && sfs && device.sf?.legacyRefusedWithSfs) {
        throw kernelError('EBUSY', this.prefix(device, "Can't change eswitch mode to legacy while SF ports exist"));
      }
      device.eswitch.mode = mode;
    }
    const inline = num(tree, 'eswitch-inline-mode');
    if (inline !== undefined) {
      if (device.eswitch.inlineMode === undefined) throw kernelError('EOPNOTSUPP');
      device.eswitch.inlineMode = inline;
    }
    const encap = num(tree, 'eswitch-encap-mode');
    if (encap !== undefined) {
      if (device.eswitch.encapMode === undefined) throw kernelError('EOPNOTSUPP');
      device.eswitch.encapMode = encap;
    }
  }

  private onInfoGet(request: FakeRequest, tree: AttributeTree): void {
    if (request.isDump) {
      for (const device of this.devices.values()) request.reply(C['info-get'], encodeInfo(device));
      return;
    }
    request.reply(C['info-get'], encodeInfo(this.device(tree)));
  }

  private onParamGet(request: FakeRequest, tree: AttributeTree): void {
    if (request.isDump) {
      for (const device of this.selected(tree)) for (const param of device.params) request.reply(C['param-get'], encodeParam(device, param));
      return;
    }
    const device = this.device(tree);
    const name = str(tree, 'param-name');
    if (name === undefined) throw kernelError('EINVAL');
    const param = device.params.find((p) => p.name === name);
    if (!param) throw kernelError('EINVAL');
    request.reply(C['param-get'], encodeParam(device, param));
  }

  private onParamSet(_request: FakeRequest, tree: AttributeTree): void {
    const device = this.device(tree);
    const name = str(tree, 'param-name');
    const param = device.params.find((p) => p.name === name);
    if (!param) throw kernelError('EINVAL');
    const types = { u8: 1, u16: 2, u32: 3, u64: 4, string: 5, bool: 6 };
    if (num(tree, 'param-type') !== types[param.type]) throw kernelError('EINVAL');
    const cmode = (['runtime', 'driverinit', 'permanent'] as const)[num(tree, 'param-value-cmode') ?? 99];
    if (!cmode || param.values[cmode] === undefined) throw kernelError('EOPNOTSUPP');
    const data = bytes(tree, 'param-value-data');
    const view = data ? new DataView(data.buffer, data.byteOffset, data.byteLength) : undefined;
    let value: number | bigint | string | boolean;
    switch (param.type) {
      case 'bool':
        if (data && data.length) throw kernelError('EINVAL');
        value = data !== undefined;
        break;
      case 'string': value = str(tree, 'param-value-data') ?? new TextDecoder().decode(data).replace(/\0.*$/, ''); break;
      case 'u8': if (!view || data!.length !== 1) throw kernelError('EINVAL'); value = view.getUint8(0); break;
      case 'u16': if (!view || data!.length !== 2) throw kernelError('EINVAL'); value = view.getUint16(0, true); break;
      case 'u32': if (!view || data!.length !== 4) throw kernelError('EINVAL'); value = view.getUint32(0, true); break;
      case 'u64': if (!view || data!.length !== 8) throw kernelError('EINVAL'); value = view.getBigUint64(0, true); break;
    }
    param.values[cmode] = value;
    this.notify(C['param-new'], encodeParam(device, param));
  }

  private onReload(request: FakeRequest, tree: AttributeTree): void {
    // the family's policy (NLA_POLICY_BITFIELD32(6)): selector and value within the valid limits, value within selector
    const policyLimits = bitfield(tree, 'reload-limits');
    if (policyLimits && ((policyLimits.selector | policyLimits.value) & ~6 || policyLimits.value & ~policyLimits.selector)) {
      throw kernelError('EINVAL', 'Attribute failed policy validation', request.attribute(attr('reload-limits'))?.offset);
    }
    const device = this.device(tree);
    // devlink_resources_validate: every resource's parts must fit in its new size
    const valid = (list: FakeResource[]): boolean => list.every((r) => resourceSizeValid(r) && valid(r.children));
    if (!valid(device.resources)) throw kernelError('EINVAL', 'resources size validation failed');
    const action = num(tree, 'reload-action') ?? 1;
    const name = action === 1 ? 'driver_reinit' : action === 2 ? 'fw_activate' : undefined;
    if (!name || !device.reloadActions.includes(name)) throw kernelError('EOPNOTSUPP', 'Requested reload action is not supported by the driver');
    const limits = bitfield(tree, 'reload-limits');
    if (limits) {
      // devlink_nl_reload_doit: one limit, supported by the driver, valid with the action
      const selected = limits.value & limits.selector;
      if (!selected) throw kernelError('EINVAL', 'Invalid limit selected');
      let limit = 0;
      while (limit <= 1 && !(selected & (1 << limit))) limit++;
      if (selected !== 1 << limit) throw kernelError('EOPNOTSUPP', 'Multiselection of limit is not supported');
      if (limit !== 1 || !(device.reloadLimits ?? ['no_reset']).includes('no_reset')) throw kernelError('EOPNOTSUPP', 'Requested limit is not supported by the driver');
      if (action === 1) throw kernelError('EINVAL', 'Requested limit is invalid for this action');
    }
    const netnsCount = ['netns-fd', 'netns-pid', 'netns-id'].filter((n) => tree.values[n] !== undefined).length;
    if (netnsCount > 1) throw kernelError('EINVAL', 'multiple netns identifying attributes specified');
    const netnsId = num(tree, 'netns-id');
    if (netnsId !== undefined && netnsId !== 0) throw kernelError('EINVAL', 'Unknown network namespace');
    device.reloadCount++;
    // the driver takes the new sizes of the resources it reads back on reload (netdevsim: the leaves)
    const apply = (list: FakeResource[]): void => {
      for (const r of list) {
        if (r.children.length === 0 && r.sizeNew !== undefined) {
          r.size = r.sizeNew;
          delete r.sizeNew;
        }
        apply(r.children);
      }
    };
    apply(device.resources);
    this.notify(C.del, encodeDevice(device));
    this.notify(C.new, encodeDevice(device));
    // The kernel reports the actions performed only when the request named an action or limits.
    if (tree.values['reload-action'] !== undefined || tree.values['reload-limits'] !== undefined) request.reply(C.reload, this.reloadReply(device, action));
  }

  private reloadReply(device: FakeDevice, action: number): Uint8Array {
    return encodeAttributes('devlink', { 'bus-name': device.busName, 'dev-name': device.deviceName, 'reload-actions-performed': { value: 1 << action, selector: 1 << action } });
  }

  private rateOf(tree: AttributeTree): [FakeDevice, FakeRate, { index: number } | { name: string }] {
    const device = this.device(tree);
    const nodeName = str(tree, 'rate-node-name');
    if (nodeName !== undefined) {
      const node = device.rateNodes.get(nodeName);
      if (!node) throw kernelError('ENODEV');
      return [device, node, { name: nodeName }];
    }
    const index = num(tree, 'port-index');
    if (index === undefined) throw kernelError('EINVAL');
    const port = device.ports.get(index);
    if (!port?.rate) throw kernelError('ENODEV');
    return [device, port.rate, { index }];
  }

  /**
   * RATE_GET. A dump walks the core's devlink->rate_list, where devl_rate_node_create and the
   * RATE_NEW doit add nodes at the head and devl_rate_leaf_create adds leaves at the tail: nodes
   * newest first, then leaves oldest first. A port's leaf is made with the port, so the ports' order
   * of insertion is the leaves' order of creation.
   */
  private onRateGet(request: FakeRequest, tree: AttributeTree): void {
    if (request.isDump) {
      for (const device of this.selected(tree)) {
        for (const node of [...device.rateNodes.values()].reverse()) request.reply(C['rate-new'], encodeRate(device, node, { name: node.name }));
        for (const port of device.ports.values()) if (port.rate) request.reply(C['rate-new'], encodeRate(device, port.rate, { index: port.index }));
      }
      return;
    }
    const [device, rate, key] = this.rateOf(tree);
    request.reply(C['rate-new'], encodeRate(device, rate, key));
  }

  /**
   * devlink_nl_rate_set: tx_share, tx_max, tx_priority, tx_weight, then parent, each checked by the
   * driver against the object as it is at that point and applied at once, so a later failure
   * leaves the earlier settings applied (and the core sends no notification).
   */
  private applyRate(device: FakeDevice, rate: FakeRate, key: { index: number } | { name: string }, tree: AttributeTree): void {
    const m = (text: string): string => this.prefix(device, text);
    const limit = 12_500_000_000n;
    const txShare = big(tree, 'rate-tx-share');
    if (txShare !== undefined) {
      if (txShare > limit) throw kernelError('EINVAL', m('TX rate exceeds the link speed of 100 Gbit/s'));
      if (rate.txMax !== 0n && txShare > rate.txMax) throw kernelError('EINVAL', m("tx_share can't be above tx_max"));
      rate.txShare = txShare;
    }
    const txMax = big(tree, 'rate-tx-max');
    if (txMax !== undefined) {
      if (txMax > limit) throw kernelError('EINVAL', m('TX rate exceeds the link speed of 100 Gbit/s'));
      if (txMax !== 0n && txMax < rate.txShare) throw kernelError('EINVAL', m("tx_max can't be below tx_share"));
      rate.txMax = txMax;
    }
    const priority = num(tree, 'rate-tx-priority');
    if (priority !== undefined) {
      const max = device.sf?.txPriorityMax;
      if (max !== undefined && priority > max) throw kernelError('ERANGE', m(`tx_priority ${priority} out of range 0-${max}`));
      rate.txPriority = priority;
    }
    const weight = num(tree, 'rate-tx-weight');
    if (weight !== undefined) {
      const max = device.sf?.txWeightMax;
      if (max !== undefined && weight > max) throw kernelError('ERANGE', m(`tx_weight ${weight} out of range 0-${max}`));
      rate.txWeight = weight;
    }
    const parent = str(tree, 'rate-parent-node-name');
    if (parent === '') delete rate.parent;
    else if (parent !== undefined) {
      const node = device.rateNodes.get(parent);
      if (!node) throw kernelError('ENODEV');
      if ('name' in key) {
        if (parent === key.name) throw kernelError('EINVAL', 'Parent to self is not allowed');
        for (let p: FakeRateNode | undefined = node; p; p = p.parent ? device.rateNodes.get(p.parent) : undefined) {
          if (p.parent === key.name) throw kernelError('EEXIST', 'Node is already a parent of parent node.');
        }
      }
      rate.parent = parent;
    }
  }

  private onRateSet(_request: FakeRequest, tree: AttributeTree): void {
    const [device, rate, key] = this.rateOf(tree);
    this.applyRate(device, rate, key, tree);
    this.notify(C['rate-new'], encodeRate(device, rate, key));
  }

  private onRateNew(_request: FakeRequest, tree: AttributeTree): void {
    const device = this.device(tree);
    const name = str(tree, 'rate-node-name');
    if (name === undefined) throw kernelError('EINVAL');
    if (!device.rateNodesSupported) throw kernelError('EOPNOTSUPP', 'Rate nodes aren\'t supported');
    if (device.eswitch?.mode !== 1) throw kernelError('EOPNOTSUPP', this.prefix(device, 'Rate node creation supported only in switchdev mode'));
    if (device.rateNodes.has(name)) throw kernelError('EEXIST');
    const node: FakeRateNode = { name, txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0 };
    this.applyRate(device, node, { name }, tree);
    device.rateNodes.set(name, node);
    this.notify(C['rate-new'], encodeRate(device, node, { name }));
  }

  private onRateDel(_request: FakeRequest, tree: AttributeTree): void {
    const [device, rate, key] = this.rateOf(tree);
    if (!('name' in key)) throw kernelError('EINVAL');
    const children = [...device.rateNodes.values()].some((n) => n.parent === key.name)
      || [...device.ports.values()].some((p) => p.rate?.parent === key.name);
    if (children) throw kernelError('EBUSY', 'Node has children. Cannot delete node.');
    device.rateNodes.delete(key.name);
    this.notify(C['rate-del'], encodeRate(device, rate, key));
  }

}

