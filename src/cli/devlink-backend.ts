import type {
  DevlinkDevice,
  DevlinkEswitch,
  DevlinkInfo,
  DevlinkParam,
  DevlinkPort,
  DevlinkRate,
  ReloadResult,
  ReloadStatsEntry,
} from '../devlink/types.js';
import type { ParamType } from '../devlink/types.js';
import {
  ESWITCH_ENCAP_MODE, ESWITCH_INLINE_MODE, ESWITCH_MODE, PARAM_CMODE, PARAM_TYPE, PORT_FLAVOUR, PORT_FN_OPSTATE,
  PORT_FN_STATE, PORT_TYPE, RATE_TYPE, RELOAD_ACTION, RELOAD_LIMIT,
} from '../devlink/spec/enums.js';
import type { EnumSpec } from '../devlink/spec/types.js';
import type { Devlink, DevlinkOpenOptions } from '../devlink/client.js';
import type { DevlinkEvent } from '../devlink/ops/events.js';
import type { DeviceArg } from './args/handles.js';
import { parseHardwareAddress } from './args/values.js';
import { nameNestedNetns } from './netns-names.js';
import { CliError } from './errors.js';
import type { BackendOpenOptions, DevlinkBackend, MonitorEvent, PortRef, RateRef, RateSettings } from './backend.js';
import type {
  DeviceView,
  EswitchView,
  InfoView,
  NestedDevlinkView,
  ParamView,
  PortView,
  RateView,
  ReloadActionStatsView,
  ReloadResultView,
} from './output/views.js';

/**
 * The protocol tables' enums, by the short names this adapter uses: the library speaks enum names,
 * the CLI's views carry wire values (as iproute2's printers do), and both come from one table.
 */
const ENUMS: Record<string, EnumSpec> = {
  portType: PORT_TYPE,
  flavour: PORT_FLAVOUR,
  fnState: PORT_FN_STATE,
  opstate: PORT_FN_OPSTATE,
  rateType: RATE_TYPE,
  eswitchMode: ESWITCH_MODE,
  inlineMode: ESWITCH_INLINE_MODE,
  encapMode: ESWITCH_ENCAP_MODE,
  cmode: PARAM_CMODE,
  paramType: PARAM_TYPE,
  reloadAction: RELOAD_ACTION,
  reloadLimit: RELOAD_LIMIT,
};

