/**
 * Firmware flash with progress: the kernel reports progress as FLASH_UPDATE_STATUS notifications
 * on the "config" group while the request runs, so the client listens before sending.
 */
import { formatDeviceHandle, toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { FLASH_OVERWRITE } from '../spec/enums.js';
import type { CallOptions } from '../types.js';
import { enumName, knownKeys, name as checkName } from '../validate.js';
import { DevlinkEventStream, type DevlinkEvent } from './events.js';
import { deviceSelector } from './selectors.js';
import { DevlinkInputError } from '../errors.js';

/** A progress report of a flash update. */
export type FlashProgress = Extract<DevlinkEvent, { kind: 'flash' }>;

/** Flash options. */
export interface FlashOptions {
  /** Firmware file name, as the kernel's firmware loader finds it (relative to its search path). */
  file: string;
  /** Component to flash, when the device has several. */
  component?: string;
  /** Sections the update may overwrite besides the firmware itself. */
  overwrite?: readonly ('settings' | 'identifiers')[];
  /** Called with each progress notification for this device, in order. */
  onProgress?: (progress: FlashProgress) => void;
}

/** Default time a flash may take (firmware updates are slow). */
export const FLASH_TIMEOUT_MS = 15 * 60 * 1000;

/** Flashes firmware; resolves when the kernel acknowledges the end of the update. */
export async function flash(session: DevlinkSession, device: string | DeviceHandle, options: FlashOptions, call?: CallOptions): Promise<void> {
  const handle = toDeviceHandle(device);
  knownKeys('flash', options, ['file', 'component', 'overwrite', 'onProgress']);
  if (typeof options.file !== 'string' || options.file === '' || options.file.includes('\0')) {
    throw new DevlinkInputError('file', options.file, `invalid firmware file name ${JSON.stringify(options.file)}`);
  }
  let mask: number | undefined;
  if (options.overwrite !== undefined) {
    if (!Array.isArray(options.overwrite)) throw new DevlinkInputError('overwrite', options.overwrite, 'overwrite must be a list of settings, identifiers');
    mask = 0;
    for (const section of options.overwrite) mask |= 1 << enumName('overwrite', section, FLASH_OVERWRITE);
  }
  const text = formatDeviceHandle(handle);
  const stream = options.onProgress ? new DevlinkEventStream(session) : undefined;
  const pump = stream && (async () => {
    for await (const event of stream) {
      if (event.kind === 'flash' && event.handle === text) options.onProgress!(event);
    }
  })();
  try {
    await session.request(DEVLINK_CMD['flash-update'], {
      ...deviceSelector(handle),
      'flash-update-file-name': options.file,
      'flash-update-component': options.component === undefined ? undefined : checkName('component', options.component),
      'flash-update-overwrite-mask': mask === undefined ? undefined : { value: mask, selector: mask },
    }, { ...call, timeoutMs: call?.timeoutMs ?? FLASH_TIMEOUT_MS });
  } finally {
    // Notifications sent before the answer are buffered: deliver them, then stop.
    stream?.finish();
    await pump;
  }
}
