/**
 * Decoders from attribute trees to the typed objects of ./types.ts.
 *
 * Why separate from the client: the same decoders serve replies, dumps and notifications (events),
 * and the fake devlink's tests; they never fail on a missing optional attribute, and fail with a
 * DevlinkReplyError only when an object lacks its identity (bus, device, index).
 */
import type { AttributeTree } from './codec.js';
import { DevlinkReplyError } from './errors.js';
import {
  ESWITCH_ENCAP_MODE, ESWITCH_INLINE_MODE, ESWITCH_MODE, PORT_FLAVOUR, PORT_FN_CAP, PORT_FN_OPSTATE,
  PORT_FN_STATE, PORT_TYPE, RATE_TYPE, RELOAD_ACTION, RELOAD_LIMIT,
} from './spec/enums.js';
import { big, bitfield, bool, bytes, enumValue, nameOf, nest, nests, num, str } from './tree.js';
import type {
  DevlinkDevice, DevlinkEswitch, DevlinkInfo, DevlinkPort, DevlinkPortFunction, DevlinkRate,
  EswitchEncapMode, EswitchInlineMode, EswitchMode, InfoVersion, NestedDevlinkHandle, PortFlavour,
  PortFunctionOpstate, PortFunctionState, PortType, RateType, ReloadAction, ReloadLimit, ReloadResult,
  ReloadStatsEntry, UnknownEnumValue, DeviceIdentity,
} from './types.js';

/** `00`..`ff`: formatHwAddr runs for every port of every dump and notification. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Formats hardware address bytes as `aa:bb:cc:dd:ee:ff`. */
export function formatHwAddr(address: Uint8Array): string {
  let text = '';
  for (let i = 0; i < address.length; i++) text += (i === 0 ? '' : ':') + HEX_BYTES[address[i]!]!;
  return text;
}

/**
 * Copies the entries of `fields` that are not undefined onto `target`, in order. Why not `delete`
 * the undefined ones: deleting turns an object into a slow dictionary, which every port of a
 * 1024-port dump then paid for (a quarter of listPorts' time).
 */
function assignDefined(target: Record<string, unknown>, fields: Record<string, unknown>): void {
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined) target[key] = value;
  }
}

/**
 * Reads the device an object of any kind belongs to (bus-name, dev-name): the one reader every
 * decoder uses. A message without them is a DevlinkReplyError naming the object (`what`).
 */
export function identity(tree: AttributeTree, what: string): DeviceIdentity {
  const busName = str(tree, 'bus-name');
  const deviceName = str(tree, 'dev-name');
  if (busName === undefined || deviceName === undefined) {
    throw new DevlinkReplyError(`devlink ${what} message without bus-name/dev-name`);
  }
  return { busName, deviceName, handle: `${busName}/${deviceName}` };
}

/** Decodes a nested devlink handle nest. */
export function decodeNestedHandle(tree: AttributeTree): NestedDevlinkHandle | undefined {
  const busName = str(tree, 'bus-name');
  const deviceName = str(tree, 'dev-name');
  if (busName === undefined || deviceName === undefined) return undefined;
  const netnsId = num(tree, 'netns-id');
  return { handle: `${busName}/${deviceName}`, busName, deviceName, ...(netnsId !== undefined ? { netnsId } : {}) };
}

function decodeReloadStats(tree: AttributeTree | undefined): ReloadStatsEntry[] | undefined {
  if (!tree) return undefined;
  const entries: ReloadStatsEntry[] = [];
  for (const info of nests(tree, 'reload-action-info')) {
    const action = enumValue<ReloadAction | 'unspec'>(info, 'reload-action', RELOAD_ACTION) ?? 'unspec';
    for (const stats of nests(info, 'reload-action-stats')) {
      for (const entry of nests(stats, 'reload-stats-entry')) {
        entries.push({
          action,
          limit: enumValue<ReloadLimit | 'unspec'>(entry, 'reload-stats-limit', RELOAD_LIMIT) ?? 'unspec',
          value: num(entry, 'reload-stats-value') ?? 0,
        });
      }
    }
  }
  return entries;
}

