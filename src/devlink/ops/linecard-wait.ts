/**
 * Waiting for a line card's provisioning outcome.
 *
 * Why: provisioning is asynchronous (the kernel answers LINECARD_SET at once with state
 * `provisioning`; the driver later reports provisioned, provisioning_failed, or active), so a
 * daemon or script must follow the notifications instead of polling `lc show`.
 */
import { DevlinkInputError, DevlinkReplyError, DevlinkTsError, showValue } from '../errors.js';
import { formatDeviceHandle, toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { integer } from '../validate.js';
import { decodeLinecard, getLinecard, type DevlinkLinecard } from './linecards.js';
import { waitFor, type WaitOptions } from './wait.js';

/** States that count as reached when waiting for `wanted` (an active card is also provisioned). */
const REACHED: Record<'provisioned' | 'active' | 'unprovisioned', readonly string[]> = {
  provisioned: ['provisioned', 'active'],
  active: ['active'],
  unprovisioned: ['unprovisioned'],
};

/** Raised when a line card's provisioning failed while waiting for it to be provisioned or active. */
export class LinecardProvisioningError extends DevlinkTsError {
  readonly code = 'EIO';
  readonly errno = 5;
  readonly linecard: DevlinkLinecard;

  constructor(linecard: DevlinkLinecard) {
    super(`line card ${linecard.handle} lc ${linecard.index}: provisioning failed${linecard.type ? ` (type ${linecard.type})` : ''}`);
    this.name = 'LinecardProvisioningError';
    this.linecard = linecard;
  }
}

/**
 * Waits until a line card slot reaches `state`: `provisioned` (provisioned or active),
 * `active`, or `unprovisioned`. Driven by LINECARD_NEW notifications (subscribed before the
 * first read, re-read after lost events). A timeout rejects with DevlinkWaitTimeoutError naming
 * the awaited state; a `provisioning_failed` state while waiting for provisioned/active rejects
 * with LinecardProvisioningError; a slot that disappears rejects with DevlinkReplyError.
 */
export async function waitForLinecardState(
  session: DevlinkSession,
  device: string | DeviceHandle,
  index: number,
  state: 'provisioned' | 'active' | 'unprovisioned',
  options: WaitOptions = {},
): Promise<DevlinkLinecard> {
  const handle = toDeviceHandle(device);
  const text = formatDeviceHandle(handle);
  integer('line card index', index, 0, 0xffff_ffff);
  const reached = REACHED[state];
  if (!reached) throw new DevlinkInputError('line card state', state, `invalid line card state ${showValue(state)} to wait for: provisioned, active or unprovisioned`);
  const failed = (card: DevlinkLinecard | undefined): boolean => state !== 'unprovisioned' && card?.state === 'provisioning_failed';
  const result = await waitFor<DevlinkLinecard>(
    session,
    `line card ${text} lc ${index}`,
    (signal) => getLinecard(session, handle, index, { signal }),
    (event) => {
      if (event.kind !== 'linecard' || event.handle !== text || event.index !== index) return { matched: false };
      if (event.action === 'del') return { matched: true };
      try {
        return { matched: true, value: decodeLinecard(event.attributes) };
      } catch {
        return { matched: false };
      }
    },
    (card) => card === undefined || reached.includes(card.state) || failed(card),
    { stage: `state ${state}`, ...options },
  );
  if (!result) throw new DevlinkReplyError(`line card ${text} lc ${index} disappeared while waiting for state ${state}`);
  if (failed(result)) throw new LinecardProvisioningError(result);
  return result;
}
