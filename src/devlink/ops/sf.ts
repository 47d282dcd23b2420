/**
 * Port creation and deletion: the SF lifecycle (`port add` / `port del`).
 */
import { decodePort } from '../decode.js';
import { DevlinkInputError } from '../errors.js';
import { toDeviceHandle, toPortHandle, type DeviceHandle, type PortHandleInput } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD, PORT_REPLY_COMMANDS } from '../spec/commands.js';
import { PORT_FLAVOUR } from '../spec/enums.js';
import type { CallOptions, DevlinkPort } from '../types.js';
import { enumName, knownKeys, u16, u32 } from '../validate.js';
import { deviceSelector } from './selectors.js';

/** What a new port is: flavour (pcisf for an SF, pcipf), PF number, SF number, controller, index. */
export interface AddPortOptions {
  flavour: 'pcisf' | 'pcipf';
  /** PCI PF number, 0..65535 (the kernel reads a u16). */
  pfnum: number;
  /** SF number (u32); required by drivers for pcisf. */
  sfnum?: number;
  /** Controller number; the kernel reads only 16 bits, so 0..65535. */
  controller?: number;
  /** Requested port index (most drivers, mlx5 included, refuse it and choose their own). */
  portIndex?: number;
  /** @deprecated The requested port index under its name before 0.2; write `portIndex`. */
  index?: number;
}

/**
 * Creates a port and resolves with it as the kernel's reply describes it (index, flavour, function
 * state...). The kernel also multicasts a PORT_NEW notification.
 */
export async function addPort(session: DevlinkSession, device: string | DeviceHandle, options: AddPortOptions, call?: CallOptions): Promise<DevlinkPort> {
  const handle = toDeviceHandle(device);
  if (typeof options !== 'object' || options === null) throw new DevlinkInputError('port', options, 'port options are required (flavour, pfnum)');
  knownKeys('port', options, ['flavour', 'pfnum', 'sfnum', 'controller', 'portIndex', 'index']);
  const portIndex = options.portIndex ?? options.index;
  const flavour = enumName('flavour', options.flavour, PORT_FLAVOUR, ['pcisf', 'pcipf']);
  if (options.pfnum === undefined) throw new DevlinkInputError('pfnum', undefined, 'pfnum is required to add a port');
  const reply = await session.requestOne(DEVLINK_CMD['port-new'], {
    ...deviceSelector(handle),
    'port-index': portIndex === undefined ? undefined : u32('port index', portIndex),
    'port-flavour': flavour,
    'port-pci-pf-number': u16('pfnum', options.pfnum),
    'port-pci-sf-number': options.sfnum === undefined ? undefined : u32('sfnum', options.sfnum),
    'port-controller-number': options.controller === undefined ? undefined : u16('controller', options.controller),
  }, PORT_REPLY_COMMANDS, call);
  return decodePort(reply.attributes);
}

/** Deletes a port (an SF port; drivers detach an active SF first). */
export async function deletePort(session: DevlinkSession, port: string | PortHandleInput, call?: CallOptions): Promise<void> {
  const handle = toPortHandle(port);
  await session.request(DEVLINK_CMD['port-del'], { 'bus-name': handle.busName, 'dev-name': handle.deviceName, 'port-index': handle.portIndex }, call);
}
