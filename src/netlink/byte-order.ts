import { endianness } from 'node:os';

/**
 * Netlink integers are in host byte order (except NLA_F_NET_BYTEORDER payloads).
 *
 * Why one constant: every DataView access passes it, so the codec is correct on big-endian hosts
 * too instead of silently assuming little-endian.
 */
export const HOST_LITTLE_ENDIAN: boolean = endianness() === 'LE';

/** A DataView over exactly the bytes of `bytes` (views into larger buffers are respected). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Rounds a length up to the netlink alignment (4 bytes), as NLMSG_ALIGN/NLA_ALIGN do. */
export function align4(length: number): number {
  return (length + 3) & ~3;
}

/** Writes a 16-bit unsigned integer in host byte order at `at` (no DataView: see encodeMessage). */
export function putUint16(bytes: Uint8Array, at: number, value: number): void {
  if (HOST_LITTLE_ENDIAN) {
    bytes[at] = value & 0xff;
    bytes[at + 1] = (value >>> 8) & 0xff;
  } else {
    bytes[at] = (value >>> 8) & 0xff;
    bytes[at + 1] = value & 0xff;
  }
}

/** Writes a 32-bit unsigned integer in host byte order at `at` (no DataView: see encodeMessage). */
export function putUint32(bytes: Uint8Array, at: number, value: number): void {
  if (HOST_LITTLE_ENDIAN) {
    bytes[at] = value & 0xff;
    bytes[at + 1] = (value >>> 8) & 0xff;
    bytes[at + 2] = (value >>> 16) & 0xff;
    bytes[at + 3] = (value >>> 24) & 0xff;
  } else {
    bytes[at] = (value >>> 24) & 0xff;
    bytes[at + 1] = (value >>> 16) & 0xff;
    bytes[at + 2] = (value >>> 8) & 0xff;
    bytes[at + 3] = value & 0xff;
  }
}
