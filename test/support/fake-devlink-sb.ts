/**
 * Shared buffers and dpipe for the fake devlink, modelled on the objsim test module
 * (test/kmod/objsim/README.md): per device, sb 0 (4 + 4 pools, pool 7 reserved static) and sb 1
 * (2 + 2 pools), 8 + 8 TCs, thresholds, occupancy set by a snapshot; dpipe headers ethernet and
 * ipv4 and the table objsim_host4 (match ipv4 dst ip, action ethernet dst mac) with three entries.
 *
 * Why a wrapper instead of cases in fake-devlink.ts: these handlers and their state stay in one
 * file; `installSbDpipe` puts itself in front of the fake's own handler and passes every other
 * command on.
 */
import { encodeAttributes, decodeAttributes, type AttributeTree, type EncodeObject } from '../../src/devlink/codec.js';
import { DEVLINK_CMD as C } from '../../src/devlink/spec/index.js';
import { num, str } from '../../src/devlink/tree.js';
import type { FakeDevlink } from './fake-devlink.js';
import { kernelError } from './fake-devlink-state.js';
import type { FakeRequest } from './fake-kernel.js';
import { doneMessage } from './netlink-builders.js';

interface Pool { type: 0 | 1; size: number; thtype: 0 | 1 }
interface Sb { index: number; size: number; ingressPools: number; egressPools: number; tcs: number; pools: Pool[] }
interface Binding { pool: number; threshold: number }
interface Occupancy { cur: number; max: number }
interface DeviceSb {
  ports: number[];
  sbs: Sb[];
  /** key `port/sb/pool` */
  portThresholds: Map<string, number>;
  /** key `port/sb/type/tc` */
  bindings: Map<string, Binding>;
  /** key `port/sb/pool` or `port/sb/tc/type/tc` */
  occupancy: Map<string, Occupancy>;
  dpipe: { countersEnabled: boolean };
}

const PREFIX = 'objsim: ';
/** objsim_host4_entries (test/kmod/objsim/dpipe.c): 192.0.2.1, 192.0.2.2, 198.51.100.1. */
const HOST4_ENTRIES: readonly { ip: number; mac: readonly number[] }[] = [
  { ip: 0xc0000201, mac: [0x02, 0x00, 0x00, 0x00, 0x00, 0x01] },
  { ip: 0xc0000202, mac: [0x02, 0x00, 0x00, 0x00, 0x00, 0x02] },
  { ip: 0xc6336401, mac: [0x02, 0x00, 0x00, 0x00, 0x01, 0x01] },
];

function makeSbs(): Sb[] {
  const pool = (type: 0 | 1, size: number, thtype: 0 | 1 = 1): Pool => ({ type, size, thtype });
  return [
    { index: 0, size: 12000000, ingressPools: 4, egressPools: 4, tcs: 8, pools: [pool(0, 6000000), pool(0, 3000000), pool(0, 960000), pool(0, 0), pool(1, 6000000), pool(1, 3000000), pool(1, 960000), pool(1, 96000, 0)] },
    { index: 1, size: 3000000, ingressPools: 2, egressPools: 2, tcs: 8, pools: [pool(0, 1500000), pool(0, 960000), pool(1, 1500000), pool(1, 960000)] },
  ];
}

function defaultThreshold(pool: Pool): number {
  return pool.thtype === 1 ? 10 : pool.size;
}

/** The sb/dpipe state of the fake's devices, and the handler in front of the fake's own. */
export class FakeSbDpipe {
  readonly devices = new Map<string, DeviceSb>();

  constructor(private readonly fake: FakeDevlink) {
    const fallback = (request: FakeRequest): void => (fake as unknown as { handle(r: FakeRequest): void }).handle(request);
    fake.kernel.setHandler(fake.family, (request) => {
      if (!this.handles(request.command)) return fallback(request);
      return this.handle(request, decodeAttributes(request.genl.attributes, 'devlink'));
    });
  }

