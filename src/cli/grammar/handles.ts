import type { DeviceHandle, PortHandle, RateHandle, RateNodeHandle } from '../../devlink/handles.js';
import { CliError } from '../errors.js';
import { parseUnsigned, U32_MAX } from './values.js';

/**
 * A port named on the command line: the library's PortHandle, or a netdev name that the command
 * looks up among the ports (iproute2's "netdev ifname" port identification).
 */
export type PortArg = PortHandle | { ifname: string };

const DEVICE_EXPECTED = 'Devlink identification ("bus_name/dev_name") expected';
const PORT_EXPECTED = 'Port identification ("bus_name/dev_name/port_index" or "netdev ifname") expected.';
const WRONG_FORMAT = 'Wrong identification string format.';

function slashes(text: string): number {
  return text.split('/').length - 1;
}

function splitLast(text: string): [string, string] {
  const at = text.lastIndexOf('/');
  return [text.slice(0, at), text.slice(at + 1)];
}

function device(text: string): DeviceHandle {
  const [busName, deviceName] = splitLast(text);
  return { busName, deviceName };
}

/** Parses `bus/dev` with iproute2's messages (`dl_argv_handle`). */
export function parseDeviceArg(word: string | undefined): DeviceHandle {
  if (word === undefined) throw new CliError(DEVICE_EXPECTED);
  if (slashes(word) !== 1) throw new CliError([WRONG_FORMAT, DEVICE_EXPECTED]);
  return device(word);
}

function portFromText(word: string): PortHandle {
  const [handle, index] = splitLast(word);
  const portIndex = parseUnsigned(index, U32_MAX);
  if (portIndex === undefined) throw new CliError(`Port index "${index}" is not a number or not within range`);
  return { ...device(handle), portIndex: Number(portIndex) };
}

/** Parses `bus/dev/index` or a netdev name, with iproute2's messages (`dl_argv_handle_port`). */
export function parsePortArg(word: string | undefined): PortArg {
  if (word === undefined) throw new CliError(PORT_EXPECTED);
  const count = slashes(word);
  if (count === 0) return { ifname: word };
  if (count === 2) return portFromText(word);
  throw new CliError(['Wrong port identification string format.', 'Expected "bus_name/dev_name/port_index" or "netdev_ifname".']);
}

/** Parses `bus/dev` or `bus/dev/index` or a netdev name (`dl_argv_handle_both`). */
export function parseDeviceOrPortArg(word: string | undefined): { device: DeviceHandle } | { port: PortArg } {
  if (word === undefined) {
    throw new CliError([
      'One of following identifications expected:',
      'Devlink identification ("bus_name/dev_name")',
      'Port identification ("bus_name/dev_name/port_index" or "netdev ifname")',
    ]);
  }
  const count = slashes(word);
  if (count === 1) return { device: device(word) };
  if (count === 2) return { port: portFromText(word) };
  if (count === 0) return { port: { ifname: word } };
  throw new CliError([
    'Wrong port identification string format.',
    'Expected "bus_name/dev_name" or "bus_name/dev_name/port_index" or "netdev_ifname".',
  ]);
}

/** Parses `bus/dev/node` for `rate add`/`rate del` (`dl_argv_handle_rate_node`). */
export function parseRateNodeArg(word: string | undefined): RateNodeHandle {
  const expected = 'Expected "bus_name/dev_name/node" identification.';
  if (word === undefined) throw new CliError(expected);
  if (slashes(word) !== 2) throw new CliError([WRONG_FORMAT, expected]);
  const [handle, nodeName] = splitLast(word);
  if (nodeName === '' || /^\d+$/.test(nodeName)) throw new CliError('Node name cannot be a devlink port index or empty.');
  return { ...device(handle), nodeName };
}

/** Parses `bus/dev/index` or `bus/dev/node` for `rate set`/`rate show` (`dl_argv_handle_rate`). */
export function parseRateArg(word: string | undefined): RateHandle {
  const expected = 'Expected "bus_name/dev_name/node" or "bus_name/dev_name/port_index" identification.';
  if (word === undefined) throw new CliError(expected);
  if (slashes(word) !== 2) throw new CliError([WRONG_FORMAT, expected]);
  const [handle, identifier] = splitLast(word);
  if (identifier === '') throw new CliError('Identifier cannot be empty');
  if (/^\d+$/.test(identifier)) {
    const portIndex = parseUnsigned(identifier, U32_MAX);
    if (portIndex === undefined) {
      throw new CliError(`Port index "${identifier}" is not a number or not within range`);
    }
    return { kind: 'leaf', ...device(handle), portIndex: Number(portIndex) };
  }
  return { kind: 'node', ...device(handle), nodeName: identifier };
}
