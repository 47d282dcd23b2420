import { align4, HOST_LITTLE_ENDIAN, viewOf } from './byte-order.js';
import { NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK } from './constants.js';
import { NetlinkProtocolError } from './errors.js';

/**
 * One netlink attribute (TLV) as found in a buffer.
 *
 * Why keep `offset`: the kernel's extended ACK points at the offending attribute by byte offset
 * in the request; keeping each attribute's position lets the layer above map offsets back to names.
 */
export interface NetlinkAttribute {
  /** Attribute type with NLA_F_NESTED and NLA_F_NET_BYTEORDER masked off. */
  type: number;
  /** Whether NLA_F_NESTED was set (the payload is itself an attribute stream). */
  nested: boolean;
  /** The payload bytes (a view into the parsed buffer, not a copy). */
  data: Uint8Array;
  /** Offset of this attribute's header: `baseOffset` + its position in the parsed buffer. */
  offset: number;
}

/**
 * Parses a stream of attributes, keeping all of them in order (repeated types = multi-attributes).
 *
 * Why tolerant of a missing final pad but not of truncation: the kernel always pads between
 * attributes, yet a buffer may legitimately end right after the last payload; a length that
 * runs past the buffer or is smaller than the header means corrupt input.
 *
 * @param buffer the attribute stream
 * @param baseOffset added to each attribute's position to give `offset` (e.g. where the stream
 *   starts inside the netlink message)
 * @throws NetlinkProtocolError on a truncated header or an impossible length
 */
export function parseAttributes(buffer: Uint8Array, baseOffset = 0): NetlinkAttribute[] {
  const view = viewOf(buffer);
  const attributes: NetlinkAttribute[] = [];
  let position = 0;
  while (position < buffer.length) {
    const length = checkedAttributeLength(view, position, buffer.length, baseOffset + position);
    const rawType = view.getUint16(position + 2, HOST_LITTLE_ENDIAN);
    attributes.push({
      type: rawType & NLA_TYPE_MASK,
      nested: (rawType & NLA_F_NESTED) !== 0,
      data: buffer.subarray(position + NLA_HDRLEN, position + length),
      offset: baseOffset + position,
    });
    position += Math.min(align4(length), buffer.length - position);
  }
  return attributes;
}

/**
 * Reads the length of the attribute header at `position` of `view`, checked against `end` (where
 * the stream ends): the one place the three decoders (parseAttributes, the devlink codec's tree
 * walk and genetlink's family walk) hold the kernel's framing rules, so they fail alike.
 *
 * Why a thrown error and not a skipped attribute: a header that runs past its stream or is
 * shorter than itself means every later offset is wrong, so nothing after it can be trusted.
 *
 * @param offset the header's offset as error messages name it (from the message's start)
 * @returns the header's length field: header plus payload, without padding
 * @throws NetlinkProtocolError on a truncated header or an impossible length
 */
export function checkedAttributeLength(view: DataView, position: number, end: number, offset: number): number {
  const remaining = end - position;
  if (remaining < NLA_HDRLEN) {
    throw new NetlinkProtocolError(
      `truncated netlink attribute at offset ${offset}: ${remaining} bytes left, header needs ${NLA_HDRLEN}`,
    );
  }
  const length = view.getUint16(position, HOST_LITTLE_ENDIAN);
  if (length < NLA_HDRLEN || length > remaining) {
    const type = view.getUint16(position + 2, HOST_LITTLE_ENDIAN) & NLA_TYPE_MASK;
    throw new NetlinkProtocolError(
      `bad netlink attribute length ${length} at offset ${offset} (type ${type}, ${remaining} bytes left)`,
    );
  }
  return length;
}

const utf8Encoder = new TextEncoder();

/** True when every character is ASCII, so its UTF-8 bytes are its char codes (handles, names). */
function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Largest attribute payload: the length field is 16 bits and includes the 4-byte header. */
const MAX_PAYLOAD = 0xffff - NLA_HDRLEN;

function checkType(type: number): void {
  if (!Number.isInteger(type) || type < 0 || type > 0xffff) {
    throw new RangeError(`netlink attribute type must be an integer 0..65535, got ${String(type)}`);
  }
}

