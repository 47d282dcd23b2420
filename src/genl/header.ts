import { GENL_ATTRIBUTES_OFFSET, GENL_HDRLEN } from './constants.js';
import { NetlinkProtocolError } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';

/**
 * A generic netlink message: the netlink header fields plus the genl header, with the
 * attribute bytes left for the family's codec.
 *
 * Why `attributesOffset`: extended-ACK offsets and attribute offsets count from the start of the
 * netlink message; decoders pass this as the base offset so positions line up.
 */
export interface GenlMessage {
  /** nlmsg_type: the family id. */
  familyId: number;
  /** genl command. */
  command: number;
  /** genl version. */
  version: number;
  /** nlmsg_flags. */
  flags: number;
  /** nlmsg_seq. */
  seq: number;
  /** nlmsg_pid. */
  portId: number;
  /** The bytes after the 4-byte genl header (a view). */
  attributes: Uint8Array;
  /** Offset of `attributes` within the netlink message (20). */
  attributesOffset: number;
}

/**
 * Splits a netlink message into genl header and attributes.
 * @throws NetlinkProtocolError when the payload is shorter than the genl header
 */
export function parseGenlMessage(message: NetlinkMessage): GenlMessage {
  const payload = message.payload;
  if (payload.length < GENL_HDRLEN) {
    throw new NetlinkProtocolError(
      `generic netlink message (type ${message.type}) has ${payload.length} payload bytes, genl header needs ${GENL_HDRLEN}`,
    );
  }
  return {
    familyId: message.type,
    command: payload[0] as number,
    version: payload[1] as number,
    flags: message.flags,
    seq: message.seq,
    portId: message.portId,
    attributes: payload.subarray(GENL_HDRLEN),
    attributesOffset: GENL_ATTRIBUTES_OFFSET,
  };
}

/**
 * Builds a genl payload: header (cmd, version, reserved 0) followed by the attribute bytes.
 * Why checked: command and version are single bytes; a bigger number would silently wrap.
 */
export function encodeGenlPayload(command: number, version: number, attributes: Uint8Array): Uint8Array {
  checkByte('command', command);
  checkByte('version', version);
  const payload = new Uint8Array(GENL_HDRLEN + attributes.length);
  payload[0] = command;
  payload[1] = version;
  payload.set(attributes, GENL_HDRLEN);
  return payload;
}

function checkByte(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new RangeError(`generic netlink ${what} must be an integer 0..255, got ${String(value)}`);
  }
}
