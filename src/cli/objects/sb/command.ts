import type { ArgCursor } from '../../grammar/cursor.js';
import type { DeviceHandle, PortHandle } from '../../../devlink/handles.js';
import type { DevlinkSbPortPool, DevlinkSbTcBinding, SbPoolType } from '../../../devlink/ops/shared-buffers.js';
import { parseDeviceArg, parseDeviceOrPortArg } from '../../grammar/handles.js';
import { parseSbOptions } from '../../grammar/sb-options.js';
import type { CliContext, Command } from '../../context.js';
import { CliError } from '../../errors.js';
import {
  printSb, printSbOccupancy, printSbPool, printSbPortPool, printSbTcBind, type OccupancyItem, type PortLabel,
  type PortOccupancy,
} from './print.js';
import { describeFailure } from '../../report.js';
import { commandNotFound, inSection, printUsage, readPort, resolvePort } from '../common.js';

/** `devlink-ts sb help` (iproute2's words). */
export const SB_USAGE = [
  'Usage: devlink sb show [ DEV [ sb SB_INDEX ] ]',
  '       devlink sb pool show [ DEV [ sb SB_INDEX ] pool POOL_INDEX ]',
  '       devlink sb pool set DEV [ sb SB_INDEX ] pool POOL_INDEX',
  '                           size POOL_SIZE thtype { static | dynamic }',
  '       devlink sb port pool show [ DEV/PORT_INDEX [ sb SB_INDEX ]',
  '                                   pool POOL_INDEX ]',
  '       devlink sb port pool set DEV/PORT_INDEX [ sb SB_INDEX ]',
  '                                pool POOL_INDEX th THRESHOLD',
  '       devlink sb tc bind show [ DEV/PORT_INDEX [ sb SB_INDEX ] tc TC_INDEX',
  '                                 type { ingress | egress } ]',
  '       devlink sb tc bind set DEV/PORT_INDEX [ sb SB_INDEX ] tc TC_INDEX',
  '                              type { ingress | egress } pool POOL_INDEX',
  '                              th THRESHOLD',
  '       devlink sb occupancy show { DEV | DEV/PORT_INDEX } [ sb SB_INDEX ]',
  '       devlink sb occupancy snapshot DEV [ sb SB_INDEX ]',
  '       devlink sb occupancy clearmax DEV [ sb SB_INDEX ]',
];

/** `show`, `list` or nothing: consumed, true. */
function acceptShow(cursor: ArgCursor): boolean {
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    return true;
  }
  return false;
}

/**
 * Port handles in sb listings print as the port's netdev name when it has one, as iproute2 does
 * (its `try_nice`), unless `-n`; one port dump gives the names.
 */
async function portLabels(context: CliContext): Promise<PortLabel> {
  if (context.options.noNiceNames) return () => undefined;
  const ports = await (await context.devlink()).listPorts();
  const names = new Map<string, string>();
  for (const port of ports) if (port.netdevName !== undefined) names.set(`${port.busName}/${port.deviceName}/${port.portIndex}`, port.netdevName);
  return (busName, deviceName, portIndex) => names.get(`${busName}/${deviceName}/${portIndex}`);
}

/** `devlink-ts sb ...`: show, pool, port pool, tc bind, occupancy. */
export const sbCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, SB_USAGE);
  if (acceptShow(cursor)) return sbShow(cursor, context);
  if (cursor.accept('pool')) return sbPool(cursor, context);
  if (cursor.accept('port')) {
    if (cursor.matches('help') || cursor.atEnd) return printUsage(context, SB_USAGE);
    if (cursor.accept('pool')) return sbPortPool(cursor, context);
    throw commandNotFound(cursor);
  }
  if (cursor.accept('tc')) {
    if (cursor.matches('help') || cursor.atEnd) return printUsage(context, SB_USAGE);
    if (cursor.accept('bind')) return sbTcBind(cursor, context);
    throw commandNotFound(cursor);
  }
  if (cursor.accept('occupancy')) return sbOccupancy(cursor, context);
  throw commandNotFound(cursor);
};

