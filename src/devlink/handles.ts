/**
 * devlink handles, parsed and formatted in one place: devices `pci/0000:06:00.0`, ports
 * `pci/0000:06:00.0/32768`, rate nodes `pci/0000:06:00.0/node1`, SF instances
 * `auxiliary/mlx5_core.sf.4`.
 *
 * Why: every layer (client, CLI, daemon config) names objects this way; one parser means one set of
 * rules and one wording for the errors.
 */
import { DevlinkInputError } from './errors.js';

/** A devlink instance: bus name (`pci`, `auxiliary`, `netdevsim`) and device name. */
export interface DeviceHandle {
  readonly busName: string;
  readonly deviceName: string;
}

/**
 * A devlink port: its device plus the u32 port index. `portIndex` is the port index's one name on
 * every object (ports, rate leaves, health reporters, regions, port parameters, shared-buffer
 * port pools and bindings), so any object that lives on a port is also its PortHandle.
 */
export interface PortHandle extends DeviceHandle {
  readonly portIndex: number;
  /** @deprecated The same number as `portIndex` (the name before 0.2); read `portIndex`. */
  readonly index?: number;
}

/** @deprecated A port handle that names its index `index` (before 0.2): still accepted, write `portIndex`. */
export interface LegacyPortHandle extends DeviceHandle {
  readonly index: number;
}

/** What the client accepts as a port: a PortHandle, or (deprecated) a LegacyPortHandle. */
export type PortHandleInput = PortHandle | LegacyPortHandle;

/** The port index of either spelling of a port handle. */
export function portIndexOf(handle: PortHandleInput): number {
  return 'portIndex' in handle && handle.portIndex !== undefined ? handle.portIndex : (handle as LegacyPortHandle).index;
}

/** A port handle with both spellings filled in (`index` for code written before 0.2). */
function portHandle(busName: string, deviceName: string, portIndex: number): PortHandle {
  return { busName, deviceName, portIndex, index: portIndex };
}

/** A rate node: its device plus the node name. */
export interface RateNodeHandle extends DeviceHandle {
  readonly nodeName: string;
}

/** A rate object: a leaf (port) or a node. */
export type RateHandle =
  | ({ readonly kind: 'leaf' } & PortHandleInput)
  | ({ readonly kind: 'node' } & RateNodeHandle);

const U32_MAX = 4294967295;

function fail(kind: string, text: unknown, reason: string): never {
  const shown = typeof text === 'string' ? JSON.stringify(text) : String(text);
  throw new DevlinkInputError(kind, text, `invalid ${kind} ${shown}: ${reason}`);
}

function splitHandle(kind: string, text: unknown, parts: number | readonly number[]): string[] {
  if (typeof text !== 'string') fail(kind, text, 'must be a string');
  const allowed = typeof parts === 'number' ? [parts] : parts;
  const pieces = text.split('/');
  if (!allowed.includes(pieces.length)) {
    const shape = kind === 'device handle' ? 'BUS/DEVICE' : kind === 'port handle' ? 'BUS/DEVICE/PORT_INDEX' : 'BUS/DEVICE/{PORT_INDEX|NODE_NAME}';
    fail(kind, text, `expected ${shape}`);
  }
  if (pieces[0] === '') fail(kind, text, 'bus name is empty');
  if (pieces[1] === '') fail(kind, text, 'device name is empty');
  if (/\s|\0/.test(text)) fail(kind, text, 'must not contain whitespace');
  return pieces;
}

/** Parses a port index: decimal digits only, 0..4294967295. */
function parseIndex(kind: string, text: string, raw: string): number {
  if (!/^\d+$/.test(raw)) fail(kind, text, `port index must be a number 0..${U32_MAX}`);
  const index = Number(raw);
  if (!Number.isSafeInteger(index) || index > U32_MAX) fail(kind, text, `port index must be a number 0..${U32_MAX}`);
  return index;
}

/** Parses `bus/device`. Throws DevlinkInputError naming the handle and what is wrong. */
export function parseDeviceHandle(text: string): DeviceHandle {
  const [busName, deviceName] = splitHandle('device handle', text, 2) as [string, string];
  return { busName, deviceName };
}

/** Parses `bus/device/index` with a u32 index. */
export function parsePortHandle(text: string): PortHandle {
  const [busName, deviceName, raw] = splitHandle('port handle', text, 3) as [string, string, string];
  return portHandle(busName, deviceName, parseIndex('port handle', text, raw));
}

