import type { DevlinkRate } from '../../../devlink/types.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';

/**
 * Prints one rate object as `devlink port function rate show` does:
 * `pci/0000:03:00.0/1: type leaf tx_share 12Mbit parent group1`, zero values omitted, rates in
 * bits/s in text (`-i` for IEC units) and bytes/s in JSON.
 */
export function printRate(p: Printer, rate: DevlinkRate, iec: boolean): void {
  if (rate.nodeName === undefined) {
    p.portHandleStart(rate.busName, rate.deviceName, rate.portIndex ?? 0, false);
  } else {
    p.portHandleStart(rate.busName, rate.deviceName, -1, false, `${rate.busName}/${rate.deviceName}/${rate.nodeName}`);
  }
  p.beginItem();
  p.string('type', enumText(rate.type, '<unknown type>'), 'type %s');
  if (rate.txShare) p.rate('tx_share', rate.txShare, ' tx_share %s', iec);
  if (rate.txMax) p.rate('tx_max', rate.txMax, ' tx_max %s', iec);
  if (rate.txPriority) p.uint('tx_priority', rate.txPriority, ' tx_priority %s');
  if (rate.txWeight) p.uint('tx_weight', rate.txWeight, ' tx_weight %s');
  if (rate.parent !== undefined) p.string('parent', rate.parent, ' parent %s');
  for (const tc of rate.tcBandwidths ?? []) {
    if (!tc.bw) continue;
    if (p.json) p.uint(`tc_${tc.index}`, tc.bw, '%s', 'json');
    else p.string(null, ` tc_${tc.index} bw ${tc.bw}`, '%s', 'text');
  }
  p.portHandleEnd();
}