/** Decodes a device (GET reply / NEW, DEL notification). */
export function decodeDevice(tree: AttributeTree): DevlinkDevice {
  const { busName, deviceName } = identity(tree, 'device');
  const reloadFailed = bool(tree, 'reload-failed');
  const devStats = nest(tree, 'dev-stats');
  const reloadStats = decodeReloadStats(devStats && nest(devStats, 'reload-stats'));
  const remoteReloadStats = decodeReloadStats(devStats && nest(devStats, 'remote-reload-stats'));
  return {
    handle: `${busName}/${deviceName}`,
    busName,
    deviceName,
    ...(reloadFailed !== undefined ? { reloadFailed } : {}),
    ...(reloadStats ? { reloadStats } : {}),
    ...(remoteReloadStats ? { remoteReloadStats } : {}),
    nestedDevlinks: nests(tree, 'nested-devlink').map(decodeNestedHandle).filter((h): h is NestedDevlinkHandle => h !== undefined),
    attributes: tree,
  };
}

/** Decodes an ESWITCH_GET reply. */
export function decodeEswitch(tree: AttributeTree): DevlinkEswitch {
  const device = identity(tree, 'eswitch');
  const mode = enumValue<EswitchMode>(tree, 'eswitch-mode', ESWITCH_MODE);
  const inlineMode = enumValue<EswitchInlineMode>(tree, 'eswitch-inline-mode', ESWITCH_INLINE_MODE);
  const encapMode = enumValue<EswitchEncapMode>(tree, 'eswitch-encap-mode', ESWITCH_ENCAP_MODE);
  return {
    ...device,
    ...(mode !== undefined ? { mode } : {}),
    ...(inlineMode !== undefined ? { inlineMode } : {}),
    ...(encapMode !== undefined ? { encapMode } : {}),
    attributes: tree,
  };
}

function versions(tree: AttributeTree, name: string): InfoVersion[] {
  return nests(tree, name).map((v) => ({ name: str(v, 'info-version-name') ?? '', value: str(v, 'info-version-value') ?? '' }));
}

/** Decodes an INFO_GET reply. */
export function decodeInfo(tree: AttributeTree): DevlinkInfo {
  const device = identity(tree, 'info');
  const driver = str(tree, 'info-driver-name');
  const serialNumber = str(tree, 'info-serial-number');
  const boardSerialNumber = str(tree, 'info-board-serial-number');
  return {
    ...device,
    ...(driver !== undefined ? { driver } : {}),
    ...(serialNumber !== undefined ? { serialNumber } : {}),
    ...(boardSerialNumber !== undefined ? { boardSerialNumber } : {}),
    versions: {
      fixed: versions(tree, 'info-version-fixed'),
      running: versions(tree, 'info-version-running'),
      stored: versions(tree, 'info-version-stored'),
    },
    attributes: tree,
  };
}

/** Decodes the port-function nest. */
export function decodePortFunction(tree: AttributeTree): DevlinkPortFunction {
  const address = bytes(tree, 'hw-addr');
  const state = enumValue<PortFunctionState>(tree, 'state', PORT_FN_STATE);
  const opstate = enumValue<PortFunctionOpstate>(tree, 'opstate', PORT_FN_OPSTATE);
  const raw = bitfield(tree, 'caps');
  const maxIoEqs = num(tree, 'max-io-eqs');
  const devlinkNest = nest(tree, 'devlink');
  const devlink = devlinkNest && decodeNestedHandle(devlinkNest);
  let caps: DevlinkPortFunction['caps'];
  if (raw) {
    const bit = (name: string): boolean | undefined => {
      const position = PORT_FN_CAP.byName.get(name)!;
      return (raw.selector >>> position) & 1 ? ((raw.value >>> position) & 1) === 1 : undefined;
    };
    const roce = bit('roce');
    const migratable = bit('migratable');
    const ipsecCrypto = bit('ipsec_crypto');
    const ipsecPacket = bit('ipsec_packet');
    caps = {
      ...(roce !== undefined ? { roce } : {}),
      ...(migratable !== undefined ? { migratable } : {}),
      ...(ipsecCrypto !== undefined ? { ipsecCrypto } : {}),
      ...(ipsecPacket !== undefined ? { ipsecPacket } : {}),
      raw,
    };
  }
  return {
    ...(address ? { hwAddr: formatHwAddr(address) } : {}),
    ...(state !== undefined ? { state } : {}),
    ...(opstate !== undefined ? { opstate } : {}),
    ...(caps ? { caps } : {}),
    ...(maxIoEqs !== undefined ? { maxIoEqs } : {}),
    ...(devlink ? { devlink } : {}),
    attributes: tree,
  };
}