async function sbShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let selected: [DeviceHandle, number] | undefined;
  if (!cursor.atEnd) {
    const dev = parseDeviceArg(cursor.next());
    selected = [dev, parseSbOptions(cursor, [], ['sb']).sb ?? 0];
  }
  const devlink = await context.devlink();
  await inSection(context, 'sb', async () => {
    const list = selected ? [await devlink.getSharedBuffer(...selected)] : await devlink.listSharedBuffers();
    for (const item of list) printSb(context.printer, item);
  });
}

async function sbPool(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, SB_USAGE);
  if (acceptShow(cursor)) {
    let selected: [DeviceHandle, number, number] | undefined;
    if (!cursor.atEnd) {
      const dev = parseDeviceArg(cursor.next());
      const options = parseSbOptions(cursor, ['pool'], ['sb']);
      selected = [dev, options.sb ?? 0, options.pool ?? 0];
    }
    const devlink = await context.devlink();
    await inSection(context, 'pool', async () => {
      const list = selected ? [await devlink.getSbPool(...selected)] : await devlink.listSbPools();
      for (const item of list) printSbPool(context.printer, item);
    });
    return;
  }
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = parseSbOptions(cursor, ['pool', 'size', 'thtype'], ['sb']);
    return (await context.devlink()).setSbPool(dev, options.sb ?? 0, options.pool ?? 0, { size: options.size ?? 0, thresholdType: options.thtype ?? 'static' });
  }
  throw commandNotFound(cursor);
}

/**
 * `sb port pool show|set`. iproute2 6.1's show reports a refusal but exits 0 (its
 * cmd_sb_port_pool_show returns 0 whatever the request did); devlink-ts does the same.
 */
async function sbPortPool(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, SB_USAGE);
  if (acceptShow(cursor)) {
    let selected: [PortHandle, number, number] | undefined;
    if (!cursor.atEnd) {
      const port = await readPort(cursor, context);
      const options = parseSbOptions(cursor, ['pool'], ['sb']);
      selected = [port, options.sb ?? 0, options.pool ?? 0];
    }
    const devlink = await context.devlink();
    const label = await portLabels(context);
    try {
      await inSection(context, 'port_pool', async () => {
        const list = selected ? [await devlink.getSbPortPool(...selected)] : await devlink.listSbPortPools();
        for (const item of list) printSbPortPool(context.printer, item, label);
      });
    } catch (error) {
      context.io.stderr(describeFailure(error).text);
    }
    return;
  }
  if (cursor.accept('set')) {
    const port = await readPort(cursor, context);
    const options = parseSbOptions(cursor, ['pool', 'th'], ['sb']);
    return (await context.devlink()).setSbPortPool(port, options.sb ?? 0, options.pool ?? 0, options.th ?? 0);
  }
  throw commandNotFound(cursor);
}

async function sbTcBind(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, SB_USAGE);
  if (acceptShow(cursor)) {
    let selected: [PortHandle, number, number, SbPoolType] | undefined;
    if (!cursor.atEnd) {
      const port = await readPort(cursor, context);
      const options = parseSbOptions(cursor, ['tc', 'type'], ['sb']);
      selected = [port, options.sb ?? 0, options.tc ?? 0, options.type ?? 'ingress'];
    }
    const devlink = await context.devlink();
    const label = await portLabels(context);
    await inSection(context, 'tc_bind', async () => {
      const list = selected ? [await devlink.getSbTcBinding(...selected)] : await devlink.listSbTcBindings();
      for (const item of list) printSbTcBind(context.printer, item, label);
    });
    return;
  }
  if (cursor.accept('set')) {
    const port = await readPort(cursor, context);
    const options = parseSbOptions(cursor, ['tc', 'type', 'pool', 'th'], ['sb']);
    return (await context.devlink()).setSbTcBinding(port, options.sb ?? 0, options.tc ?? 0, options.type ?? 'ingress', { pool: options.pool ?? 0, threshold: options.th ?? 0 });
  }
  throw commandNotFound(cursor);
}

