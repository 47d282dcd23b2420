import { align4, HOST_LITTLE_ENDIAN, putUint16, putUint32, viewOf } from './byte-order.js';
import { NLMSG_HDRLEN } from './constants.js';
import { NetlinkProtocolError } from './errors.js';

/**
 * One netlink message: the nlmsghdr fields and the payload after the 16-byte header.
 *
 * Why a plain object: the connection matches on seq/portId and flags, families interpret the
 * payload; nobody above needs the raw header bytes.
 */
export interface NetlinkMessage {
  /** nlmsg_type: a control type (NLMSG_ERROR, NLMSG_DONE...) or the family id. */
  type: number;
  /** nlmsg_flags (NLM_F_*). */
  flags: number;
  /** nlmsg_seq: sequence number chosen by the requester, echoed by the kernel (0 for notifications). */
  seq: number;
  /** nlmsg_pid: the port id (the requesting socket in replies, 0 from the kernel in requests). */
  portId: number;
  /** Bytes after the header, up to nlmsg_len (a view into the datagram, not a copy). */
  payload: Uint8Array;
}

/** What `encodeMessage` needs; `portId` defaults to 0 and `payload` to empty. */
export interface NetlinkMessageInit {
  type: number;
  flags: number;
  seq: number;
  portId?: number;
  payload?: Uint8Array;
}

function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`netlink message ${name} must be an integer 0..${max}, got ${String(value)}`);
  }
}

/**
 * Encodes one message: nlmsghdr plus payload, padded to 4 bytes (the padding is not counted in
 * nlmsg_len, like the kernel's nlmsg_put).
 * Why range checks: a truncated type or sequence number would be matched to the wrong reply.
 */
export function encodeMessage(message: NetlinkMessageInit): Uint8Array {
  const payload = message.payload ?? new Uint8Array(0);
  checkField('type', message.type, 0xffff);
  checkField('flags', message.flags, 0xffff);
  checkField('seq', message.seq, 0xffffffff);
  checkField('portId', message.portId ?? 0, 0xffffffff);
  const length = NLMSG_HDRLEN + payload.length;
  const bytes = new Uint8Array(align4(length));
  // Byte by byte rather than through a DataView: a DataView needs the array's ArrayBuffer, which
  // moves a small typed array off V8's heap (a separate allocation per request; issue 16, 3a).
  putUint32(bytes, 0, length);
  putUint16(bytes, 4, message.type);
  putUint16(bytes, 6, message.flags);
  putUint32(bytes, 8, message.seq);
  putUint32(bytes, 12, message.portId ?? 0);
  bytes.set(payload, NLMSG_HDRLEN);
  return bytes;
}

/** Concatenates encoded messages into one datagram (how the kernel batches dump parts). */
export function concatMessages(messages: readonly Uint8Array[]): Uint8Array {
  const total = messages.reduce((sum, m) => sum + align4(m.length), 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const m of messages) {
    out.set(m, at);
    at += align4(m.length);
  }
  return out;
}

/**
 * Splits a received datagram into its messages.
 *
 * Why strict: a header length smaller than the header, or running past the datagram, means the
 * bytes are corrupt; we throw NetlinkProtocolError rather than guess. A missing final pad is
 * accepted.
 */
export function parseDatagram(bytes: Uint8Array): NetlinkMessage[] {
  const view = viewOf(bytes);
  const messages: NetlinkMessage[] = [];
  let position = 0;
  while (position < bytes.length) {
    const remaining = bytes.length - position;
    if (remaining < NLMSG_HDRLEN) {
      throw new NetlinkProtocolError(
        `truncated netlink message header at offset ${position}: ${remaining} bytes left, header needs ${NLMSG_HDRLEN}`,
      );
    }
    const length = view.getUint32(position, HOST_LITTLE_ENDIAN);
    if (length < NLMSG_HDRLEN || length > remaining) {
      throw new NetlinkProtocolError(
        `bad netlink message length ${length} at offset ${position} (${remaining} bytes left in datagram)`,
      );
    }
    messages.push({
      type: view.getUint16(position + 4, HOST_LITTLE_ENDIAN),
      flags: view.getUint16(position + 6, HOST_LITTLE_ENDIAN),
      seq: view.getUint32(position + 8, HOST_LITTLE_ENDIAN),
      portId: view.getUint32(position + 12, HOST_LITTLE_ENDIAN),
      payload: bytes.subarray(position + NLMSG_HDRLEN, position + length),
    });
    position += Math.min(align4(length), remaining);
  }
  return messages;
}
