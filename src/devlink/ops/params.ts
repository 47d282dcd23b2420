/**
 * Device parameters: list, get, set, with values typed by the parameter's type.
 *
 * Why hand-written value coding: a parameter's value attribute (param-value-data) has no fixed type;
 * its sibling param-type decides (u8/u16/u32/u64 integers, a string, or a bool sent as a flag whose
 * absence means false). The generic codec keeps those bytes; this module reads and writes them.
 */
import { readString, readU16, readU32, readU64, readU8 } from '../../netlink/attribute-values.js';
import type { AttributeTree } from '../codec.js';
import { identity } from '../decode.js';
import { DevlinkInputError, DevlinkReplyError, showValue } from '../errors.js';
import { toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { PARAM_CMODE, PARAM_TYPE } from '../spec/enums.js';
import { bytes, enumValue, flag, nest, nests, num, str } from '../tree.js';
import type { CallOptions, DevlinkParam, ParamCmode, ParamModeValue, ParamType, ParamValue } from '../types.js';
import { enumName, integer, name as checkName, u64 } from '../validate.js';
import { deviceSelector } from './selectors.js';

/** Reads a param-value-data payload for `type`; undefined when the bytes do not fit the type. */
function readValue(type: string, data: Uint8Array | undefined, present: boolean): ParamValue | undefined {
  if (type === 'bool') return present;
  if (!data) return undefined;
  try {
    switch (type) {
      case 'u8': return readU8(data);
      case 'u16': return readU16(data);
      case 'u32': return readU32(data);
      case 'u64': return readU64(data);
      case 'string': return readString(data);
      default: return undefined;
    }
  } catch {
    return undefined;
  }
}

function decodeModeValue(type: string, value: AttributeTree): ParamModeValue {
  const hasDefault = value.values['param-value-default'] !== undefined;
  const defaultValue = hasDefault ? readValue(type, bytes(value, 'param-value-default'), true) : undefined;
  return {
    cmode: enumValue<ParamCmode>(value, 'param-value-cmode', PARAM_CMODE) ?? 'runtime',
    value: readValue(type, bytes(value, 'param-value-data'), value.values['param-value-data'] !== undefined),
    ...(defaultValue !== undefined ? { defaultValue } : {}),
  };
}

/** Decodes a PARAM_GET reply or PARAM_NEW/DEL notification. */
export function decodeParam(tree: AttributeTree): DevlinkParam {
  const device = identity(tree, 'param');
  const param = nest(tree, 'param');
  const paramName = param && str(param, 'param-name');
  if (!param || paramName === undefined) throw new DevlinkReplyError('devlink param message without param-name');
  const type = enumValue<ParamType>(param, 'param-type', PARAM_TYPE) ?? `unknown-${num(param, 'param-type') ?? 0}`;
  const list = nest(param, 'param-values-list');
  return {
    ...device,
    name: paramName,
    generic: flag(param, 'param-generic'),
    type,
    values: list ? nests(list, 'param-value').map((v) => decodeModeValue(type, v)) : [],
    attributes: tree,
  };
}

/** Lists parameters of one device, or of every device (one dump either way). */
export async function listParams(session: DevlinkSession, device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkParam[]> {
  const handle = device === undefined ? undefined : toDeviceHandle(device);
  const replies = await session.dump(DEVLINK_CMD['param-get'], handle ? deviceSelector(handle) : {}, DEVLINK_CMD['param-get'], call);
  const params = replies.map((m) => decodeParam(m.attributes));
  // Older kernels ignore the dump filter; filter again here.
  return handle ? params.filter((p) => p.handle === `${handle.busName}/${handle.deviceName}`) : params;
}

/** Gets one parameter by name. */
export async function getParam(session: DevlinkSession, device: string | DeviceHandle, paramName: string, call?: CallOptions): Promise<DevlinkParam> {
  const handle = toDeviceHandle(device);
  checkName('param name', paramName);
  const reply = await session.requestOne(DEVLINK_CMD['param-get'], { ...deviceSelector(handle), 'param-name': paramName }, DEVLINK_CMD['param-get'], call);
  return decodeParam(reply.attributes);
}

/** What `setParam` needs: the value, the configuration mode, and optionally the type (else asked first). */
export interface ParamSetting {
  value: ParamValue;
  cmode: ParamCmode;
  /** The parameter's type; when omitted the client gets the parameter first to learn it. */
  type?: ParamType;
}

/** Checks a value against a parameter type and returns the bytes for param-value-data (undefined = bool false). */
export function encodeParamValue(type: ParamType, value: unknown): Uint8Array | undefined | true {
  const field = 'param value';
  switch (type) {
    case 'u8': return Uint8Array.of(integer(field, value, 0, 0xff));
    case 'u16': {
      const bytes = new Uint8Array(2);
      new DataView(bytes.buffer).setUint16(0, integer(field, value, 0, 0xffff), true);
      return bytes;
    }
    case 'u32': {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, integer(field, value, 0, 0xffffffff), true);
      return bytes;
    }
    case 'u64': {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, u64(field, value), true);
      return bytes;
    }
    case 'string': {
      if (typeof value !== 'string' || value.includes('\0')) {
        throw new DevlinkInputError(field, value, `invalid ${field} ${showValue(value)}: a string parameter needs a string`);
      }
      const text = new TextEncoder().encode(value);
      const bytes = new Uint8Array(text.length + 1);
      bytes.set(text);
      return bytes;
    }
    case 'bool':
      if (typeof value !== 'boolean') {
        throw new DevlinkInputError(field, value, `invalid ${field} ${showValue(value)}: a bool parameter needs true or false`);
      }
      return value ? true : undefined;
  }
}

