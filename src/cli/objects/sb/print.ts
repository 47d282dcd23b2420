import type { DevlinkSbPool, DevlinkSbPortPool, DevlinkSbTcBinding, DevlinkSharedBuffer } from '../../../devlink/ops/shared-buffers.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';

/** A port handle as iproute2 prints sb objects: the netdev name when the port has one (unless -n). */
export type PortLabel = (busName: string, deviceName: string, portIndex: number) => string | undefined;

/** One shared buffer as `devlink sb show` prints it (one JSON array per device). */
export function printSb(p: Printer, sb: DevlinkSharedBuffer): void {
  p.handleStart(sb.busName, sb.deviceName, true, true);
  p.beginItem();
  p.uint('sb', sb.sbIndex, 'sb %s');
  p.uint('size', sb.size, ' size %s');
  p.uint('ing_pools', sb.ingressPools, ' ing_pools %s');
  p.uint('eg_pools', sb.egressPools, ' eg_pools %s');
  p.uint('ing_tcs', sb.ingressTcs, ' ing_tcs %s');
  p.uint('eg_tcs', sb.egressTcs, ' eg_tcs %s');
  p.handleEnd();
}

/** One pool as `devlink sb pool show` prints it. */
export function printSbPool(p: Printer, pool: DevlinkSbPool): void {
  p.handleStart(pool.busName, pool.deviceName, true, true);
  p.beginItem();
  p.uint('sb', pool.sbIndex, 'sb %s');
  p.uint('pool', pool.pool, ' pool %s');
  p.string('type', enumText(pool.type, '<unknown type>'), ' type %s');
  p.uint('size', pool.size, ' size %s');
  p.string('thtype', enumText(pool.thresholdType, '<unknown type>'), ' thtype %s');
  if (pool.cellSize !== undefined) p.uint('cell_size', pool.cellSize, ' cell size %s');
  p.handleEnd();
}

/**
 * Ends a port object. iproute2 6.1 ended it with a bare `\n` that did not mark the line as ended,
 * so the next entry of the same port started with a space and no indent; 6.15 fixed that and
 * devlink-ts prints 6.15's layout (6.1's JSON is the same).
 */
function portEnd(p: Printer): void {
  p.portHandleEnd();
}

/** One port pool threshold as `devlink sb port pool show` prints it (one JSON array per port). */
export function printSbPortPool(p: Printer, item: DevlinkSbPortPool, label: PortLabel): void {
  p.portHandleStart(item.busName, item.deviceName, item.portIndex, true, label(item.busName, item.deviceName, item.portIndex));
  p.beginItem();
  p.uint('sb', item.sbIndex, 'sb %s');
  p.uint('pool', item.pool, ' pool %s');
  p.uint('threshold', item.threshold, ' threshold %s');
  portEnd(p);
}

/** One traffic class binding as `devlink sb tc bind show` prints it. */
export function printSbTcBind(p: Printer, item: DevlinkSbTcBinding, label: PortLabel): void {
  p.portHandleStart(item.busName, item.deviceName, item.portIndex, true, label(item.busName, item.deviceName, item.portIndex));
  p.beginItem();
  p.uint('sb', item.sbIndex, 'sb %s');
  p.uint('tc', item.tc, ' tc %s');
  p.string('type', enumText(item.type, '<unknown type>'), ' type %s');
  p.uint('pool', item.pool, ' pool %s');
  p.uint('threshold', item.threshold, ' threshold %s');
  portEnd(p);
}

/** One occupancy figure: a pool (by index) or a traffic class (by index, with its bound pool). */
export interface OccupancyItem {
  index: number;
  boundPool?: number;
  current: number;
  max: number;
}

/** A port's occupancy figures, grouped as iproute2 groups them. */
export interface PortOccupancy {
  portIndex: number;
  pools: OccupancyItem[];
  ingressTcs: OccupancyItem[];
  egressTcs: OccupancyItem[];
}

/** C's `%*s`-padded printf: `text` right-padded with spaces to `width`. */
function padded(text: string, width: number): string {
  return text.length < width ? text + ' '.repeat(width - text.length) : text;
}

/** `%Nu`: right-aligned in `width`. */
function aligned(value: number, width: number): string {
  return String(value).padStart(width);
}

/** iproute2's text table: a label, then four `index: current/max` columns per line. */
function textList(p: Printer, label: string, items: readonly OccupancyItem[]): void {
  p.out(padded(`  ${label}:`, 7));
  items.forEach((item, position) => {
    const i = position + 1;
    if ((i - 1) % 4 === 0 && i !== 1) p.out(padded(' ', 7));
    const name = item.boundPool !== undefined ? `${aligned(item.index, 2)}(${item.boundPool}):` : `${aligned(item.index, 2)}:`;
    p.out(padded(name, 7));
    p.out(padded(`${aligned(item.current, 10)}/${item.max}`, 21));
    if (i % 4 === 0) p.out('\n');
  });
  if (items.length % 4 !== 0) p.out('\n');
}

function jsonList(p: Printer, label: string, items: readonly OccupancyItem[]): void {
  p.openObject(label);
  for (const item of items) {
    p.openObject(String(item.index));
    if (item.boundPool !== undefined) p.uint('bound_pool', item.boundPool, '', 'json');
    p.uint('current', item.current, '', 'json');
    p.uint('max', item.max, '', 'json');
    p.closeObject();
  }
  p.closeObject();
}

/** One port of `devlink sb occupancy show`: its pools, ingress TCs and egress TCs. */
export function printSbOccupancy(p: Printer, busName: string, deviceName: string, port: PortOccupancy, label: PortLabel): void {
  p.portHandleStart(busName, deviceName, port.portIndex, false, label(busName, deviceName, port.portIndex));
  if (p.json) {
    jsonList(p, 'pool', port.pools);
    jsonList(p, 'itc', port.ingressTcs);
    jsonList(p, 'etc', port.egressTcs);
  } else {
    p.out('\n');
    textList(p, 'pool', port.pools);
    textList(p, 'itc', port.ingressTcs);
    textList(p, 'etc', port.egressTcs);
  }
  portEnd(p);
}
