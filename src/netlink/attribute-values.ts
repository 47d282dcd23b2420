import { HOST_LITTLE_ENDIAN, viewOf } from './byte-order.js';
import { NetlinkProtocolError } from './errors.js';
import type { NetlinkAttribute } from './attributes.js';

/**
 * Typed readers for attribute payloads.
 *
 * Why strict sizes: a u32 attribute with 2 bytes means we and the sender disagree about the
 * protocol; reading garbage silently would be worse than a NetlinkProtocolError naming the
 * attribute and both sizes.
 */

type Source = NetlinkAttribute | Uint8Array;

function bytesOf(source: Source): Uint8Array {
  return source instanceof Uint8Array ? source : source.data;
}

function describe(source: Source): string {
  return source instanceof Uint8Array ? 'attribute payload' : `attribute ${source.type}`;
}

function sized(source: Source, kind: string, size: number): DataView {
  const bytes = bytesOf(source);
  if (bytes.length !== size) {
    throw new NetlinkProtocolError(`${describe(source)}: ${kind} needs ${size} bytes, got ${bytes.length}`);
  }
  return viewOf(bytes);
}

/** Reads a u8 payload. */
export function readU8(source: Source): number {
  return sized(source, 'u8', 1).getUint8(0);
}

/** Reads a u16 payload (host byte order). */
export function readU16(source: Source): number {
  return sized(source, 'u16', 2).getUint16(0, HOST_LITTLE_ENDIAN);
}

/** Reads a u32 payload (host byte order). */
export function readU32(source: Source): number {
  return sized(source, 'u32', 4).getUint32(0, HOST_LITTLE_ENDIAN);
}

/** Reads a u64 payload as a bigint (exact above 2^53). */
export function readU64(source: Source): bigint {
  return sized(source, 'u64', 8).getBigUint64(0, HOST_LITTLE_ENDIAN);
}

/** Reads an s8 payload. */
export function readS8(source: Source): number {
  return sized(source, 's8', 1).getInt8(0);
}

/** Reads an s16 payload. */
export function readS16(source: Source): number {
  return sized(source, 's16', 2).getInt16(0, HOST_LITTLE_ENDIAN);
}

/** Reads an s32 payload. */
export function readS32(source: Source): number {
  return sized(source, 's32', 4).getInt32(0, HOST_LITTLE_ENDIAN);
}

/** Reads an s64 payload as a bigint. */
export function readS64(source: Source): bigint {
  return sized(source, 's64', 8).getBigInt64(0, HOST_LITTLE_ENDIAN);
}

/**
 * Reads a variable-width unsigned integer (NLA_UINT: 1, 2, 4 or 8 bytes) as a bigint.
 * Why: newer kernels send some counters as 4 or 8 bytes depending on the value.
 */
export function readUint(source: Source): bigint {
  const bytes = bytesOf(source);
  switch (bytes.length) {
    case 1:
      return BigInt(readU8(source));
    case 2:
      return BigInt(readU16(source));
    case 4:
      return BigInt(readU32(source));
    case 8:
      return readU64(source);
    default:
      throw new NetlinkProtocolError(`${describe(source)}: uint needs 1, 2, 4 or 8 bytes, got ${bytes.length}`);
  }
}

/**
 * Reads a string payload: UTF-8 up to the first NUL; a missing NUL is tolerated.
 * Why tolerant: some kernel paths put strings with nla_put (no terminator); the text is still right.
 */
export function readString(source: Source): string {
  const bytes = bytesOf(source);
  return decodeString(bytes, 0, bytes.length);
}

const utf8 = new TextDecoder();

/** Strings up to this long are decoded by hand when they are ASCII (handles, names, netdevs). */
const SHORT_STRING = 64;

/**
 * The string in `bytes[start, end)`, as {@link readString} reads it: UTF-8 up to the first NUL.
 * Why by hand for short ASCII: nearly every devlink string is a short ASCII name, and a
 * TextDecoder call costs more than the loop; anything else goes to the shared TextDecoder.
 */
export function decodeString(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING) {
    let text = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      if (byte === 0) return text;
      if (byte >= 0x80) return decodeUtf8(bytes, start, end);
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return decodeUtf8(bytes, start, end);
}

function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const nul = bytes.indexOf(0, start);
  return utf8.decode(bytes.subarray(start, nul === -1 || nul > end ? end : nul));
}

/** Reads a bitfield32 payload: `value` (the bits) and `selector` (which bits are meaningful). */
export function readBitfield32(source: Source): { value: number; selector: number } {
  const view = sized(source, 'bitfield32', 8);
  return { value: view.getUint32(0, HOST_LITTLE_ENDIAN), selector: view.getUint32(4, HOST_LITTLE_ENDIAN) };
}