  /** Gives a device of the fake objsim's shared buffers, dpipe, and its ports 0 and 1. */
  add(handle: string): void {
    const device = this.fake.devices.get(handle);
    if (!device) throw new Error(`fake sb: no device ${handle}`);
    for (const index of [0, 1]) {
      this.fake.putPort(device, { index, flavour: 'physical', type: 'notset', splittable: false, portNumber: index });
    }
    const state: DeviceSb = { ports: [0, 1], sbs: makeSbs(), portThresholds: new Map(), bindings: new Map(), occupancy: new Map(), dpipe: { countersEnabled: false } };
    for (const port of state.ports) {
      for (const sb of state.sbs) {
        sb.pools.forEach((pool, index) => state.portThresholds.set(`${port}/${sb.index}/${index}`, defaultThreshold(pool)));
        for (let tc = 0; tc < sb.tcs; tc++) {
          state.bindings.set(`${port}/${sb.index}/0/${tc}`, { pool: 0, threshold: 10 });
          state.bindings.set(`${port}/${sb.index}/1/${tc}`, { pool: sb.ingressPools, threshold: 10 });
        }
      }
    }
    this.devices.set(handle, state);
  }

  private handles(command: number): boolean {
    return [
      C['sb-get'], C['sb-pool-get'], C['sb-pool-set'], C['sb-port-pool-get'], C['sb-port-pool-set'],
      C['sb-tc-pool-bind-get'], C['sb-tc-pool-bind-set'], C['sb-occ-snapshot'], C['sb-occ-max-clear'],
      C['dpipe-table-get'], C['dpipe-entries-get'], C['dpipe-headers-get'], C['dpipe-table-counters-set'],
    ].includes(command);
  }

  private handle(request: FakeRequest, tree: AttributeTree): void {
    switch (request.command) {
      case C['sb-get']: return this.each(request, tree, 'sb', (h, d, sb) => request.reply(C['sb-new'], this.encodeSb(h, sb)));
      case C['sb-pool-get']: return this.each(request, tree, 'pool', (h, d, sb) => {
        const indexes = request.isDump ? sb.pools.map((_, i) => i) : [this.poolIndex(sb, tree)];
        for (const i of indexes) request.reply(C['sb-pool-new'], this.encodePool(h, sb, i));
      });
      case C['sb-port-pool-get']: return this.each(request, tree, 'port', (h, d, sb, port) => {
        const indexes = request.isDump ? sb.pools.map((_, i) => i) : [this.poolIndex(sb, tree)];
        for (const i of indexes) request.reply(C['sb-port-pool-new'], this.encodePortPool(h, d, sb, port, i));
      });
      case C['sb-tc-pool-bind-get']: return this.each(request, tree, 'port', (h, d, sb, port) => {
        if (!request.isDump) {
          const type = this.poolType(tree);
          return void request.reply(C['sb-tc-pool-bind-new'], this.encodeBinding(h, d, sb, port, type, this.tcIndex(sb, tree)));
        }
        for (const type of [0, 1] as const) for (let tc = 0; tc < sb.tcs; tc++) request.reply(C['sb-tc-pool-bind-new'], this.encodeBinding(h, d, sb, port, type, tc));
      });
      case C['sb-pool-set']: return this.poolSet(tree);
      case C['sb-port-pool-set']: return this.portPoolSet(tree);
      case C['sb-tc-pool-bind-set']: return this.bindSet(tree);
      case C['sb-occ-snapshot']: return this.snapshot(tree);
      case C['sb-occ-max-clear']: {
        const [, d, sb] = this.target(tree);
        for (const [key, value] of d.occupancy) if (key.split('/')[1] === String(sb.index)) value.max = 0;
        return;
      }
      case C['dpipe-headers-get']: return this.multi(request, C['dpipe-headers-get'], this.encodeHeaders(tree));
      case C['dpipe-table-get']: return this.multi(request, C['dpipe-table-get'], this.encodeTables(tree));
      case C['dpipe-entries-get']: return this.multi(request, C['dpipe-entries-get'], this.encodeEntries(tree));
      case C['dpipe-table-counters-set']: {
        const [, d] = this.dpipeTable(tree, true);
        const enabled = num(tree, 'dpipe-table-counters-enabled');
        if (enabled === undefined) throw kernelError('EINVAL');
        d.dpipe.countersEnabled = enabled !== 0;
        return;
      }
      default:
        throw kernelError('EOPNOTSUPP');
    }
  }

  /** A device with shared buffers, by the request's handle. */
  private deviceOf(tree: AttributeTree): [string, DeviceSb] {
    const handle = `${str(tree, 'bus-name') ?? ''}/${str(tree, 'dev-name') ?? ''}`;
    if (!this.fake.devices.has(handle)) throw kernelError('ENODEV');
    const state = this.devices.get(handle);
    if (!state) throw kernelError('EOPNOTSUPP');
    return [handle, state];
  }

