/**
 * Waiting for a port or device to reach a state, driven by notifications.
 *
 * Why subscribe first, then read: an SF's function becomes attached asynchronously; reading the
 * state and then subscribing would miss a notification sent in between and wait forever. The
 * order here is subscribe, get, then re-check on every event for the object (and re-read after a
 * `resync`, when events were lost).
 */
import { NetlinkKernelError } from '../../netlink/errors.js';
import { DevlinkWaitTimeoutError } from '../errors.js';
import { formatDeviceHandle, formatPortHandle, toDeviceHandle, toPortHandle, type DeviceHandle, type PortHandleInput } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import type { DevlinkDevice, DevlinkPort, PortFunctionOpstate } from '../types.js';
import { getDevice } from './devices.js';
import { DevlinkEventStream, type DevlinkEvent } from './events.js';
import { getPort } from './ports.js';

/** Options of a wait. */
export interface WaitOptions {
  /** Give up after this long (default 30000 ms) with a DevlinkWaitTimeoutError. */
  timeoutMs?: number;
  /** Abort the wait; it rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Names the awaited condition in the timeout error, e.g. `opstate attached`. */
  stage?: string;
}

/** Errors meaning "no such object" (the kernel uses ENODEV for devices, ENODEV/ENOENT for ports). */
function isGone(error: unknown): boolean {
  return error instanceof NetlinkKernelError && (error.code === 'ENODEV' || error.code === 'ENOENT');
}

/**
 * What an event means to a wait: not about the awaited object (`matched: false`), its new state
 * (`value`), or (`reread: true`) that the state must be read again (a condition that spans
 * several objects, such as an SF whose own devlink instance and netdev must appear).
 */
export interface WaitEventMatch<T> {
  matched: boolean;
  value?: T;
  reread?: boolean;
}

/**
 * Waits until `predicate` holds for an object, re-reading it with `read` after subscribing and
 * after every resync (and every event that asks for it), and taking each matching event's object
 * as its new state. Exported for the other objects' waits (line cards, the CLI's staged waits).
 */
export async function waitFor<T>(
  session: DevlinkSession,
  what: string,
  read: (signal: AbortSignal) => Promise<T | undefined>,
  fromEvent: (event: DevlinkEvent) => WaitEventMatch<T>,
  predicate: (value: T | undefined) => boolean,
  options: WaitOptions,
): Promise<T | undefined> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stage = options.stage ?? 'condition';
  options.signal?.throwIfAborted();
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort();
  }, timeoutMs);
  const stream = new DevlinkEventStream(session, { signal: stop.signal });
  const timeoutError = (): DevlinkWaitTimeoutError =>
    new DevlinkWaitTimeoutError(stage, `timed out after ${timeoutMs} ms waiting for ${what}: ${stage}`);
  const guardedRead = async (): Promise<T | undefined> => {
    try {
      return await read(stop.signal);
    } catch (error) {
      // The timer aborts a read in flight too; report the wait's timeout, not the abort.
      if (timedOut) throw timeoutError();
      throw error;
    }
  };
  try {
    let current: T | undefined = await guardedRead();
    if (predicate(current)) return current;
    for await (const event of stream) {
      if (event.kind === 'resync') {
        current = await guardedRead();
      } else {
        const { matched, value, reread } = fromEvent(event);
        if (!matched) continue;
        current = reread ? await guardedRead() : value;
      }
      if (predicate(current)) return current;
    }
    if (timedOut) throw timeoutError();
    throw options.signal?.reason ?? new Error(`wait for ${what} ended: the devlink connection was closed`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    stream.close();
  }
}

/**
 * Waits until `predicate(port)` holds; `port` is undefined while the port does not exist, so the
 * same call can wait for a port to appear or to be deleted. Resolves with the port state that
 * satisfied the predicate.
 */
export async function waitForPort(
  session: DevlinkSession,
  port: string | PortHandleInput,
  predicate: (port: DevlinkPort | undefined) => boolean,
  options: WaitOptions = {},
): Promise<DevlinkPort | undefined> {
  const handle = toPortHandle(port);
  const text = formatPortHandle(handle);
  return waitFor(
    session,
    `port ${text}`,
    async (signal) => {
      try {
        return await getPort(session, handle, { signal });
      } catch (error) {
        if (isGone(error)) return undefined;
        throw error;
      }
    },
    (event) => (event.kind === 'port' && event.port.handle === text
      ? { matched: true, value: event.action === 'del' ? undefined : event.port }
      : { matched: false }),
    predicate,
    options,
  );
}

/**
 * Waits until a port's function reaches `opstate` (attached after activation, detached after
 * deactivation). Rejects if the port disappears.
 */
export async function waitForFunctionOpstate(
  session: DevlinkSession,
  port: string | PortHandleInput,
  opstate: PortFunctionOpstate,
  options: WaitOptions = {},
): Promise<DevlinkPort> {
  const text = formatPortHandle(toPortHandle(port));
  let gone = false;
  const result = await waitForPort(session, port, (p) => {
    if (!p) {
      gone = true;
      return true;
    }
    return p.function?.opstate === opstate;
  }, { stage: `opstate ${opstate}`, ...options });
  if (gone || !result) {
    throw new NetlinkKernelError(19, { message: `port ${text} does not exist (or was deleted while waiting for opstate ${opstate})` });
  }
  return result;
}

/**
 * Waits until a devlink instance exists (`present` true, the default) or is gone, e.g. an SF's own
 * `auxiliary/...` instance after activation. Resolves with the device when present.
 */
export async function waitForDevice(
  session: DevlinkSession,
  device: string | DeviceHandle,
  present = true,
  options: WaitOptions = {},
): Promise<DevlinkDevice | undefined> {
  const handle = toDeviceHandle(device);
  const text = formatDeviceHandle(handle);
  return waitFor(
    session,
    `device ${text}`,
    async (signal) => {
      try {
        return await getDevice(session, handle, { signal });
      } catch (error) {
        if (isGone(error)) return undefined;
        throw error;
      }
    },
    (event) => (event.kind === 'dev' && event.device.handle === text
      ? { matched: true, value: event.action === 'del' ? undefined : event.device }
      : { matched: false }),
    (d) => (present ? d !== undefined : d === undefined),
    { stage: present ? 'device registered' : 'device removed', ...options },
  );
}
