/**
 * Errors raised by the devlink layer itself (kernel refusals arrive as NetlinkKernelError).
 *
 * Why a class per cause: callers branch on `code` like on Node's own errors (`EINVAL` for input we
 * refused before sending anything, `ETIMEDOUT` for a wait that ran out), and the message always
 * names the offending field and value so a CLI can print it as is.
 */

import { DevlinkTsError } from '../error-base.js';

export { DevlinkTsError };

/**
 * Input the client refused before sending a request: a malformed handle, an invalid MAC address,
 * an out-of-range number, an unknown flavour/state/mode name.
 */
export class DevlinkInputError extends DevlinkTsError {
  /** Node-style error code, the one the kernel would have used. */
  readonly code = 'EINVAL';
  /** errno for EINVAL. */
  readonly errno = 22;
  /** The option or argument at fault, e.g. `hwAddr` or `port handle`. */
  readonly field: string;
  /** The offending value as the caller gave it. */
  readonly value: unknown;

  constructor(field: string, value: unknown, message: string) {
    super(message);
    this.name = 'DevlinkInputError';
    this.field = field;
    this.value = value;
  }
}

/**
 * A wait (for example for an SF's function to become attached) that did not complete in time.
 * `stage` names what was still missing, so the CLI can say which step did not happen.
 */
export class DevlinkWaitTimeoutError extends DevlinkTsError {
  readonly code = 'ETIMEDOUT';
  readonly errno = 110;
  readonly stage: string;

  constructor(stage: string, message: string) {
    super(message);
    this.name = 'DevlinkWaitTimeoutError';
    this.stage = stage;
  }
}

/**
 * A reply from the kernel that lacks something every kernel sends (e.g. a port without its index).
 * Distinct from NetlinkProtocolError (malformed bytes): the bytes parsed, the content did not fit.
 */
export class DevlinkReplyError extends DevlinkTsError {
  readonly code = 'EPROTO';
  readonly errno = 71;

  constructor(message: string) {
    super(message);
    this.name = 'DevlinkReplyError';
  }
}

/** Renders a value for an error message: strings quoted, bigints without the `n`. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