/**
 * Parses a parameter value from text for `type`, as a command line gives it: decimal integers,
 * `true`/`false` for bools, anything for strings.
 */
export function parseParamValue(type: ParamType, text: string): ParamValue {
  const field = 'param value';
  switch (type) {
    case 'u8': case 'u16': case 'u32': {
      if (!/^\d+$/.test(text)) throw new DevlinkInputError(field, text, `invalid ${field} ${JSON.stringify(text)}: expected a ${type} number`);
      return Number(text);
    }
    case 'u64':
      if (!/^\d+$/.test(text)) throw new DevlinkInputError(field, text, `invalid ${field} ${JSON.stringify(text)}: expected a u64 number`);
      return BigInt(text);
    case 'bool':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new DevlinkInputError(field, text, `invalid ${field} ${JSON.stringify(text)}: expected true or false`);
    case 'string':
      return text;
  }
}

/** Sets a parameter's value in one configuration mode. */
export async function setParam(
  session: DevlinkSession,
  device: string | DeviceHandle,
  paramName: string,
  setting: ParamSetting,
  call?: CallOptions,
): Promise<void> {
  const handle = toDeviceHandle(device);
  checkName('param name', paramName);
  const cmode = enumName('cmode', setting.cmode, PARAM_CMODE);
  let type = setting.type;
  if (type === undefined) {
    const current = await getParam(session, handle, paramName, call);
    if (current.type.startsWith('unknown-')) {
      throw new DevlinkInputError('param type', current.type, `parameter ${paramName} has a type this client does not know (${current.type})`);
    }
    type = current.type as ParamType;
  } else {
    enumName('type', type, PARAM_TYPE);
  }
  const data = encodeParamValue(type, setting.value);
  // A bool is a flag: present for true, absent for false (an empty payload, as the kernel expects).
  await session.request(DEVLINK_CMD['param-set'], {
    ...deviceSelector(handle),
    'param-name': paramName,
    'param-type': PARAM_TYPE.byName.get(type)!,
    'param-value-data': data === true ? new Uint8Array(0) : data,
    'param-value-cmode': cmode,
  }, call);
}