  /** devlink_sb_get_from_attrs: EINVAL without an sb index, ENODEV for an index the device lacks. */
  private sbOf(d: DeviceSb, tree: AttributeTree): Sb {
    const index = num(tree, 'sb-index');
    if (index === undefined) throw kernelError('EINVAL');
    const sb = d.sbs.find((s) => s.index === index);
    if (!sb) throw kernelError('ENODEV');
    return sb;
  }

  private target(tree: AttributeTree): [string, DeviceSb, Sb] {
    const [handle, d] = this.deviceOf(tree);
    return [handle, d, this.sbOf(d, tree)];
  }

  private portOf(d: DeviceSb, tree: AttributeTree): number {
    const port = num(tree, 'port-index');
    if (port === undefined || !d.ports.includes(port)) throw kernelError('ENODEV');
    return port;
  }

  private poolIndex(sb: Sb, tree: AttributeTree): number {
    const pool = num(tree, 'sb-pool-index');
    if (pool === undefined || pool >= sb.pools.length) throw kernelError('EINVAL');
    return pool;
  }

  private poolType(tree: AttributeTree): 0 | 1 {
    const type = num(tree, 'sb-pool-type');
    if (type !== 0 && type !== 1) throw kernelError('EINVAL');
    return type;
  }

  private tcIndex(sb: Sb, tree: AttributeTree): number {
    const tc = num(tree, 'sb-tc-index');
    if (tc === undefined || tc >= sb.tcs) throw kernelError('EINVAL');
    return tc;
  }

  /**
   * Dumps walk every device (or the one named), sb and port; a do-request names one of each.
   * `level` says which objects are per port.
   */
  private each(request: FakeRequest, tree: AttributeTree, level: 'sb' | 'pool' | 'port', visit: (handle: string, d: DeviceSb, sb: Sb, port: number) => void): void {
    if (!request.isDump) {
      const [handle, d, sb] = this.target(tree);
      visit(handle, d, sb, level === 'port' ? this.portOf(d, tree) : -1);
      return;
    }
    for (const device of this.fake.selected(tree)) {
      const handle = `${device.busName}/${device.deviceName}`;
      const d = this.devices.get(handle);
      if (!d) continue;
      for (const sb of d.sbs) {
        if (level !== 'port') visit(handle, d, sb, -1);
        else for (const port of d.ports) visit(handle, d, sb, port);
      }
    }
  }

  private threshold(sb: Sb, pool: number, threshold: number | undefined): number {
    if (threshold === undefined) throw kernelError('EINVAL');
    const type = sb.pools[pool]?.thtype;
    if (type === 1 && (threshold < 1 || threshold > 14)) throw kernelError('EINVAL', `${PREFIX}Dynamic threshold ${threshold} out of range 1-14`);
    if (type === 0 && threshold > sb.size) throw kernelError('EINVAL', `${PREFIX}Static threshold ${threshold} exceeds shared buffer size ${sb.size}`);
    return threshold;
  }

  private poolSet(tree: AttributeTree): void {
    const [, d, sb] = this.target(tree);
    const index = this.poolIndex(sb, tree);
    const pool = sb.pools[index]!;
    const size = num(tree, 'sb-pool-size');
    const thtype = num(tree, 'sb-pool-threshold-type');
    if (size === undefined || (thtype !== 0 && thtype !== 1)) throw kernelError('EINVAL');
    if (size > sb.size) throw kernelError('EINVAL', `${PREFIX}Pool size ${size} exceeds shared buffer size ${sb.size}`);
    if (sb.index === 0 && index === 7) {
      if (thtype !== pool.thtype) throw kernelError('EINVAL', `${PREFIX}Pool 7 is reserved, its threshold type cannot change`);
      if (size !== pool.size) throw kernelError('EINVAL', `${PREFIX}Pool 7 is reserved, its size cannot change`);
    }
    const typeChanged = thtype !== pool.thtype;
    pool.size = size;
    pool.thtype = thtype;
    if (!typeChanged) return;
    for (const port of d.ports) {
      d.portThresholds.set(`${port}/${sb.index}/${index}`, defaultThreshold(pool));
      for (const [key, binding] of d.bindings) if (key.startsWith(`${port}/${sb.index}/`) && binding.pool === index) binding.threshold = defaultThreshold(pool);
    }
  }

