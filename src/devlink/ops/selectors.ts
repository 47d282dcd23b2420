/**
 * The attributes that select an object in a request (its handle), in one place.
 */
import { isPortHandle, portIndexOf, type DeviceHandle, type DeviceOrPortHandle, type PortHandleInput, type RateHandle } from '../handles.js';

/** bus-name + dev-name. */
export function deviceSelector(handle: DeviceHandle): { 'bus-name': string; 'dev-name': string } {
  return { 'bus-name': handle.busName, 'dev-name': handle.deviceName };
}

/** bus-name + dev-name + port-index. */
export function portSelector(handle: PortHandleInput): { 'bus-name': string; 'dev-name': string; 'port-index': number } {
  // an object literal, not a spread of deviceSelector's: one allocation per request (issue 16)
  return { 'bus-name': handle.busName, 'dev-name': handle.deviceName, 'port-index': portIndexOf(handle) };
}

/** A device's objects (bus-name + dev-name) or a port's (+ port-index): health reporters, regions. */
export function deviceOrPortSelector(handle: DeviceOrPortHandle): Record<string, string | number> {
  return isPortHandle(handle) ? portSelector(handle) : deviceSelector(handle);
}

/** A leaf by port-index, a node by rate-node-name. */
export function rateSelector(handle: RateHandle): Record<string, string | number> {
  return handle.kind === 'leaf'
    ? portSelector(handle)
    : { ...deviceSelector(handle), 'rate-node-name': handle.nodeName };
}
