/**
 * The library's objects rendered the way iproute2 6.1's `devlink -j` prints them, so the
 * differential tests can compare the two views with one deep equality. Written from iproute2's
 * observable JSON (keys, units, what it omits), not from our CLI's printer: the point is an
 * independent reference.
 */
import type {
  DevlinkDevice, DevlinkEswitch, DevlinkInfo, DevlinkParam, DevlinkPort, DevlinkRate, ParamValue,
} from '../../../src/index.js';

type Json = Record<string, unknown>;

/** `devlink -j dev show`: handle -> {} (netdevsim has no nested instances). */
export function devicesView(devices: readonly DevlinkDevice[]): Json {
  return { dev: Object.fromEntries(devices.map((d) => [d.handle, {}])) };
}

/** `devlink -j port show`: handle -> type, netdev, flavour, numbers, splittable (+ function). */
export function portsView(ports: readonly DevlinkPort[]): Json {
  return { port: Object.fromEntries(ports.map((p) => [p.handle, portView(p)])) };
}

function portView(p: DevlinkPort): Json {
  const view: Json = {};
  if (p.type !== undefined) view.type = p.type;
  if (p.netdevName !== undefined) view.netdev = p.netdevName;
  if (p.ibdevName !== undefined) view.ibdev = p.ibdevName;
  if (p.flavour !== undefined) view.flavour = p.flavour;
  if (p.flavour === 'pcipf' || p.flavour === 'pcivf' || p.flavour === 'pcisf') {
    if (p.controller !== undefined) view.controller = p.controller;
    if (p.pfnum !== undefined) view.pfnum = p.pfnum;
    if (p.vfnum !== undefined) view.vfnum = p.vfnum;
    if (p.sfnum !== undefined) view.sfnum = p.sfnum;
    if (p.external !== undefined) view.external = p.external;
  } else if (p.portNumber !== undefined) view.port = p.portNumber;
  if (p.splitGroup !== undefined) view.split_group = p.splitGroup;
  if (p.splittable !== undefined) view.splittable = p.splittable;
  if (p.lanes !== undefined) view.lanes = p.lanes;
  if (p.function !== undefined) {
    const fn: Json = {};
    if (p.function.hwAddr !== undefined) fn.hw_addr = p.function.hwAddr;
    if (p.function.state !== undefined) fn.state = p.function.state;
    if (p.function.opstate !== undefined) fn.opstate = p.function.opstate;
    view.function = fn;
  }
  return view;
}

/** `devlink -j port function rate show`: handle -> type, non-zero tx_share/tx_max (bytes/s), parent. */
export function ratesView(rates: readonly DevlinkRate[]): Json {
  return {
    rate: Object.fromEntries(
      rates.map((r) => {
        const view: Json = { type: r.type };
        if (r.txShare) view.tx_share = Number(r.txShare);
        if (r.txMax) view.tx_max = Number(r.txMax);
        if (r.txPriority) view.tx_priority = r.txPriority;
        if (r.txWeight) view.tx_weight = r.txWeight;
        if (r.parent) view.parent = r.parent;
        return [r.handle, view];
      }),
    ),
  };
}

/** `devlink -j dev eswitch show DEV`: mode, inline-mode, encap-mode (as far as the driver reports them). */
export function eswitchView(e: DevlinkEswitch): Json {
  const view: Json = {};
  if (e.mode !== undefined) view.mode = e.mode;
  if (e.inlineMode !== undefined) view['inline-mode'] = e.inlineMode;
  if (e.encapMode !== undefined) view['encap-mode'] = e.encapMode === 'none' ? 'disable' : e.encapMode;
  return { dev: { [e.handle]: view } };
}

/** `devlink -j dev param show`: handle -> [{ name, type: generic|driver-specific, values }]. */
export function paramsView(params: readonly DevlinkParam[]): Json {
  const byDevice: Record<string, Json[]> = {};
  for (const p of params) {
    (byDevice[p.handle] ??= []).push({
      name: p.name,
      type: p.generic ? 'generic' : 'driver-specific',
      values: p.values.map((v) => ({ cmode: v.cmode, value: jsonValue(v.value) })),
    });
  }
  return { param: byDevice };
}

function jsonValue(value: ParamValue | undefined): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** `devlink -j dev info DEV`: driver, serial numbers, versions grouped by kind (empty kinds omitted). */
export function infoView(info: DevlinkInfo): Json {
  const view: Json = {};
  if (info.driver !== undefined) view.driver = info.driver;
  if (info.serialNumber !== undefined) view.serial_number = info.serialNumber;
  if (info.boardSerialNumber !== undefined) view['board.serial_number'] = info.boardSerialNumber;
  const versions: Json = {};
  for (const kind of ['fixed', 'running', 'stored'] as const) {
    const list = info.versions[kind];
    if (list.length > 0) versions[kind] = Object.fromEntries(list.map((v) => [v.name, v.value]));
  }
  if (Object.keys(versions).length > 0) view.versions = versions;
  return { info: { [info.handle]: view } };
}