  private portPoolSet(tree: AttributeTree): void {
    const [, d, sb] = this.target(tree);
    const port = this.portOf(d, tree);
    const pool = this.poolIndex(sb, tree);
    d.portThresholds.set(`${port}/${sb.index}/${pool}`, this.threshold(sb, pool, num(tree, 'sb-threshold')));
  }

  private bindSet(tree: AttributeTree): void {
    const [, d, sb] = this.target(tree);
    const port = this.portOf(d, tree);
    const type = this.poolType(tree);
    const tc = this.tcIndex(sb, tree);
    const pool = this.poolIndex(sb, tree);
    const threshold = num(tree, 'sb-threshold');
    if (threshold === undefined) throw kernelError('EINVAL');
    const poolType = sb.pools[pool]!.type;
    const names = ['ingress', 'egress'];
    if (poolType !== type) throw kernelError('EINVAL', `${PREFIX}Cannot bind ${names[type]} TC ${tc} to ${names[poolType]} pool ${pool}`);
    if (sb.index === 0 && pool === 7) throw kernelError('EINVAL', `${PREFIX}Pool 7 is reserved, TCs cannot be bound to it`);
    d.bindings.set(`${port}/${sb.index}/${type}/${tc}`, { pool, threshold: this.threshold(sb, pool, threshold) });
  }

  private snapshot(tree: AttributeTree): void {
    const [, d, sb] = this.target(tree);
    const s = sb.index;
    for (const p of d.ports) {
      sb.pools.forEach((_, i) => {
        const cur = 96 * (100 * (p + 1) + 10 * s + i);
        d.occupancy.set(`${p}/${s}/${i}`, { cur, max: 2 * cur });
      });
      for (const dir of [0, 1]) {
        for (let t = 0; t < sb.tcs; t++) {
          const cur = 96 * (1000 * (p + 1) + 100 * dir + 10 * s + t);
          d.occupancy.set(`${p}/${s}/tc/${dir}/${t}`, { cur, max: 2 * cur });
        }
      }
    }
  }

  private occupancy(d: DeviceSb, key: string): EncodeObject {
    const value = d.occupancy.get(key) ?? { cur: 0, max: 0 };
    return { 'sb-occ-cur': value.cur, 'sb-occ-max': value.max };
  }

  private base(handle: string): EncodeObject {
    const at = handle.lastIndexOf('/');
    return { 'bus-name': handle.slice(0, at), 'dev-name': handle.slice(at + 1) };
  }

  private encodeSb(handle: string, sb: Sb): Uint8Array {
    return encodeAttributes('devlink', {
      ...this.base(handle), 'sb-index': sb.index, 'sb-size': sb.size, 'sb-ingress-pool-count': sb.ingressPools,
      'sb-egress-pool-count': sb.egressPools, 'sb-ingress-tc-count': sb.tcs, 'sb-egress-tc-count': sb.tcs,
    });
  }

  private encodePool(handle: string, sb: Sb, index: number): Uint8Array {
    const pool = sb.pools[index]!;
    return encodeAttributes('devlink', {
      ...this.base(handle), 'sb-index': sb.index, 'sb-pool-index': index, 'sb-pool-type': pool.type, 'sb-pool-size': pool.size,
      'sb-pool-threshold-type': pool.thtype, 'sb-pool-cell-size': 96,
    });
  }

  private encodePortPool(handle: string, d: DeviceSb, sb: Sb, port: number, pool: number): Uint8Array {
    return encodeAttributes('devlink', {
      ...this.base(handle), 'port-index': port, 'sb-index': sb.index, 'sb-pool-index': pool,
      'sb-threshold': d.portThresholds.get(`${port}/${sb.index}/${pool}`) ?? 0, ...this.occupancy(d, `${port}/${sb.index}/${pool}`),
    });
  }

  private encodeBinding(handle: string, d: DeviceSb, sb: Sb, port: number, type: 0 | 1, tc: number): Uint8Array {
    const binding = d.bindings.get(`${port}/${sb.index}/${type}/${tc}`)!;
    return encodeAttributes('devlink', {
      ...this.base(handle), 'port-index': port, 'sb-index': sb.index, 'sb-tc-index': tc, 'sb-pool-type': type,
      'sb-pool-index': binding.pool, 'sb-threshold': binding.threshold, ...this.occupancy(d, `${port}/${sb.index}/tc/${type}/${tc}`),
    });
  }