function checkInteger(kind: string, type: number, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${kind} attribute ${type}: value ${String(value)} is out of range ${min}..${max}`,
    );
  }
}

function checkBigInt(kind: string, type: number, value: bigint, min: bigint, max: bigint): void {
  if (typeof value !== 'bigint') {
    throw new TypeError(`${kind} attribute ${type}: value ${String(value)} must be a bigint`);
  }
  if (value < min || value > max) {
    throw new RangeError(`${kind} attribute ${type}: value ${value} is out of range ${min}..${max}`);
  }
}

/**
 * Builds an attribute stream with correct alignment, zeroed padding and range-checked values.
 *
 * Why a builder with checks: an out-of-range number silently truncated into a u16 would send the
 * kernel a different request than the user asked for; every value is checked and rejected with a
 * RangeError naming the attribute type and the value before anything is sent.
 * Nested attributes are always written with NLA_F_NESTED, as current kernels expect.
 */
export class AttributeWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private length = 0;

  /**
   * @param initialBytes the buffer to start with; it doubles as needed. Small by default: V8 keeps
   * typed arrays of up to 64 bytes on its own heap, larger ones cost a separate allocation each,
   * and most requests (an object's handle) fit. A writer kept for reuse ({@link reset}) starts
   * larger.
   */
  constructor(initialBytes = 64) {
    this.buffer = new Uint8Array(initialBytes);
    this.view = new DataView(this.buffer.buffer);
  }

  /** Forgets what was written, keeping the buffer, so one writer can encode request after request. */
  reset(): this {
    this.length = 0;
    return this;
  }

  /** Number of bytes written so far. */
  get byteLength(): number {
    return this.length;
  }

  /** Appends an unsigned 8-bit attribute. */
  u8(type: number, value: number): this {
    checkInteger('u8', type, value, 0, 0xff);
    const at = this.header(type, 1);
    this.view.setUint8(at, value);
    return this.pad();
  }

  /** Appends an unsigned 16-bit attribute (host byte order). */
  u16(type: number, value: number): this {
    checkInteger('u16', type, value, 0, 0xffff);
    const at = this.header(type, 2);
    this.view.setUint16(at, value, HOST_LITTLE_ENDIAN);
    return this.pad();
  }

  /** Appends an unsigned 32-bit attribute (host byte order). */
  u32(type: number, value: number): this {
    checkInteger('u32', type, value, 0, 0xffffffff);
    const at = this.header(type, 4);
    this.view.setUint32(at, value, HOST_LITTLE_ENDIAN);
    return this.pad();
  }

  /** Appends an unsigned 64-bit attribute; bigint so values above 2^53 stay exact. */
  u64(type: number, value: bigint): this {
    checkBigInt('u64', type, value, 0n, 0xffffffffffffffffn);
    const at = this.header(type, 8);
    this.view.setBigUint64(at, value, HOST_LITTLE_ENDIAN);
    return this.pad();
  }

  /** Appends a signed 8-bit attribute. */
  s8(type: number, value: number): this {
    checkInteger('s8', type, value, -0x80, 0x7f);
    const at = this.header(type, 1);
    this.view.setInt8(at, value);
    return this.pad();
  }

  /** Appends a signed 16-bit attribute. */
  s16(type: number, value: number): this {
    checkInteger('s16', type, value, -0x8000, 0x7fff);
    const at = this.header(type, 2);
    this.view.setInt16(at, value, HOST_LITTLE_ENDIAN);
    return this.pad();
  }

  /** Appends a signed 32-bit attribute. */
  s32(type: number, value: number): this {
    checkInteger('s32', type, value, -0x80000000, 0x7fffffff);
    const at = this.header(type, 4);
    this.view.setInt32(at, value, HOST_LITTLE_ENDIAN);
    return this.pad();
  }

  /** Appends a signed 64-bit attribute (bigint). */
  s64(type: number, value: bigint): this {
    checkBigInt('s64', type, value, -0x8000000000000000n, 0x7fffffffffffffffn);
    const at = this.header(type, 8);
    this.view.setBigInt64(at, value, HOST_LITTLE_ENDIAN);
    return this.pad();
  }

  /**
   * Appends a variable-width unsigned integer (NLA_UINT): 4 bytes when it fits, else 8.
   * Why: newer kernel attributes use this type; the kernel accepts either width.
   */
  uint(type: number, value: bigint): this {
    checkBigInt('uint', type, value, 0n, 0xffffffffffffffffn);
    if (value <= 0xffffffffn) return this.u32(type, Number(value));
    return this.u64(type, value);
  }

  /** Appends a NUL-terminated UTF-8 string. Rejects strings containing NUL (the kernel would cut them). */
  string(type: number, value: string): this {
    if (typeof value !== 'string') {
      throw new TypeError(`string attribute ${type}: value ${String(value)} must be a string`);
    }
    if (value.includes('\0')) {
      throw new RangeError(`string attribute ${type}: value ${JSON.stringify(value)} contains a NUL character`);
    }
    if (isAscii(value)) {
      const at = this.header(type, value.length + 1);
      for (let i = 0; i < value.length; i++) this.buffer[at + i] = value.charCodeAt(i);
      this.buffer[at + value.length] = 0;
      return this.pad();
    }
    const encoded = utf8Encoder.encode(value);
    const at = this.header(type, encoded.length + 1);
    this.buffer.set(encoded, at);
    this.buffer[at + encoded.length] = 0;
    return this.pad();
  }

  /** Appends raw bytes as the payload (binary attributes such as a MAC address). */
  binary(type: number, bytes: Uint8Array): this {
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`binary attribute ${type}: value must be a Uint8Array`);
    }
    const at = this.header(type, bytes.length);
    this.buffer.set(bytes, at);
    return this.pad();
  }

  /** Appends a flag attribute: present means true, no payload. */
  flag(type: number): this {
    this.header(type, 0);
    return this;
  }

  /** Appends a bitfield32 attribute: 8 bytes, the value then the selector (which bits to change). */
  bitfield32(type: number, value: number, selector: number): this {
    checkInteger('bitfield32 value of', type, value, 0, 0xffffffff);
    checkInteger('bitfield32 selector of', type, selector, 0, 0xffffffff);
    const at = this.header(type, 8);
    this.view.setUint32(at, value, HOST_LITTLE_ENDIAN);
    this.view.setUint32(at + 4, selector, HOST_LITTLE_ENDIAN);
    return this.pad();
  }

  /**
   * Appends a nested attribute (NLA_F_NESTED set); `build` writes its children into this writer.
   * Why the same writer: children land in place and only the nest header's length is patched.
   */
  nested(type: number, build: (writer: AttributeWriter) => void): this {
    checkType(type);
    const start = this.length;
    this.header(type | NLA_F_NESTED, 0);
    build(this);
    const total = this.length - start;
    if (total > 0xffff) {
      throw new RangeError(`nested attribute ${type}: payload of ${total - NLA_HDRLEN} bytes exceeds ${MAX_PAYLOAD}`);
    }
    this.view.setUint16(start, total, HOST_LITTLE_ENDIAN);
    return this;
  }

  /** Returns a copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** Writes a header for `payloadLength` bytes, reserves them, returns the payload offset. */
  private header(type: number, payloadLength: number): number {
    checkType(type);
    if (payloadLength > MAX_PAYLOAD) {
      throw new RangeError(`attribute ${type & NLA_TYPE_MASK}: payload of ${payloadLength} bytes exceeds ${MAX_PAYLOAD}`);
    }
    const start = this.length;
    this.reserve(NLA_HDRLEN + payloadLength);
    this.view.setUint16(start, NLA_HDRLEN + payloadLength, HOST_LITTLE_ENDIAN);
    this.view.setUint16(start + 2, type, HOST_LITTLE_ENDIAN);
    this.length = start + NLA_HDRLEN + payloadLength;
    return start + NLA_HDRLEN;
  }

  /** Zero-pads to the 4-byte boundary. */
  private pad(): this {
    const padded = align4(this.length);
    this.reserve(padded - this.length);
    this.buffer.fill(0, this.length, padded);
    this.length = padded;
    return this;
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}
