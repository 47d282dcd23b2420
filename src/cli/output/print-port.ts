import type { Printer } from './printer.js';
import type { PortFunctionView, PortView } from './views.js';
import {
  PORT_FUNCTION_CAPS,
  portFlavourName,
  portFunctionOpstateName,
  portFunctionStateName,
  portTypeName,
} from './names.js';
import { formatHardwareAddress } from '../args/values.js';
import { printNestedDevlink } from './print-nested.js';

const PCI_FLAVOURS = new Set([3, 4, 7]);

/**
 * Prints one port the way `devlink port show` does, e.g.
 * `pci/0000:06:00.0/32768: type eth netdev en1 flavour pcisf controller 0 pfnum 0 sfnum 88
 * splittable false` and an indented `function:` block. Unlike iproute2, sfnum is printed in full
 * (iproute2 reads it through a 16-bit variable).
 */
export function printPort(p: Printer, port: PortView): void {
  p.portHandleStart(port.busName, port.devName, port.portIndex, false);
  p.beginItem();
  if (port.type !== undefined) {
    p.string('type', portTypeName(port.type), 'type %s');
    if (port.desiredType !== undefined && port.desiredType !== port.type) {
      p.string('des_type', portTypeName(port.desiredType), ' des_type %s');
    }
  }
  if (port.netdevName !== undefined) p.string('netdev', port.netdevName, ' netdev %s');
  if (port.ibdevName !== undefined) p.string('ibdev', port.ibdevName, ' ibdev %s');
  if (port.flavour !== undefined) {
    p.string('flavour', portFlavourName(port.flavour), ' flavour %s');
    if (PCI_FLAVOURS.has(port.flavour)) {
      if (port.controller !== undefined) p.uint('controller', port.controller, ' controller %s');
      if (port.pfnum !== undefined) p.uint('pfnum', port.pfnum, ' pfnum %s');
      if (port.vfnum !== undefined) p.uint('vfnum', port.vfnum, ' vfnum %s');
      if (port.sfnum !== undefined) p.uint('sfnum', port.sfnum, ' sfnum %s');
      if (port.external !== undefined) p.bool('external', port.external, ' external %s');
    }
  }
  if (port.linecard !== undefined) p.uint('lc', port.linecard, ' lc %s');
  if (port.portNumber !== undefined) p.uint('port', port.portNumber, ' port %s');
  if (port.splitGroup !== undefined) p.uint('split_group', port.splitGroup, ' split_group %s');
  if (port.splittable !== undefined) p.bool('splittable', port.splittable, ' splittable %s');
  if (port.lanes !== undefined) p.uint('lanes', port.lanes, ' lanes %s');
  if (port.function) printPortFunction(p, port.function);
  p.portHandleEnd();
}

/** The `function:` block of a port: hw_addr, state, opstate, caps, max_io_eqs, nested devlink. */
export function printPortFunction(p: Printer, fn: PortFunctionView): void {
  p.objectStart('function');
  p.beginItem();
  if (fn.hwAddr !== undefined) p.string('hw_addr', formatHardwareAddress(fn.hwAddr), 'hw_addr %s');
  if (fn.state !== undefined) p.string('state', portFunctionStateName(fn.state), ' state %s');
  if (fn.opstate !== undefined) p.string('opstate', portFunctionOpstateName(fn.opstate), ' opstate %s');
  if (fn.caps !== undefined) {
    for (const [name, bit] of PORT_FUNCTION_CAPS) {
      if (fn.caps.selector & bit) p.string(name, fn.caps.value & bit ? 'enable' : 'disable', ` ${name} %s`);
    }
  }
  if (fn.maxIoEqs !== undefined) p.uint('max_io_eqs', fn.maxIoEqs, ' max_io_eqs %s');
  if (fn.devlink !== undefined) printNestedDevlink(p, fn.devlink, true, true);
  if (!p.json) p.indentDecrease();
  p.objectEnd();
}
