import { AttributeWriter } from '../../src/netlink/attributes.js';
import { align4, HOST_LITTLE_ENDIAN } from '../../src/netlink/byte-order.js';
import { errnoNumber } from '../../src/netlink/errno-names.js';
import {
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_MULTI,
  NLA_F_NESTED,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSGERR_ATTR_COOKIE,
  NLMSGERR_ATTR_MISS_NEST,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSGERR_ATTR_POLICY,
} from '../../src/netlink/constants.js';
import { encodeMessage } from '../../src/netlink/message.js';
import { encodeGenlPayload } from '../../src/genl/header.js';

/**
 * Builders for the netlink messages a kernel sends: genl data messages, acks, errors with
 * extended ACK, DONE. Why: the fake kernel and byte-level tests must produce exactly what the
 * real kernel produces (netlink_ack / netlink_dump_done in net/netlink/af_netlink.c), in one place.
 */

/** An errno given as a positive number (22) or a name ('EINVAL'). */
export type ErrnoLike = number | string;

/** Turns 'EINVAL' or 22 into 22; throws on an unknown name so test typos surface. */
export function toErrno(errno: ErrnoLike): number {
  if (typeof errno === 'number') return Math.abs(errno);
  const n = errnoNumber(errno);
  if (n === undefined) throw new RangeError(`unknown errno name ${JSON.stringify(errno)}`);
  return n;
}

/** Extended ACK content a fake reply may carry. */
export interface ExtackSpec {
  /** NLMSGERR_ATTR_MSG text. */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: offset of the bad attribute from the start of the request's nlmsghdr. */
  offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE. */
  missingType?: number;
  /** NLMSGERR_ATTR_MISS_NEST. */
  missingNest?: number;
  /** NLMSGERR_ATTR_COOKIE. */
  cookie?: Uint8Array;
  /** NLMSGERR_ATTR_POLICY (raw nested payload). */
  policy?: Uint8Array;
}

/** Encodes extack TLVs in the kernel's order (msg, offs, miss type, miss nest, cookie, policy). */
export function encodeExtackTlvs(extack: ExtackSpec): Uint8Array {
  const w = new AttributeWriter();
  if (extack.message !== undefined) w.string(NLMSGERR_ATTR_MSG, extack.message);
  if (extack.offset !== undefined) w.u32(NLMSGERR_ATTR_OFFS, extack.offset);
  if (extack.missingType !== undefined) w.u32(NLMSGERR_ATTR_MISS_TYPE, extack.missingType);
  if (extack.missingNest !== undefined) w.u32(NLMSGERR_ATTR_MISS_NEST, extack.missingNest);
  if (extack.cookie !== undefined) w.binary(NLMSGERR_ATTR_COOKIE, extack.cookie);
  const head = w.finish();
  if (extack.policy === undefined) return head;
  // The policy is a raw nested payload: header with NLA_F_NESTED, the bytes, zero padding.
  const policy = extack.policy;
  const out = new Uint8Array(head.length + align4(4 + policy.length));
  out.set(head, 0);
  const view = new DataView(out.buffer);
  view.setUint16(head.length, 4 + policy.length, HOST_LITTLE_ENDIAN);
  view.setUint16(head.length + 2, NLMSGERR_ATTR_POLICY | NLA_F_NESTED, HOST_LITTLE_ENDIAN);
  out.set(policy, head.length + 4);
  return out;
}

/** Options of an NLMSG_ERROR builder. */
export interface ErrorMessageOptions {
  /** Echo only the request header (NETLINK_CAP_ACK, what our sockets ask for). Default true. */
  capped?: boolean;
  /** Extended ACK to attach (NLM_F_ACK_TLVS is set when any is given). */
  extack?: ExtackSpec;
  /** nlmsg_pid of the reply: the requesting socket's port id (default: the request header's pid). */
  portId?: number;
}

/**
 * Builds the NLMSG_ERROR the kernel sends for `request` (the whole request message bytes):
 * error 0 for an ack. seq and port id come from the request header.
 */
export function errorMessage(request: Uint8Array, errno: ErrnoLike, options: ErrorMessageOptions = {}): Uint8Array {
  const view = new DataView(request.buffer, request.byteOffset, request.byteLength);
  const requestLength = view.getUint32(0, HOST_LITTLE_ENDIAN);
  const seq = view.getUint32(8, HOST_LITTLE_ENDIAN);
  const portId = options.portId ?? view.getUint32(12, HOST_LITTLE_ENDIAN);
  const capped = options.capped ?? true;
  const echoed = capped ? request.subarray(0, NLMSG_HDRLEN) : request.subarray(0, requestLength);
  const tlvs = options.extack !== undefined ? encodeExtackTlvs(options.extack) : new Uint8Array(0);
  const echoedPadded = align4(echoed.length);
  const payload = new Uint8Array(4 + echoedPadded + tlvs.length);
  new DataView(payload.buffer).setInt32(0, -toErrno(errno), HOST_LITTLE_ENDIAN);
  payload.set(echoed, 4);
  payload.set(tlvs, 4 + echoedPadded);
  let flags = capped ? NLM_F_CAPPED : 0;
  if (tlvs.length > 0) flags |= NLM_F_ACK_TLVS;
  return encodeMessage({ type: NLMSG_ERROR, flags, seq, portId, payload });
}

/** Builds an ack (NLMSG_ERROR with error 0, always capped like the kernel's), optionally with a warning. */
export function ackMessage(request: Uint8Array, warning?: string, portId?: number): Uint8Array {
  return errorMessage(request, 0, {
    capped: true,
    ...(warning !== undefined ? { extack: { message: warning } } : {}),
    ...(portId !== undefined ? { portId } : {}),
  });
}

/** Builds the NLMSG_DONE ending a dump, with an optional error status and extended ACK. */
export function doneMessage(
  seq: number,
  portId: number,
  options: { errno?: ErrnoLike; extack?: ExtackSpec; flags?: number } = {},
): Uint8Array {
  const tlvs = options.extack !== undefined ? encodeExtackTlvs(options.extack) : new Uint8Array(0);
  const payload = new Uint8Array(4 + tlvs.length);
  new DataView(payload.buffer).setInt32(0, options.errno === undefined ? 0 : -toErrno(options.errno), HOST_LITTLE_ENDIAN);
  payload.set(tlvs, 4);
  let flags = NLM_F_MULTI | (options.flags ?? 0);
  if (tlvs.length > 0) flags |= NLM_F_ACK_TLVS;
  return encodeMessage({ type: NLMSG_DONE, flags, seq, portId, payload });
}

/** Builds a genl data message (family id, command, version, attribute bytes). */
export function genlMessage(
  familyId: number,
  command: number,
  attributes: Uint8Array,
  header: { seq?: number; portId?: number; flags?: number; version?: number } = {},
): Uint8Array {
  return encodeMessage({
    type: familyId,
    flags: header.flags ?? 0,
    seq: header.seq ?? 0,
    portId: header.portId ?? 0,
    payload: encodeGenlPayload(command, header.version ?? 1, attributes),
  });
}
