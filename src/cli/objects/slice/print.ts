import type { DevlinkPort } from '../../../devlink/types.js';
import type { Printer } from '../../print/printer.js';

/**
 * Prints one port as a slice of the 2020 devlink-slice proposal:
 * `pci/0000:06:00.0/32768: flavour pcisf pfnum 0 sfnum 4 state inactive opstate detached`, and
 * with -j `"pci/0000:06:00.0/32768":{"flavour":"pcisf","pfnum":0,"sfnum":4,"state":"inactive",
 * "opstate":"detached"}`. The numbers come from the port, the state from its function.
 */
export function printSlice(p: Printer, port: DevlinkPort): void {
  p.portHandleStart(port.busName, port.deviceName, port.index, false);
  p.beginItem();
  if (port.flavour !== undefined) p.string('flavour', port.flavour, 'flavour %s');
  if (port.controller !== undefined && port.controller !== 0) p.uint('controller', port.controller, ' controller %s');
  if (port.pfnum !== undefined) p.uint('pfnum', port.pfnum, ' pfnum %s');
  if (port.vfnum !== undefined) p.uint('vfnum', port.vfnum, ' vfnum %s');
  if (port.sfnum !== undefined) p.uint('sfnum', port.sfnum, ' sfnum %s');
  const fn = port.function;
  if (fn?.state !== undefined) p.string('state', fn.state, ' state %s');
  if (fn?.opstate !== undefined) p.string('opstate', fn.opstate, ' opstate %s');
  p.portHandleEnd();
}