/** Parses `bus/device/node` as a rate node handle (the node name must not be all digits). */
export function parseRateNodeHandle(text: string): RateNodeHandle {
  const [busName, deviceName, nodeName] = splitHandle('rate node handle', text, 3) as [string, string, string];
  if (nodeName === '') fail('rate node handle', text, 'node name is empty');
  if (/^\d+$/.test(nodeName)) fail('rate node handle', text, 'a node name must not be a number (numbers name port leaves)');
  return { busName, deviceName, nodeName };
}

/**
 * Parses a rate object handle: `bus/device/<number>` is a leaf (port index), anything else after
 * the device is a node name, the same rule as iproute2.
 */
export function parseRateHandle(text: string): RateHandle {
  const [busName, deviceName, last] = splitHandle('rate handle', text, 3) as [string, string, string];
  if (last === '') fail('rate handle', text, 'port index or node name is empty');
  if (/^\d+$/.test(last)) return { kind: 'leaf', ...portHandle(busName, deviceName, parseIndex('rate handle', text, last)) };
  return { kind: 'node', busName, deviceName, nodeName: last };
}

/** Formats a device handle as `bus/device`. */
export function formatDeviceHandle(handle: DeviceHandle): string {
  return `${handle.busName}/${handle.deviceName}`;
}

/** Formats a port handle as `bus/device/index`. */
export function formatPortHandle(handle: PortHandleInput): string {
  return `${handle.busName}/${handle.deviceName}/${portIndexOf(handle)}`;
}

/** Formats a rate handle as `bus/device/index` (leaf) or `bus/device/node` (node). */
export function formatRateHandle(handle: RateHandle): string {
  return handle.kind === 'leaf'
    ? formatPortHandle(handle)
    : `${handle.busName}/${handle.deviceName}/${handle.nodeName}`;
}

/** Accepts a handle as text or as an object (validated either way). */
export function toDeviceHandle(input: string | DeviceHandle): DeviceHandle {
  if (typeof input === 'string') return parseDeviceHandle(input);
  checkObject('device handle', input);
  return { busName: input.busName, deviceName: input.deviceName };
}

/** Accepts a port handle as text or as an object (validated either way). */
export function toPortHandle(input: string | PortHandleInput): PortHandle {
  if (typeof input === 'string') return parsePortHandle(input);
  checkObject('port handle', input);
  const portIndex = portIndexOf(input);
  if (!Number.isInteger(portIndex) || portIndex < 0 || portIndex > U32_MAX) {
    fail('port handle', formatPortHandle(input), `port index must be a number 0..${U32_MAX}`);
  }
  return portHandle(input.busName, input.deviceName, portIndex);
}

/** Accepts a rate handle as text or as an object (validated either way). */
export function toRateHandle(input: string | RateHandle): RateHandle {
  if (typeof input === 'string') return parseRateHandle(input);
  if (input.kind === 'leaf') return { kind: 'leaf', ...toPortHandle(input) };
  checkObject('rate handle', input);
  if (typeof input.nodeName !== 'string' || input.nodeName === '' || input.nodeName.includes('/')) {
    fail('rate handle', input.nodeName, 'node name must be a non-empty name without "/"');
  }
  return { kind: 'node', busName: input.busName, deviceName: input.deviceName, nodeName: input.nodeName };
}

function checkObject(kind: string, input: DeviceHandle): void {
  if (typeof input !== 'object' || input === null) fail(kind, input, 'must be a string or a handle object');
  for (const [field, value] of [['bus name', input.busName], ['device name', input.deviceName]] as const) {
    if (typeof value !== 'string' || value === '' || value.includes('/')) {
      fail(kind, `${String(input.busName)}/${String(input.deviceName)}`, `${field} must be a non-empty name without "/"`);
    }
  }
}

/** True when two handles name the same device. */
export function sameDevice(a: DeviceHandle, b: DeviceHandle): boolean {
  return a.busName === b.busName && a.deviceName === b.deviceName;
}

/** A device or a port: objects such as health reporters live on either. */
export type DeviceOrPortHandle = DeviceHandle | PortHandleInput;

/** True when a device-or-port handle names a port (by either spelling of its index). */
export function isPortHandle(handle: DeviceOrPortHandle): handle is PortHandleInput {
  return ('portIndex' in handle && handle.portIndex !== undefined) || ('index' in handle && handle.index !== undefined);
}

/** Parses `bus/device` (a device) or `bus/device/index` (a port). */
export function toDeviceOrPortHandle(input: string | DeviceOrPortHandle): DeviceOrPortHandle {
  if (typeof input === 'string') return input.split('/').length === 3 ? parsePortHandle(input) : parseDeviceHandle(input);
  return isPortHandle(input) ? toPortHandle(input) : toDeviceHandle(input);
}
