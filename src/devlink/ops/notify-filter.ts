/**
 * Per-socket notification filtering (DEVLINK_CMD_NOTIFY_FILTER_SET, kernels >= 6.10).
 *
 * Why: a daemon that watches one device, or one port, among hundreds should not wake up for every
 * notification of every instance; the kernel can drop the others before they reach the socket.
 * The filter belongs to the socket, so it applies to every event stream of one Devlink client.
 */
import { DevlinkInputError } from '../errors.js';
import { toDeviceHandle, toPortHandle, type DeviceHandle, type PortHandleInput } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import type { CallOptions } from '../types.js';
import { knownKeys } from '../validate.js';
import { deviceSelector, portSelector } from './selectors.js';

/** Which notifications the socket receives: one device's, or one port's; `null` clears the filter. */
export type NotifyFilter = { device: string | DeviceHandle } | { port: string | PortHandleInput } | null;

/** Sets (or with `null` clears) the socket's notification filter. */
export async function setNotifyFilter(session: DevlinkSession, filter: NotifyFilter, call?: CallOptions): Promise<void> {
  if (filter === null) {
    await session.request(DEVLINK_CMD['notify-filter-set'], {}, call);
    return;
  }
  knownKeys('notify filter', filter, ['device', 'port']);
  if ('device' in filter && 'port' in filter) throw new DevlinkInputError('notify filter', filter, 'give a device or a port, not both');
  if ('port' in filter) {
    await session.request(DEVLINK_CMD['notify-filter-set'], portSelector(toPortHandle(filter.port)), call);
    return;
  }
  if (!('device' in filter)) throw new DevlinkInputError('notify filter', filter, 'give a device or a port (or null to clear the filter)');
  await session.request(DEVLINK_CMD['notify-filter-set'], deviceSelector(toDeviceHandle(filter.device)), call);
}
