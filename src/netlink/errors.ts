import { DevlinkTsError } from '../error-base.js';
import { errnoName, strerror } from './errno-names.js';

/**
 * Malformed netlink bytes (truncated header, impossible length, garbage where a struct belongs).
 *
 * Why a class of its own: the decoders are fuzzed against the promise that arbitrary input throws
 * this error and nothing else, so callers can tell "the kernel (or fake) sent garbage" apart from
 * a kernel refusal or a bug in our code.
 */
export class NetlinkProtocolError extends DevlinkTsError {
  /** Always 'EPROTO', like the errno for a protocol error. */
  readonly code = 'EPROTO' as const;

  constructor(message: string) {
    super(message);
    this.name = 'NetlinkProtocolError';
  }
}

/**
 * The kernel's extended ACK (netlink TLVs after an NLMSG_ERROR or NLMSG_DONE).
 *
 * Why: "Invalid argument" alone is useless; the kernel usually says what was wrong and which
 * attribute it did not like. The offset-based fields are turned into attribute paths by the
 * layer that knows the family's attribute names (through RequestOptions.describeOffset /
 * describeMissing).
 */
export interface NetlinkExtendedAck {
  /** NLMSGERR_ATTR_MSG: the kernel's human-readable explanation. */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset of the offending attribute from the start of the request's nlmsghdr. */
  offset?: number;
  /** The offending attribute as a path such as `port-function.hw-addr`, when a describer knew it. */
  attributePath?: string;
  /** NLMSGERR_ATTR_MISS_TYPE: type number of a required attribute that was missing. */
  missingType?: number;
  /** NLMSGERR_ATTR_MISS_NEST: offset of the nest the missing attribute should have been in. */
  missingNestOffset?: number;
  /** The missing attribute as a path, when a describer knew it. */
  missingPath?: string;
  /** NLMSGERR_ATTR_COOKIE: opaque cookie some families attach. */
  cookie?: Uint8Array;
  /** NLMSGERR_ATTR_POLICY: the policy of the offending attribute, kept as raw nested bytes. */
  policy?: Uint8Array;
}

/**
 * The kernel refused a request: an NLMSG_ERROR (or NLMSG_DONE) with a negative error code.
 *
 * Why: callers need the errno to decide (ENOENT vs EBUSY vs EOPNOTSUPP) and the extended ACK to
 * tell the user what to fix. `.message` is the kernel's extack text when it sent one, otherwise
 * the libc strerror text ('Invalid argument'); `.description` is always the strerror text.
 */
export class NetlinkKernelError extends DevlinkTsError {
  /** Positive errno, e.g. 22. */
  readonly errno: number;
  /** Symbolic errno name, e.g. 'EINVAL'. */
  readonly code: string;
  /** The strerror text for errno, e.g. 'Invalid argument' (what iproute2 prints as "kernel answers:"). */
  readonly description: string;
  /** Extended ACK details, when the kernel sent any. */
  readonly extack?: NetlinkExtendedAck;

  /**
   * @param errno positive errno number
   * @param extack extended ACK details, if any
   * @param message overrides the default message (extack text, else strerror)
   */
  constructor(errno: number, extack?: NetlinkExtendedAck, message?: string) {
    const description = strerror(errno);
    super(message ?? extack?.message ?? description);
    this.name = 'NetlinkKernelError';
    this.errno = errno;
    this.code = errnoName(errno);
    this.description = description;
    if (extack !== undefined) this.extack = extack;
  }
}

/**
 * No reply within the allowed time.
 *
 * Why: a kernel (or a lost datagram) must never hang a caller forever; the message names the
 * request's message type and the timeout so the slow operation can be identified.
 */
export class NetlinkTimeoutError extends DevlinkTsError {
  /** Always 'ETIMEDOUT'. */
  readonly code = 'ETIMEDOUT' as const;
  /** The netlink message type of the request that timed out. */
  readonly messageType: number;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(messageType: number, timeoutMs: number, what = 'request') {
    super(`netlink ${what} (message type ${messageType}) got no reply within ${timeoutMs} ms`);
    this.name = 'NetlinkTimeoutError';
    this.messageType = messageType;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A dump kept being interrupted (NLM_F_DUMP_INTR) by concurrent changes, and the retries ran out.
 *
 * Why: an interrupted dump may be inconsistent; we retry it whole, and rather fail loudly than
 * return a silently partial table.
 */
export class NetlinkDumpInterruptedError extends DevlinkTsError {
  /** Always 'EINTR'. */
  readonly code = 'EINTR' as const;
  /** The netlink message type of the dump request. */
  readonly messageType: number;
  /** How many times the dump was attempted. */
  readonly attempts: number;

  constructor(messageType: number, attempts: number) {
    super(
      `netlink dump (message type ${messageType}) was interrupted by concurrent changes ` +
        `(NLM_F_DUMP_INTR) on all ${attempts} attempts; its results would be inconsistent`,
    );
    this.name = 'NetlinkDumpInterruptedError';
    this.messageType = messageType;
    this.attempts = attempts;
  }
}

/**
 * The socket's receive buffer overflowed (ENOBUFS): some datagrams were dropped by the kernel.
 *
 * Why: a dropped reply would otherwise leave its request waiting until the timeout. The
 * connection fails every request in flight with this error (code 'ENOBUFS', `retryable` true),
 * since it cannot know whose reply was lost; the request may or may not have been applied by the
 * kernel, so only the caller can decide whether re-sending is safe. Subscribers receive it in an
 * 'overflow' event to resynchronise their state.
 */
export class NetlinkOverflowError extends DevlinkTsError {
  /** Always 'ENOBUFS'. */
  readonly code = 'ENOBUFS' as const;
  /** Always true: the operation itself was not refused, a reply was lost. */
  readonly retryable = true as const;

  constructor(message = 'netlink receive buffer overflowed (ENOBUFS): messages from the kernel were lost') {
    super(message);
    this.name = 'NetlinkOverflowError';
  }
}

/**
 * The connection was closed while a request was waiting, or a request was made after close().
 *
 * Why: pending promises must settle with a clear reason instead of hanging after close().
 */
export class NetlinkConnectionClosedError extends DevlinkTsError {
  /** Always 'ERR_NETLINK_CLOSED'. */
  readonly code = 'ERR_NETLINK_CLOSED' as const;

  constructor(message = 'netlink connection is closed') {
    super(message);
    this.name = 'NetlinkConnectionClosedError';
  }
}
