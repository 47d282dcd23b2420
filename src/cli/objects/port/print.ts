import { PORT_FN_CAP } from '../../../devlink/spec/enums.js';
import type { DevlinkPort, DevlinkPortFunction } from '../../../devlink/types.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';
import { printNestedDevlink } from '../../print/nested.js';
import type { NetnsNames } from '../../print/netns-names.js';

/** Port flavours that carry a PCI function (PF, VF, SF): their ports print pfnum/vfnum/sfnum. */
export const PCI_FLAVOURS: readonly string[] = ['pcipf', 'pcivf', 'pcisf'];

/**
 * Prints one port the way `devlink port show` does, e.g.
 * `pci/0000:06:00.0/32768: type eth netdev en1 flavour pcisf controller 0 pfnum 0 sfnum 88
 * splittable false` and an indented `function:` block. Unlike iproute2, sfnum is printed in full
 * (iproute2 reads it through a 16-bit variable). `netnsNames` names the namespace of the nested
 * instance (see netns-names.ts).
 */
export function printPort(p: Printer, port: DevlinkPort, netnsNames?: NetnsNames): void {
  p.portHandleStart(port.busName, port.deviceName, port.portIndex, false);
  p.beginItem();
  if (port.type !== undefined) {
    p.string('type', enumText(port.type, '<unknown type>'), 'type %s');
    if (port.desiredType !== undefined && port.desiredType !== port.type) {
      p.string('des_type', enumText(port.desiredType, '<unknown type>'), ' des_type %s');
    }
  }
  if (port.netdevName !== undefined) p.string('netdev', port.netdevName, ' netdev %s');
  if (port.ibdevName !== undefined) p.string('ibdev', port.ibdevName, ' ibdev %s');
  if (port.flavour !== undefined) {
    // iproute2 has no word for the `unused` flavour.
    p.string('flavour', enumText(port.flavour, '<unknown flavour>', ['unused']), ' flavour %s');
    if (PCI_FLAVOURS.includes(port.flavour)) {
      if (port.controller !== undefined) p.uint('controller', port.controller, ' controller %s');
      if (port.pfnum !== undefined) p.uint('pfnum', port.pfnum, ' pfnum %s');
      if (port.vfnum !== undefined) p.uint('vfnum', port.vfnum, ' vfnum %s');
      if (port.sfnum !== undefined) p.uint('sfnum', port.sfnum, ' sfnum %s');
      if (port.external !== undefined) p.bool('external', port.external, ' external %s');
    }
  }
  if (port.linecardIndex !== undefined) p.uint('lc', port.linecardIndex, ' lc %s');
  if (port.portNumber !== undefined) p.uint('port', port.portNumber, ' port %s');
  if (port.splitGroup !== undefined) p.uint('split_group', port.splitGroup, ' split_group %s');
  if (port.splittable !== undefined) p.bool('splittable', port.splittable, ' splittable %s');
  if (port.lanes !== undefined) p.uint('lanes', port.lanes, ' lanes %s');
  if (port.function) printPortFunction(p, port.function, netnsNames);
  p.portHandleEnd();
}

/** The `function:` block of a port: hw_addr, state, opstate, caps, max_io_eqs, nested devlink. */
export function printPortFunction(p: Printer, fn: DevlinkPortFunction, netnsNames?: NetnsNames): void {
  p.objectStart('function');
  p.beginItem();
  if (fn.hwAddr !== undefined) p.string('hw_addr', fn.hwAddr, 'hw_addr %s');
  if (fn.state !== undefined) p.string('state', enumText(fn.state, '<unknown state>'), ' state %s');
  if (fn.opstate !== undefined) p.string('opstate', enumText(fn.opstate, '<unknown state>'), ' opstate %s');
  if (fn.caps !== undefined) {
    // The capability bits in bit order, which is the order iproute2 prints them in.
    const { value, selector } = fn.caps.raw;
    for (const [bit, name] of PORT_FN_CAP.byValue) {
      if ((selector >>> bit) & 1) p.string(name, (value >>> bit) & 1 ? 'enable' : 'disable', ` ${name} %s`);
    }
  }
  if (fn.maxIoEqs !== undefined) p.uint('max_io_eqs', fn.maxIoEqs, ' max_io_eqs %s');
  if (fn.devlink !== undefined) printNestedDevlink(p, fn.devlink, true, true, netnsNames);
  if (!p.json) p.indentDecrease();
  p.objectEnd();
}