/** Decodes a port (PORT_GET reply with command NEW or PORT_NEW, PORT_NEW/PORT_DEL notification). */
export function decodePort(tree: AttributeTree): DevlinkPort {
  const { busName, deviceName } = identity(tree, 'port');
  const index = num(tree, 'port-index');
  if (index === undefined) throw new DevlinkReplyError(`devlink port message for ${busName}/${deviceName} without port-index`);
  const fnTree = nest(tree, 'port-function');
  const fields: Record<string, unknown> = {
    type: enumValue<PortType>(tree, 'port-type', PORT_TYPE),
    desiredType: enumValue<PortType>(tree, 'port-desired-type', PORT_TYPE),
    netdevIfindex: num(tree, 'port-netdev-ifindex'),
    netdevName: str(tree, 'port-netdev-name'),
    ibdevName: str(tree, 'port-ibdev-name'),
    flavour: enumValue<PortFlavour>(tree, 'port-flavour', PORT_FLAVOUR),
    portNumber: num(tree, 'port-number'),
    splitCount: num(tree, 'port-split-count'),
    splitGroup: num(tree, 'port-split-group'),
    splitSubportNumber: num(tree, 'port-split-subport-number'),
    lanes: num(tree, 'port-lanes'),
    splittable: bool(tree, 'port-splittable'),
    controller: num(tree, 'port-controller-number'),
    external: bool(tree, 'port-external'),
    pfnum: num(tree, 'port-pci-pf-number'),
    vfnum: num(tree, 'port-pci-vf-number'),
    sfnum: num(tree, 'port-pci-sf-number'),
    linecardIndex: num(tree, 'linecard-index'),
    function: fnTree ? decodePortFunction(fnTree) : undefined,
  };
  const port: Record<string, unknown> = { handle: `${busName}/${deviceName}/${index}`, busName, deviceName, portIndex: index, index };
  assignDefined(port, fields);
  port.attributes = tree;
  return port as unknown as DevlinkPort;
}

/** Decodes a rate object (RATE_GET reply, RATE_NEW/RATE_DEL notification). */
export function decodeRate(tree: AttributeTree): DevlinkRate {
  const { busName, deviceName } = identity(tree, 'rate');
  const type = enumValue<RateType>(tree, 'rate-type', RATE_TYPE) ?? (str(tree, 'rate-node-name') !== undefined ? 'node' : 'leaf');
  const index = num(tree, 'port-index');
  const nodeName = str(tree, 'rate-node-name');
  const last = type === 'node' || index === undefined ? nodeName ?? '' : String(index);
  const fields: Record<string, unknown> = {
    portIndex: index,
    index,
    nodeName,
    txShare: big(tree, 'rate-tx-share'),
    txMax: big(tree, 'rate-tx-max'),
    txPriority: num(tree, 'rate-tx-priority'),
    txWeight: num(tree, 'rate-tx-weight'),
    parent: str(tree, 'rate-parent-node-name') || undefined,
  };
  const tc = nests(tree, 'rate-tc-bws');
  if (tc.length > 0) fields.tcBandwidths = tc.map((t) => ({ index: num(t, 'index') ?? 0, bw: num(t, 'bw') ?? 0 }));
  const rate: Record<string, unknown> = { handle: `${busName}/${deviceName}/${last}`, busName, deviceName, type };
  assignDefined(rate, fields);
  rate.attributes = tree;
  return rate as unknown as DevlinkRate;
}

/** Decodes a RELOAD reply. */
export function decodeReload(tree: AttributeTree): ReloadResult {
  const performed = bitfield(tree, 'reload-actions-performed');
  const actions: (ReloadAction | UnknownEnumValue)[] = [];
  if (performed) {
    for (let bit = 1; bit < 32; bit++) {
      if ((performed.value >>> bit) & 1) actions.push(nameOf<ReloadAction>(RELOAD_ACTION, bit));
    }
  }
  return { actionsPerformed: actions, attributes: tree };
}
