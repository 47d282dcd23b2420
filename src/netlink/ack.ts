import { align4, HOST_LITTLE_ENDIAN, viewOf } from './byte-order.js';
import { parseAttributes } from './attributes.js';
import { readString, readU32 } from './attribute-values.js';
import {
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLMSG_HDRLEN,
  NLMSGERR_ATTR_COOKIE,
  NLMSGERR_ATTR_MISS_NEST,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSGERR_ATTR_POLICY,
} from './constants.js';
import { NetlinkKernelError, NetlinkProtocolError, type NetlinkExtendedAck } from './errors.js';
import type { NetlinkMessage } from './message.js';

/**
 * Parsing of NLMSG_ERROR (acks and errors) and NLMSG_DONE payloads, with extended ACK.
 *
 * Why separate from the connection: these are pure byte decoders, fuzzed on their own, and the
 * fake kernel's tests use them to check what it builds.
 */

/** The request header the kernel echoes inside an NLMSG_ERROR. */
export interface EchoedRequestHeader {
  length: number;
  type: number;
  flags: number;
  seq: number;
  portId: number;
}

/** A decoded NLMSG_ERROR: errno 0 is a positive acknowledgement (which may still carry a warning). */
export interface NetlinkErrorPayload {
  /** Positive errno, or 0 for an ack. */
  errno: number;
  /** The original request's header, when present (always, from real kernels). */
  request?: EchoedRequestHeader;
  /** The original request's payload, when the ack was not capped (NLM_F_CAPPED clear). */
  requestPayload?: Uint8Array;
  /** Extended ACK TLVs, when NLM_F_ACK_TLVS was set and any known ones were present. */
  extack?: NetlinkExtendedAck;
}

/** A decoded NLMSG_DONE: the dump's final status. */
export interface NetlinkDonePayload {
  /** Positive errno, or 0 when the dump completed. */
  errno: number;
  extack?: NetlinkExtendedAck;
}

/**
 * Turns extack offsets into attribute paths. Why callbacks: only the family layer knows what the
 * attribute types in the request mean; this layer only knows bytes.
 */
export interface ExtackDescribers {
  /** Names the attribute at `offset` (from the start of `request`, the whole message incl. nlmsghdr). */
  describeOffset?: (request: Uint8Array, offset: number) => string | undefined;
  /** Names a missing attribute, optionally inside the nest at `nestOffset`. */
  describeMissing?: (request: Uint8Array, missingType: number, nestOffset?: number) => string | undefined;
}

function errnoFrom(value: number): number {
  return Math.abs(value);
}

/**
 * Parses extended ACK TLVs. Unknown TLV types are skipped (newer kernels may add some).
 * @throws NetlinkProtocolError on malformed TLVs or wrong sizes
 */
export function parseExtendedAck(tlvs: Uint8Array): NetlinkExtendedAck | undefined {
  const extack: NetlinkExtendedAck = {};
  let any = false;
  for (const attribute of parseAttributes(tlvs)) {
    switch (attribute.type) {
      case NLMSGERR_ATTR_MSG:
        extack.message = readString(attribute);
        break;
      case NLMSGERR_ATTR_OFFS:
        extack.offset = readU32(attribute);
        break;
      case NLMSGERR_ATTR_COOKIE:
        extack.cookie = attribute.data.slice();
        break;
      case NLMSGERR_ATTR_POLICY:
        extack.policy = attribute.data.slice();
        break;
      case NLMSGERR_ATTR_MISS_TYPE:
        extack.missingType = readU32(attribute);
        break;
      case NLMSGERR_ATTR_MISS_NEST:
        extack.missingNestOffset = readU32(attribute);
        break;
      default:
        continue;
    }
    any = true;
  }
  return any ? extack : undefined;
}

/**
 * Decodes an NLMSG_ERROR payload: `int error; struct nlmsghdr msg;` then, unless NLM_F_CAPPED,
 * the rest of the original request, then (with NLM_F_ACK_TLVS) the extended ACK TLVs.
 * @throws NetlinkProtocolError when the payload is too short or inconsistent
 */
