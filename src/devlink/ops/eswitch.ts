/** Eswitch mode, inline mode and encapsulation mode of a device. */
import { decodeEswitch } from '../decode.js';
import { toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { ESWITCH_ENCAP_MODE, ESWITCH_INLINE_MODE, ESWITCH_MODE } from '../spec/enums.js';
import type { CallOptions, DevlinkEswitch, EswitchEncapMode, EswitchInlineMode, EswitchMode } from '../types.js';
import { enumName, knownKeys, notEmpty } from '../validate.js';
import { deviceSelector } from './selectors.js';

/** What `setEswitch` can change; any subset, in one request. */
export interface EswitchSettings {
  mode?: EswitchMode;
  inlineMode?: EswitchInlineMode;
  encapMode?: EswitchEncapMode;
}

const KEYS = ['mode', 'inlineMode', 'encapMode'] as const;

/** Reads the eswitch configuration. */
export async function getEswitch(session: DevlinkSession, device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkEswitch> {
  const handle = toDeviceHandle(device);
  const reply = await session.requestOne(DEVLINK_CMD['eswitch-get'], deviceSelector(handle), DEVLINK_CMD['eswitch-get'], call);
  return decodeEswitch(reply.attributes);
}

/** Changes the eswitch configuration (validated before sending). */
export async function setEswitch(session: DevlinkSession, device: string | DeviceHandle, settings: EswitchSettings, call?: CallOptions): Promise<void> {
  const handle = toDeviceHandle(device);
  knownKeys('eswitch', settings, KEYS);
  notEmpty('eswitch', settings, KEYS);
  await session.request(DEVLINK_CMD['eswitch-set'], {
    ...deviceSelector(handle),
    'eswitch-mode': settings.mode === undefined ? undefined : enumName('mode', settings.mode, ESWITCH_MODE),
    'eswitch-inline-mode': settings.inlineMode === undefined ? undefined : enumName('inlineMode', settings.inlineMode, ESWITCH_INLINE_MODE),
    'eswitch-encap-mode': settings.encapMode === undefined ? undefined : enumName('encapMode', settings.encapMode, ESWITCH_ENCAP_MODE),
  }, call);
}
