/**
 * Reload: re-instantiate a device's driver entities (driver_reinit) or activate new firmware
 * (fw_activate), optionally with a limit (no_reset) and optionally into another network namespace.
 */
import { syncFs } from '../../native/sync-fs.js';
import { isAbsolute, join } from 'node:path';
import { decodeReload } from '../decode.js';
import { DevlinkInputError, showValue } from '../errors.js';
import { toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { RELOAD_ACTION, RELOAD_LIMIT } from '../spec/enums.js';
import type { CallOptions, ReloadAction, ReloadLimit, ReloadResult } from '../types.js';
import { enumName, knownKeys, u32 } from '../validate.js';
import { deviceSelector } from './selectors.js';

/**
 * The network namespace to move the device into: by the kernel's peer id, by a process id, by an
 * open file descriptor, or by name (under /var/run/netns, as `ip netns add` creates) or path
 * (opened for the duration of the request and sent as a file descriptor).
 */
export type ReloadNetns = { id: number } | { pid: number } | { fd: number } | { name: string } | { path: string };

/** Reload options. */
export interface ReloadOptions {
  action?: ReloadAction;
  limit?: ReloadLimit;
  netns?: ReloadNetns;
}

/** Where `ip netns` keeps named namespaces. */
export const NETNS_RUN_DIR = '/var/run/netns';

function netnsPath(netns: { name: string } | { path: string }): string {
  if ('path' in netns) {
    if (typeof netns.path !== 'string' || netns.path === '') throw new DevlinkInputError('netns', netns.path, `invalid netns path ${showValue(netns.path)}`);
    return netns.path;
  }
  const name = netns.name;
  if (typeof name !== 'string' || name === '' || name.includes('/') || name === '.' || name === '..') {
    throw new DevlinkInputError('netns', name, `invalid netns name ${showValue(name)}: expected a name under ${NETNS_RUN_DIR}`);
  }
  return join(NETNS_RUN_DIR, name);
}

/**
 * Reloads a device; resolves with the actions the kernel reports it performed. The kernel reports
 * them only when the request names an action or a limit (for compatibility with old tools), so
 * without either the list is empty (the kernel then performs driver_reinit).
 */
export async function reload(session: DevlinkSession, device: string | DeviceHandle, options: ReloadOptions = {}, call?: CallOptions): Promise<ReloadResult> {
  const handle = toDeviceHandle(device);
  knownKeys('reload', options, ['action', 'limit', 'netns']);
  const action = options.action === undefined ? undefined : enumName('action', options.action, RELOAD_ACTION);
  const limit = options.limit === undefined ? undefined : enumName('limit', options.limit, RELOAD_LIMIT);
  const netns = options.netns;
  let openedFd: number | undefined;
  const netnsAttrs: Record<string, number> = {};
  if (netns !== undefined) {
    if (typeof netns !== 'object' || netns === null) throw new DevlinkInputError('netns', netns, `invalid netns ${showValue(netns)}`);
    knownKeys('netns', netns, ['id', 'pid', 'fd', 'name', 'path']);
    if (Object.keys(netns).length !== 1) throw new DevlinkInputError('netns', netns, 'give exactly one of netns id, pid, fd, name or path');
    if ('id' in netns) netnsAttrs['netns-id'] = u32('netns id', netns.id);
    else if ('pid' in netns) netnsAttrs['netns-pid'] = u32('netns pid', netns.pid);
    else if ('fd' in netns) netnsAttrs['netns-fd'] = u32('netns fd', netns.fd);
    else {
      const path = netnsPath(netns);
      try {
        openedFd = syncFs.openSync(isAbsolute(path) ? path : join(process.cwd(), path), 'r');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'EINVAL';
        throw new DevlinkInputError('netns', path, `cannot open network namespace ${path}: ${code}`);
      }
      netnsAttrs['netns-fd'] = openedFd;
    }
  }
  try {
    const replies = await session.request(DEVLINK_CMD.reload, {
      ...deviceSelector(handle),
      'reload-action': action,
      'reload-limits': limit === undefined ? undefined : { value: 1 << limit, selector: 1 << limit },
      ...netnsAttrs,
    }, call);
    const reply = replies.find((m) => m.command === DEVLINK_CMD.reload);
    return reply ? decodeReload(reply.attributes) : { actionsPerformed: [], attributes: { set: 'devlink', values: {}, unknown: [] } };
  } finally {
    if (openedFd !== undefined) syncFs.closeSync(openedFd);
  }
}