/** Library enum name (or `unknown-N`) -> wire number. */
function toNumber(table: string, name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  const known = ENUMS[table]?.byName.get(name);
  if (known !== undefined) return known;
  const match = /^unknown-(\d+)$/.exec(name);
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

/** Wire number -> library enum name. */
function toName<T extends string>(table: string, value: number): T {
  const name = ENUMS[table]?.byValue.get(value);
  if (name === undefined) throw new Error(`no ${table} named for value ${value}`);
  return name as T;
}

function defined<T extends object>(object: T): T {
  for (const key of Object.keys(object)) {
    if ((object as Record<string, unknown>)[key] === undefined) delete (object as Record<string, unknown>)[key];
  }
  return object;
}

function nestedView(nested: { busName: string; deviceName: string; netnsId?: number }): NestedDevlinkView {
  return defined({ busName: nested.busName, devName: nested.deviceName, netnsId: nested.netnsId });
}

function reloadStatsView(entries: readonly ReloadStatsEntry[] | undefined): ReloadActionStatsView[] | undefined {
  if (entries === undefined) return undefined;
  const byAction = new Map<number, ReloadActionStatsView>();
  for (const entry of entries) {
    const action = toNumber('reloadAction', entry.action) ?? 0;
    let group = byAction.get(action);
    if (!group) {
      group = { action, stats: [] };
      byAction.set(action, group);
    }
    group.stats.push({ limit: toNumber('reloadLimit', entry.limit) ?? 0, value: entry.value });
  }
  return [...byAction.values()];
}

function deviceView(device: DevlinkDevice): DeviceView {
  const values = device.attributes.values as Record<string, unknown>;
  const index = values['index'];
  return defined({
    busName: device.busName,
    devName: device.deviceName,
    reloadFailed: device.reloadFailed,
    index: typeof index === 'number' || typeof index === 'bigint' ? index : undefined,
    hasDevStats: values['dev-stats'] !== undefined ? true : undefined,
    reloadStats: reloadStatsView(device.reloadStats),
    remoteReloadStats: reloadStatsView(device.remoteReloadStats),
    nestedDevlinks: device.nestedDevlinks.length > 0 ? device.nestedDevlinks.map(nestedView) : undefined,
  });
}

function portView(port: DevlinkPort): PortView {
  const fn = port.function;
  return defined({
    busName: port.busName,
    devName: port.deviceName,
    portIndex: port.index,
    type: toNumber('portType', port.type),
    desiredType: toNumber('portType', port.desiredType),
    netdevName: port.netdevName,
    ibdevName: port.ibdevName,
    flavour: toNumber('flavour', port.flavour),
    controller: port.controller,
    pfnum: port.pfnum,
    vfnum: port.vfnum,
    sfnum: port.sfnum,
    external: port.external,
    linecard: port.linecardIndex,
    portNumber: port.portNumber,
    splitGroup: port.splitGroup,
    splittable: port.splittable,
    lanes: port.lanes,
    function: fn
      ? defined({
          hwAddr: fn.hwAddr !== undefined ? parseHardwareAddress(fn.hwAddr) : undefined,
          state: toNumber('fnState', fn.state),
          opstate: toNumber('opstate', fn.opstate),
          caps: fn.caps ? { value: fn.caps.raw.value, selector: fn.caps.raw.selector } : undefined,
          maxIoEqs: fn.maxIoEqs,
          devlink: fn.devlink ? nestedView(fn.devlink) : undefined,
        })
      : undefined,
  });
}

function rateView(rate: DevlinkRate): RateView {
  return defined({
    busName: rate.busName,
    devName: rate.deviceName,
    portIndex: rate.index,
    nodeName: rate.nodeName,
    type: toNumber('rateType', rate.type),
    txShare: rate.txShare,
    txMax: rate.txMax,
    txPriority: rate.txPriority,
    txWeight: rate.txWeight,
    parent: rate.parent,
    tcBandwidths: rate.tcBandwidths?.map((tc) => ({ index: tc.index, bandwidth: tc.bw })),
  });
}

function handleParts(handle: string): DeviceArg {
  const at = handle.indexOf('/');
  return { busName: handle.slice(0, at), devName: handle.slice(at + 1) };
}

function eswitchView(eswitch: DevlinkEswitch): EswitchView {
  return defined({
    ...handleParts(eswitch.handle),
    mode: toNumber('eswitchMode', eswitch.mode),
    inlineMode: toNumber('inlineMode', eswitch.inlineMode),
    encapMode: toNumber('encapMode', eswitch.encapMode),
  });
}

function infoView(info: DevlinkInfo): InfoView {
  return defined({
    ...handleParts(info.handle),
    driver: info.driver,
    serialNumber: info.serialNumber,
    boardSerialNumber: info.boardSerialNumber,
    fixed: [...info.versions.fixed],
    running: [...info.versions.running],
    stored: [...info.versions.stored],
  });
}

/** A decoded parameter as the CLI prints it (also used for port parameters). */
export function paramView(param: DevlinkParam): ParamView {
  return {
    ...handleParts(param.handle),
    name: param.name,
    type: toNumber('paramType', param.type) ?? 0,
    generic: param.generic,
    values: param.values.map((value) =>
      defined({
        cmode: toNumber('cmode', value.cmode) ?? 0,
        data: value.value === false ? undefined : value.value,
        defaultData: value.defaultValue,
      }),
    ),
  };
}

function reloadView(dev: DeviceArg, result: ReloadResult): ReloadResultView | undefined {
  // The kernel answers a reload with no message unless an action or limit was given (for
  // backward compatibility); then there is nothing to print.
  if (Object.keys(result.attributes.values).length === 0) return undefined;
  let bits = 0;
  for (const action of result.actionsPerformed) bits |= 1 << (toNumber('reloadAction', action) ?? 0);
  return { ...dev, actionsPerformed: { value: bits, selector: bits } };
}

const dev = (d: DeviceArg): { busName: string; deviceName: string } => ({ busName: d.busName, deviceName: d.devName });
const port = (p: PortRef) => ({ busName: p.busName, deviceName: p.devName, index: p.portIndex });
const rate = (r: RateRef) =>
  r.nodeName !== undefined
    ? { kind: 'node' as const, busName: r.busName, deviceName: r.devName, nodeName: r.nodeName }
    : { kind: 'leaf' as const, busName: r.busName, deviceName: r.devName, index: r.portIndex };

const node = (n: DeviceArg & { nodeName: string }) => ({ busName: n.busName, deviceName: n.devName, nodeName: n.nodeName });

function rateSettings(settings: RateSettings): Parameters<Devlink['setRate']>[1] {
  return defined({
    txShare: settings.txShare,
    txMax: settings.txMax,
    txPriority: settings.txPriority,
    txWeight: settings.txWeight,
    parent: settings.parent === undefined ? undefined : settings.parent === '' ? null : settings.parent,
    tcBandwidths: settings.tcBandwidths?.map((bw, index) => ({ index, bw })),
  });
}

function monitorEvent(event: DevlinkEvent): MonitorEvent | undefined {
  switch (event.kind) {
    case 'resync':
      return { kind: 'resync', reason: `notifications were lost (${event.reason.message}); state may have changed unseen` };
    case 'dev':
      return { kind: 'dev', command: event.command, view: deviceView(event.device) };
    case 'port':
      return { kind: 'port', command: event.command, view: portView(event.port) };
    case 'param':
      return { kind: 'param', command: event.command, view: paramView(event.param) };
    case 'rate':
      return { kind: 'rate', command: event.command, view: rateView(event.rate) };
    case 'unknown':
      return undefined;
    default: {
      const handle = 'handle' in event && event.handle.includes('/') ? handleParts(event.handle) : undefined;
      return { kind: 'other', object: event.kind, command: event.command, ...(handle ? { handle } : {}) };
    }
  }
}

/** Adapts the library client to the CLI's backend interface (typed results -> printer views). */
export function devlinkBackend(client: Devlink): DevlinkBackend {
  return {
    client,
    listDevices: async () => nameNestedNetns((await client.listDevices()).map(deviceView), (v) => v.nestedDevlinks ?? []),
    getDevice: async (d) => {
      const view = deviceView(await client.getDevice(dev(d)));
      await nameNestedNetns([view], (v) => v.nestedDevlinks ?? []);
      return view;
    },
    getEswitch: async (d) => eswitchView(await client.getEswitch(dev(d))),
    setEswitch: async (d, s) =>
      client.setEswitch(
        dev(d),
        defined({
          mode: s.mode === undefined ? undefined : toName('eswitchMode', s.mode),
          inlineMode: s.inlineMode === undefined ? undefined : toName('inlineMode', s.inlineMode),
          encapMode: s.encapMode === undefined ? undefined : toName('encapMode', s.encapMode),
        }) as Parameters<Devlink['setEswitch']>[1],
      ),
    listInfo: async (d) => (d ? [await client.getInfo(dev(d))] : await client.listInfo()).map(infoView),
    listParams: async (d) => (await client.listParams(d ? dev(d) : undefined)).map(paramView),
    getParam: async (d, name) => paramView(await client.getParam(dev(d), name)),
    setParam: async (d, name, cmode, type, value) => {
      if (value === undefined) {
        throw new CliError('Resetting a parameter to its default ("default") is not supported by devlink-ts yet');
      }
      return client.setParam(dev(d), name, { value, cmode: toName('cmode', cmode), type: toName<ParamType>('paramType', type) });
    },
    reload: async (d, options) =>
      reloadView(
        d,
        await client.reload(
          dev(d),
          defined({
            action: options.action === undefined ? undefined : toName('reloadAction', options.action),
            limit: options.limit === undefined ? undefined : toName('reloadLimit', options.limit),
            netns: options.netns,
          }) as Parameters<Devlink['reload']>[1],
        ),
      ),
    listPorts: async (d) => nameNestedNetns((await client.listPorts(d ? dev(d) : undefined)).map(portView), (v) => [v.function?.devlink]),
    getPort: async (p) => {
      const view = portView(await client.getPort(port(p)));
      await nameNestedNetns([view], (v) => [v.function?.devlink]);
      return view;
    },
    setPortType: (p, type) => client.setPortType(port(p), toName('portType', type)),
    splitPort: (p, count) => client.splitPort(port(p), count),
    unsplitPort: (p) => client.unsplitPort(port(p)),
    addPort: async (d, options) =>
      portView(
        await client.addPort(
          dev(d),
          defined({
            flavour: toName('flavour', options.flavour),
            pfnum: options.pfnum,
            sfnum: options.sfnum,
            controller: options.controller,
            index: options.portIndex,
          }),
        ),
      ),
    setPortFunction: (p, s) => {
      const caps: Record<string, boolean> = {};
      const names = ['roce', 'migratable', 'ipsecCrypto', 'ipsecPacket'];
      names.forEach((name, bit) => {
        if (s.caps && s.caps.selector & (1 << bit)) caps[name] = (s.caps.value & (1 << bit)) !== 0;
      });
      return client.setPortFunction(
        port(p),
        defined({
          hwAddr: s.hwAddr,
          ...caps,
          maxIoEqs: s.maxIoEqs,
          state: s.state === undefined ? undefined : toName('fnState', s.state),
        }) as Parameters<Devlink['setPortFunction']>[1],
      );
    },
    deletePort: (p) => client.deletePort(port(p)),
    listRates: async (d) => (await client.listRates(d ? dev(d) : undefined)).map(rateView),
    getRate: async (r) => rateView(await client.getRate(rate(r))),
    setRate: (r, s) => client.setRate(rate(r), rateSettings(s)),
    addRateNode: (n, s) => client.addRateNode(node(n), rateSettings(s)),
    deleteRateNode: (n) => client.deleteRateNode(node(n)),
    subscribe: async (listener) => {
      const { objectMonitorEvent } = await import('./devlink-monitor-objects.js');
      const stream = client.events();
      void (async () => {
        for await (const event of stream) {
          const mapped = objectMonitorEvent(event) ?? monitorEvent(event);
          if (mapped) listener(mapped);
        }
      })();
      return () => stream.close();
    },
    health: async () => (await import('./devlink-backend-health.js')).healthBackend(client),
    trap: async () => (await import('./devlink-backend-trap.js')).trapBackend(client),
    region: async () => (await import('./devlink-backend-region.js')).regionBackend(client),
    resource: async () => (await import('./devlink-backend-resource.js')).resourceBackend(client),
    flash: async () => (await import('./devlink-backend-flash.js')).flashBackend(client),
    sb: async () => (await import('./devlink-backend-sb.js')).sbBackend(client),
    dpipe: async () => (await import('./devlink-backend-dpipe.js')).dpipeBackend(client),
    linecard: async () => (await import('./devlink-backend-linecard.js')).linecardBackend(client),
    selftests: async () => (await import('./devlink-backend-selftests.js')).selftestsBackend(client),
    portParam: async () => (await import('./devlink-backend-port-param.js')).portParamBackend(client),
    close: () => client.close(),
  };
}

/** Opens the library client (a real netlink socket, optionally in a netns) as a CLI backend. */
export async function openDevlinkBackend(options: BackendOpenOptions): Promise<DevlinkBackend> {
  const { Devlink } = await import('../devlink/client.js');
  return devlinkBackend(await Devlink.open(devlinkOpenOptions(options)));
}

/** The library's open options for the CLI's: netns, and warnings handed on as their message text. */
export function devlinkOpenOptions(options: BackendOpenOptions): DevlinkOpenOptions {
  const { onWarning } = options;
  return {
    ...(options.netns !== undefined ? { netns: options.netns } : {}),
    ...(onWarning ? { onWarning: (warning) => warning.message && onWarning(warning.message) } : {}),
  };
}