async function sbOccupancy(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, SB_USAGE);
  if (cursor.matches('show') || cursor.matches('list')) {
    cursor.skip();
    return occupancyShow(cursor, context);
  }
  if (cursor.accept('snapshot')) {
    const dev = parseDeviceArg(cursor.next());
    const index = parseSbOptions(cursor, [], ['sb']).sb ?? 0;
    return (await context.devlink()).snapshotSbOccupancy(dev, index);
  }
  if (cursor.accept('clearmax')) {
    const dev = parseDeviceArg(cursor.next());
    const index = parseSbOptions(cursor, [], ['sb']).sb ?? 0;
    return (await context.devlink()).clearSbOccupancyMax(dev, index);
  }
  throw commandNotFound(cursor);
}

/** Which port-pool and tc-bind objects `sb occupancy show` keeps (iproute2's dl_dump_filter). */
interface OccupancyFilter {
  dev: DeviceHandle;
  portIndex?: number;
  sb: number;
}

function kept(item: DevlinkSbPortPool | DevlinkSbTcBinding, filter: OccupancyFilter): boolean {
  return item.busName === filter.dev.busName && item.deviceName === filter.dev.deviceName &&
    (filter.portIndex === undefined || item.portIndex === filter.portIndex) && item.sbIndex === filter.sb;
}

/**
 * The occupancy figures come with the port-pool and tc-bind dumps (after `snapshot`); iproute2
 * dumps both for every device, keeps the named device (or port) and sb, and groups per port
 * in the order ports first appear. An object without figures fails the read as in iproute2.
 */
function groupOccupancy(pools: readonly DevlinkSbPortPool[], binds: readonly DevlinkSbTcBinding[], filter: OccupancyFilter): PortOccupancy[] {
  const ports: PortOccupancy[] = [];
  const portOf = (portIndex: number): PortOccupancy => {
    let found = ports.find((p) => p.portIndex === portIndex);
    if (!found) {
      found = { portIndex, pools: [], ingressTcs: [], egressTcs: [] };
      ports.push(found);
    }
    return found;
  };
  const figures = (item: DevlinkSbPortPool | DevlinkSbTcBinding): { current: number; max: number } => {
    if (!item.occupancy) throw new CliError('kernel answers: Success');
    return item.occupancy;
  };
  for (const item of pools) {
    const occupancy = figures(item);
    if (!kept(item, filter)) continue;
    portOf(item.portIndex).pools.push({ index: item.pool, ...occupancy });
  }
  for (const item of binds) {
    const occupancy = figures(item);
    if (!kept(item, filter)) continue;
    const port = portOf(item.portIndex);
    const entry: OccupancyItem = { index: item.tc, boundPool: item.pool, ...occupancy };
    if (item.type === 'ingress') port.ingressTcs.push(entry);
    else if (item.type === 'egress') port.egressTcs.push(entry);
  }
  return ports;
}

async function occupancyShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  const handle = parseDeviceOrPortArg(cursor.next());
  let filter: OccupancyFilter;
  if ('device' in handle) {
    filter = { dev: handle.device, sb: 0 };
  } else {
    const port = await resolvePort(context, handle.port);
    filter = { dev: { busName: port.busName, deviceName: port.deviceName }, portIndex: port.portIndex, sb: 0 };
  }
  filter.sb = parseSbOptions(cursor, [], ['sb']).sb ?? 0;
  const devlink = await context.devlink();
  const pools = await devlink.listSbPortPools();
  const binds = await devlink.listSbTcBindings();
  const ports = groupOccupancy(pools, binds, filter);
  const label = await portLabels(context);
  await inSection(context, 'occupancy', async () => {
    for (const port of ports) printSbOccupancy(context.printer, filter.dev.busName, filter.dev.deviceName, port, label);
  });
}