export function parseErrorMessage(message: NetlinkMessage): NetlinkErrorPayload {
  const payload = message.payload;
  if (payload.length < 4) {
    throw new NetlinkProtocolError(`NLMSG_ERROR payload of ${payload.length} bytes is too short for the error code`);
  }
  const view = viewOf(payload);
  const result: NetlinkErrorPayload = { errno: errnoFrom(view.getInt32(0, HOST_LITTLE_ENDIAN)) };
  if (payload.length < 4 + NLMSG_HDRLEN) {
    if ((message.flags & NLM_F_ACK_TLVS) !== 0) {
      throw new NetlinkProtocolError(
        `NLMSG_ERROR with extended ACK has ${payload.length} bytes, too short for the echoed request header`,
      );
    }
    return result;
  }
  const request: EchoedRequestHeader = {
    length: view.getUint32(4, HOST_LITTLE_ENDIAN),
    type: view.getUint16(8, HOST_LITTLE_ENDIAN),
    flags: view.getUint16(10, HOST_LITTLE_ENDIAN),
    seq: view.getUint32(12, HOST_LITTLE_ENDIAN),
    portId: view.getUint32(16, HOST_LITTLE_ENDIAN),
  };
  result.request = request;
  let tlvStart = 4 + NLMSG_HDRLEN;
  if ((message.flags & NLM_F_CAPPED) === 0) {
    if (request.length < NLMSG_HDRLEN) {
      throw new NetlinkProtocolError(`NLMSG_ERROR echoes a request with impossible length ${request.length}`);
    }
    const end = 4 + request.length;
    if (end > payload.length) {
      if ((message.flags & NLM_F_ACK_TLVS) !== 0) {
        throw new NetlinkProtocolError(
          `NLMSG_ERROR echoes a ${request.length}-byte request but carries only ${payload.length - 4} bytes of it`,
        );
      }
      // An old kernel with NETLINK_CAP_ACK but without the CAPPED flag: only the header was echoed.
      return result;
    }
    result.requestPayload = payload.subarray(4 + NLMSG_HDRLEN, end);
    tlvStart = 4 + align4(request.length);
  }
  if ((message.flags & NLM_F_ACK_TLVS) !== 0 && tlvStart < payload.length) {
    const extack = parseExtendedAck(payload.subarray(tlvStart));
    if (extack !== undefined) result.extack = extack;
  }
  return result;
}

/**
 * Decodes an NLMSG_DONE payload: an int status (0 or a negative errno), then extended ACK TLVs
 * when NLM_F_ACK_TLVS is set. An empty payload (some old families) counts as success.
 * @throws NetlinkProtocolError on malformed bytes
 */
export function parseDoneMessage(message: NetlinkMessage): NetlinkDonePayload {
  const payload = message.payload;
  if (payload.length === 0) return { errno: 0 };
  if (payload.length < 4) {
    throw new NetlinkProtocolError(`NLMSG_DONE payload of ${payload.length} bytes is too short for the status`);
  }
  const result: NetlinkDonePayload = { errno: errnoFrom(viewOf(payload).getInt32(0, HOST_LITTLE_ENDIAN)) };
  if ((message.flags & NLM_F_ACK_TLVS) !== 0 && payload.length > 4) {
    const extack = parseExtendedAck(payload.subarray(4));
    if (extack !== undefined) result.extack = extack;
  }
  return result;
}

/**
 * Builds the NetlinkKernelError for a refusal, filling `attributePath`/`missingPath` through the
 * describers (a describer that throws is ignored: a naming failure must not hide the kernel's error).
 */
export function kernelErrorFor(
  errno: number,
  extack: NetlinkExtendedAck | undefined,
  request: Uint8Array,
  describers: ExtackDescribers = {},
): NetlinkKernelError {
  return new NetlinkKernelError(errno, describeExtack(extack, request, describers));
}

/** Returns `extack` with attributePath/missingPath filled in where the describers can name them. */
export function describeExtack(
  extack: NetlinkExtendedAck | undefined,
  request: Uint8Array,
  describers: ExtackDescribers,
): NetlinkExtendedAck | undefined {
  if (extack === undefined) return undefined;
  const described: NetlinkExtendedAck = { ...extack };
  if (extack.offset !== undefined && describers.describeOffset !== undefined) {
    const path = safely(() => describers.describeOffset?.(request, extack.offset as number));
    if (path !== undefined) described.attributePath = path;
  }
  if (extack.missingType !== undefined && describers.describeMissing !== undefined) {
    const path = safely(() =>
      describers.describeMissing?.(request, extack.missingType as number, extack.missingNestOffset),
    );
    if (path !== undefined) described.missingPath = path;
  }
  return described;
}

function safely(describe: () => string | undefined): string | undefined {
  try {
    return describe();
  } catch {
    return undefined;
  }
}
