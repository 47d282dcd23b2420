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
