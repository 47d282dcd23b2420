/**
 * Port parameters: like device parameters, addressed by port (PORT_PARAM_GET/SET).
 *
 * Why keep them although current kernels refuse them: the uapi still has the commands, iproute2
 * still sends them (`devlink port param`), and kernels since 6.4 answer "Port params are not
 * supported" (EINVAL; an empty dump with that message). The client sends the same requests and
 * surfaces that answer as a NetlinkKernelError instead of hiding the commands.
 */
import { DevlinkInputError, DevlinkReplyError } from '../errors.js';
import { formatPortHandle, toDeviceHandle, toPortHandle, type DeviceHandle, type PortHandleInput } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { PARAM_CMODE, PARAM_TYPE } from '../spec/enums.js';
import { num } from '../tree.js';
import type { AttributeTree } from '../codec.js';
import type { CallOptions, DevlinkParam, ParamType } from '../types.js';
import { enumName, name as checkName } from '../validate.js';
import { decodeParam, encodeParamValue, type ParamSetting } from './params.js';
import { deviceSelector, portSelector } from './selectors.js';

/** A port's parameter: a device parameter plus the port it belongs to. */
export interface DevlinkPortParam extends DevlinkParam {
  readonly portIndex: number;
  /** Port handle `bus/device/index`. */
  readonly portHandle: string;
}

/** Replies to PORT_PARAM_GET carry PORT_PARAM_GET (older kernels) or PORT_PARAM_NEW. */
const REPLIES = new Set([DEVLINK_CMD['port-param-get'], DEVLINK_CMD['port-param-new']]);

/** Decodes a PORT_PARAM_GET reply or PORT_PARAM_NEW/DEL notification. */
export function decodePortParam(tree: AttributeTree): DevlinkPortParam {
  const param = decodeParam(tree);
  const portIndex = num(tree, 'port-index');
  if (portIndex === undefined) throw new DevlinkReplyError(`devlink port param message for ${param.handle} without port-index`);
  return { ...param, portIndex, portHandle: `${param.handle}/${portIndex}` };
}

/** Lists the port parameters of every device, or of one (one dump). */
export async function listPortParams(session: DevlinkSession, device?: string | DeviceHandle, call?: CallOptions): Promise<DevlinkPortParam[]> {
  const handle = device === undefined ? undefined : toDeviceHandle(device);
  const replies = await session.dump(DEVLINK_CMD['port-param-get'], handle ? deviceSelector(handle) : {}, REPLIES, call);
  const params = replies.map((m) => decodePortParam(m.attributes));
  return handle ? params.filter((p) => p.handle === `${handle.busName}/${handle.deviceName}`) : params;
}

/** Gets one port parameter by name. */
export async function getPortParam(session: DevlinkSession, port: string | PortHandleInput, paramName: string, call?: CallOptions): Promise<DevlinkPortParam> {
  const handle = toPortHandle(port);
  checkName('param name', paramName);
  const reply = await session.requestOne(DEVLINK_CMD['port-param-get'], { ...portSelector(handle), 'param-name': paramName }, REPLIES, call);
  return decodePortParam(reply.attributes);
}

/** Sets a port parameter's value in one configuration mode (the type is asked first unless given). */
export async function setPortParam(
  session: DevlinkSession,
  port: string | PortHandleInput,
  paramName: string,
  setting: ParamSetting,
  call?: CallOptions,
): Promise<void> {
  const handle = toPortHandle(port);
  checkName('param name', paramName);
  const cmode = enumName('cmode', setting.cmode, PARAM_CMODE);
  let type = setting.type;
  if (type === undefined) {
    const current = await getPortParam(session, handle, paramName, call);
    if (current.type.startsWith('unknown-')) {
      throw new DevlinkInputError('param type', current.type, `parameter ${paramName} of ${formatPortHandle(handle)} has a type this client does not know (${current.type})`);
    }
    type = current.type as ParamType;
  } else {
    enumName('type', type, PARAM_TYPE);
  }
  const data = encodeParamValue(type, setting.value);
  await session.request(DEVLINK_CMD['port-param-set'], {
    ...portSelector(handle),
    'param-name': paramName,
    'param-type': PARAM_TYPE.byName.get(type)!,
    'param-value-data': data === true ? new Uint8Array(0) : data,
    'param-value-cmode': cmode,
  }, call);
}
