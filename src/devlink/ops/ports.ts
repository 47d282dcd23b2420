/** Ports: list (one dump, optionally per device), get, set type, split, unsplit. */
import { decodePort } from '../decode.js';
import { toDeviceHandle, toPortHandle, type DeviceHandle, type PortHandleInput } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD, PORT_REPLY_COMMANDS } from '../spec/commands.js';
import { PORT_TYPE } from '../spec/enums.js';
import type { CallOptions, DevlinkPort, PortType } from '../types.js';
import { enumName, integer } from '../validate.js';
import { deviceSelector, portSelector } from './selectors.js';

/**
 * Lists ports of every device, or of one device. One dump, whatever the number of ports: callers
 * join in memory rather than asking port by port.
 */
export async function listPorts(session: DevlinkSession, device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkPort[]> {
  const handle = device === undefined ? undefined : toDeviceHandle(device);
  const replies = await session.dump(DEVLINK_CMD['port-get'], handle ? deviceSelector(handle) : {}, PORT_REPLY_COMMANDS, call);
  const ports = replies.map((m) => decodePort(m.attributes));
  // Kernels that ignore the dump filter return every port; filter again.
  return handle ? ports.filter((p) => p.busName === handle.busName && p.deviceName === handle.deviceName) : ports;
}

/** Gets one port (replies with command NEW or PORT_NEW are both accepted). */
export async function getPort(session: DevlinkSession, port: string | PortHandleInput, call?: CallOptions): Promise<DevlinkPort> {
  const handle = toPortHandle(port);
  const reply = await session.requestOne(DEVLINK_CMD['port-get'], portSelector(handle), PORT_REPLY_COMMANDS, call);
  return decodePort(reply.attributes);
}

/** Sets the port type (eth, ib, auto). */
export async function setPortType(session: DevlinkSession, port: string | PortHandleInput, type: PortType, call?: CallOptions): Promise<void> {
  const handle = toPortHandle(port);
  const value = enumName('port type', type, PORT_TYPE, ['eth', 'ib', 'auto']);
  await session.request(DEVLINK_CMD['port-set'], { ...portSelector(handle), 'port-type': value }, call);
}

/** Splits a port into `count` ports. */
export async function splitPort(session: DevlinkSession, port: string | PortHandleInput, count: number, call?: CallOptions): Promise<void> {
  const handle = toPortHandle(port);
  await session.request(DEVLINK_CMD['port-split'], { ...portSelector(handle), 'port-split-count': integer('split count', count, 1, 0xffffffff) }, call);
}

/** Undoes a split. */
export async function unsplitPort(session: DevlinkSession, port: string | PortHandleInput, call?: CallOptions): Promise<void> {
  const handle = toPortHandle(port);
  await session.request(DEVLINK_CMD['port-unsplit'], portSelector(handle), call);
}
