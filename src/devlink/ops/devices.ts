/** Devices: list (one dump) and get. */
import { decodeDevice } from '../decode.js';
import { toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import type { CallOptions, DevlinkDevice } from '../types.js';
import { deviceSelector } from './selectors.js';

/** Lists every devlink instance in the socket's network namespace. */
export async function listDevices(session: DevlinkSession, call?: CallOptions): Promise<DevlinkDevice[]> {
  const replies = await session.dump(DEVLINK_CMD.get, {}, DEVLINK_CMD.new, call);
  return replies.map((m) => decodeDevice(m.attributes));
}

/** Gets one devlink instance; a missing one rejects with the kernel's ENODEV. */
export async function getDevice(session: DevlinkSession, device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkDevice> {
  const handle = toDeviceHandle(device);
  const reply = await session.requestOne(DEVLINK_CMD.get, deviceSelector(handle), DEVLINK_CMD.new, call);
  return decodeDevice(reply.attributes);
}