  /** A multi-part reply to a do-request, ended by NLMSG_DONE (devlink's dpipe replies). */
  private multi(request: FakeRequest, command: number, attributes: Uint8Array): void {
    request.reply(command, attributes, { flags: 0x2 });
    request.raw(doneMessage(request.message.seq, request.transport.portId));
  }

  private dpipeTable(tree: AttributeTree, named: boolean): [string, DeviceSb] {
    const [handle, d] = this.deviceOf(tree);
    const name = str(tree, 'dpipe-table-name');
    if ((named && name === undefined) || (name !== undefined && name !== 'objsim_host4')) throw kernelError('EINVAL');
    return [handle, d];
  }

  private encodeHeaders(tree: AttributeTree): Uint8Array {
    const [handle] = this.deviceOf(tree);
    const field = (name: string, id: number, bitwidth: number) => ({ 'dpipe-field-name': name, 'dpipe-field-id': id, 'dpipe-field-bitwidth': bitwidth, 'dpipe-field-mapping-type': 0 });
    return encodeAttributes('devlink', {
      ...this.base(handle),
      'dpipe-headers': {
        'dpipe-header': [
          { 'dpipe-header-name': 'ethernet', 'dpipe-header-id': 0, 'dpipe-header-global': 1, 'dpipe-header-fields': { 'dpipe-field': [field('destination mac', 0, 48)] } },
          { 'dpipe-header-name': 'ipv4', 'dpipe-header-id': 1, 'dpipe-header-global': 1, 'dpipe-header-fields': { 'dpipe-field': [field('destination ip', 0, 32)] } },
        ],
      },
    });
  }

  /** devlink_dpipe_tables_fill: every table, or the one named (none when the name is unknown: an empty list, no error). */
  private encodeTables(tree: AttributeTree): Uint8Array {
    const [handle, d] = this.deviceOf(tree);
    const name = str(tree, 'dpipe-table-name');
    const ref = (headerId: number) => ({ 'dpipe-header-id': headerId, 'dpipe-header-global': 1, 'dpipe-header-index': 0, 'dpipe-field-id': 0 });
    return encodeAttributes('devlink', {
      ...this.base(handle),
      'dpipe-tables': {
        'dpipe-table': name !== undefined && name !== 'objsim_host4' ? [] : [{
          'dpipe-table-name': 'objsim_host4', 'dpipe-table-size': BigInt(HOST4_ENTRIES.length), 'dpipe-table-resource-id': 1n, 'dpipe-table-resource-units': 1n,
          'dpipe-table-matches': { 'dpipe-match': [{ 'dpipe-match-type': 0, ...ref(1) }] },
          'dpipe-table-actions': { 'dpipe-action': [{ 'dpipe-action-type': 0, ...ref(0) }] },
          'dpipe-table-counters-enabled': d.dpipe.countersEnabled ? 1 : 0,
        }],
      },
    });
  }

  private encodeEntries(tree: AttributeTree): Uint8Array {
    const [handle, d] = this.dpipeTable(tree, true);
    const ref = (headerId: number) => ({ 'dpipe-header-id': headerId, 'dpipe-header-global': 1, 'dpipe-header-index': 0, 'dpipe-field-id': 0 });
    const ip = (value: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, value, true); return b; };
    return encodeAttributes('devlink', {
      ...this.base(handle),
      'dpipe-entries': {
        'dpipe-entry': HOST4_ENTRIES.map((entry, i) => ({
          'dpipe-entry-index': BigInt(i),
          'dpipe-entry-match-values': { 'dpipe-match-value': [{ 'dpipe-match': { 'dpipe-match-type': 0, ...ref(1) }, 'dpipe-value': ip(entry.ip) }] },
          'dpipe-entry-action-values': { 'dpipe-action-value': [{ 'dpipe-action': { 'dpipe-action-type': 0, ...ref(0) }, 'dpipe-value': Uint8Array.from(entry.mac) }] },
          ...(d.dpipe.countersEnabled ? { 'dpipe-entry-counter': BigInt(1000 * (i + 1)) } : {}),
        })),
      },
    });
  }
}

/** Puts sb/dpipe handling in front of `fake`'s own handler. */
export function installSbDpipe(fake: FakeDevlink): FakeSbDpipe {
  return new FakeSbDpipe(fake);
}
