/** Device information: driver, serial numbers, versions. */
import { decodeInfo } from '../decode.js';
import { toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import type { CallOptions, DevlinkInfo } from '../types.js';
import { deviceSelector } from './selectors.js';

/** Gets the information of one device. */
export async function getInfo(session: DevlinkSession, device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkInfo> {
  const handle = toDeviceHandle(device);
  const reply = await session.requestOne(DEVLINK_CMD['info-get'], deviceSelector(handle), DEVLINK_CMD['info-get'], call);
  return decodeInfo(reply.attributes);
}

/** Gets the information of every device (one dump). */
export async function listInfo(session: DevlinkSession, call?: CallOptions): Promise<DevlinkInfo[]> {
  const replies = await session.dump(DEVLINK_CMD['info-get'], {}, DEVLINK_CMD['info-get'], call);
  return replies.map((m) => decodeInfo(m.attributes));
}
