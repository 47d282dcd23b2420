/**
 * One generic encoder/decoder for devlink attributes, driven by the tables in ./spec.
 *
 * Why generic: every devlink object (device, port, rate, param, region, health reporter...) is an
 * attribute stream in the same vocabulary; walking the spec gives every message, including the
 * attributes no typed accessor knows yet, to printers and to callers. Unknown attributes (newer
 * kernels) and attributes whose size does not match our table are kept raw, never dropped.
 */
import { AttributeWriter, checkedAttributeLength } from '../netlink/attributes.js';
import { decodeString } from '../netlink/attribute-values.js';
import { align4, HOST_LITTLE_ENDIAN, viewOf } from '../netlink/byte-order.js';
import { NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK } from '../netlink/constants.js';
import { NetlinkProtocolError } from '../netlink/errors.js';
import { DevlinkInputError, showValue } from './errors.js';
import { DEVLINK_ENUMS } from './spec/enums.js';
import { attributeSet } from './spec/index.js';
import type { AttributeSet, AttributeSpec } from './spec/types.js';

/** A bitfield32 value: `value` bits and the `selector` saying which bits are meaningful. */
export interface Bitfield32 {
  readonly value: number;
  readonly selector: number;
}

/** An attribute the tables do not know (or whose payload did not fit its type), kept as bytes. */
export interface RawAttribute {
  /** Attribute type number (flag bits masked off). */
  readonly type: number;
  /** Whether NLA_F_NESTED was set. */
  readonly nested: boolean;
  /** Payload bytes. */
  readonly data: Uint8Array;
  /** Why it is raw when the number is known: e.g. `u32 needs 4 bytes, got 2`. */
  readonly reason?: string;
}

/** A decoded attribute value. Enum-typed integers stay numbers; the typed layer names them. */
export type AttributeValue = number | bigint | string | boolean | Uint8Array | Bitfield32 | AttributeTree;

/**
 * A decoded attribute stream: known attributes by YNL name (multi-attributes, and any attribute
 * that repeated, as arrays in wire order), plus everything unknown, raw and in wire order.
 */
export interface AttributeTree {
  /** Name of the attribute set the stream was decoded with. */
  readonly set: string;
  readonly values: Readonly<Record<string, AttributeValue | readonly AttributeValue[]>>;
  readonly unknown: readonly RawAttribute[];
}

function resolveSet(set: string | AttributeSet): AttributeSet {
  return typeof set === 'string' ? attributeSet(set) : set;
}

/**
 * Each set's attributes indexed by type number (an array, not the set's Map), built on first use.
 * Why: decoding looks up every attribute of every message; an array read is the cheapest lookup.
 */
const specsByType = new WeakMap<AttributeSet, readonly (AttributeSpec | undefined)[]>();

function specsOf(set: AttributeSet): readonly (AttributeSpec | undefined)[] {
  let table = specsByType.get(set);
  if (table === undefined) {
    const dense: (AttributeSpec | undefined)[] = [];
    for (const spec of set.attributes) dense[spec.value] = spec;
    table = dense;
    specsByType.set(set, table);
  }
  return table;
}

/**
 * Decodes an attribute stream against a set.
 * @param baseOffset where `bytes` starts inside the enclosing message (only used in error texts)
 * @param nestOverrides top-level nests to decode with another set than the table's, for the few
 *   replies whose nest content depends on the command (e.g. selftests-run results)
 * @throws NetlinkProtocolError when the stream itself is malformed (truncated, impossible length)
 */
export function decodeAttributes(
  bytes: Uint8Array,
  set: string | AttributeSet,
  baseOffset = 0,
  nestOverrides?: Readonly<Record<string, string>>,
): AttributeTree {
  return decodeRange(bytes, viewOf(bytes), 0, bytes.length, resolveSet(set), baseOffset, nestOverrides);
}

/**
 * Decodes the attributes in `bytes[start, end)`, reading numbers through `view` (one DataView over
 * the whole message, shared by its nests). Why by hand rather than parseAttributes + typed readers:
 * this runs for every attribute of every message (1024 ports are ~15,000 attributes), and those
 * allocate an attribute object, a subarray and a DataView per attribute; here only the values the
 * tree keeps are allocated. The framing checks and messages are parseAttributes' own.
 */
function decodeRange(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  spec: AttributeSet,
  baseOffset: number,
  nestOverrides: Readonly<Record<string, string>> | undefined,
): AttributeTree {
  const specs = specsOf(spec);
  const values: Record<string, AttributeValue | AttributeValue[]> = {};
  const unknown: RawAttribute[] = [];
  let position = start;
  while (position < end) {
    const offset = baseOffset + (position - start);
    const length = checkedAttributeLength(view, position, end, offset);
    const rawType = view.getUint16(position + 2, HOST_LITTLE_ENDIAN);
    const type = rawType & NLA_TYPE_MASK;
    const dataStart = position + NLA_HDRLEN;
    const dataEnd = position + length;
    position += Math.min(align4(length), end - position);
    const tableSpec = specs[type];
    if (tableSpec === undefined) {
      unknown.push({ type, nested: (rawType & NLA_F_NESTED) !== 0, data: bytes.subarray(dataStart, dataEnd) });
      continue;
    }
    const override = nestOverrides?.[tableSpec.name];
    const attrSpec = override ? { ...tableSpec, nestedSet: override } : tableSpec;
    let value: AttributeValue;
    try {
      value = decodeValue(bytes, view, dataStart, dataEnd, attrSpec, offset);
    } catch (error) {
      unknown.push({
        type,
        nested: (rawType & NLA_F_NESTED) !== 0,
        data: bytes.subarray(dataStart, dataEnd),
        reason: `${attrSpec.name}: ${(error as Error).message}`,
      });
      continue;
    }
    const name = attrSpec.name;
    const previous = values[name];
    if (attrSpec.multiAttr) {
      if (Array.isArray(previous)) previous.push(value);
      else values[name] = [value];
    } else if (previous === undefined) {
      values[name] = value;
    } else {
      // Not declared as repeating, yet it did: keep every occurrence rather than guess.
      values[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
  }
  return { set: spec.name, values, unknown };
}

function sizeError(kind: string, size: number, got: number): NetlinkProtocolError {
  return new NetlinkProtocolError(`attribute payload: ${kind} needs ${size} bytes, got ${got}`);
}

/** One attribute's value from `bytes[start, end)`; throws (the caller keeps it raw) when its size is wrong. */
function decodeValue(bytes: Uint8Array, view: DataView, start: number, end: number, spec: AttributeSpec, offset: number): AttributeValue {
  const size = end - start;
  switch (spec.type) {
    case 'u8':
      if (size !== 1) throw sizeError('u8', 1, size);
      return bytes[start] as number;
    case 'u16':
      if (size !== 2) throw sizeError('u16', 2, size);
      return view.getUint16(start, HOST_LITTLE_ENDIAN);
    case 'u32':
      if (size !== 4) throw sizeError('u32', 4, size);
      return view.getUint32(start, HOST_LITTLE_ENDIAN);
    case 'u64':
      if (size !== 8) throw sizeError('u64', 8, size);
      return view.getBigUint64(start, HOST_LITTLE_ENDIAN);
    case 's8':
      if (size !== 1) throw sizeError('s8', 1, size);
      return view.getInt8(start);
    case 's16':
      if (size !== 2) throw sizeError('s16', 2, size);
      return view.getInt16(start, HOST_LITTLE_ENDIAN);
    case 's32':
      if (size !== 4) throw sizeError('s32', 4, size);
      return view.getInt32(start, HOST_LITTLE_ENDIAN);
    case 's64':
      if (size !== 8) throw sizeError('s64', 8, size);
      return view.getBigInt64(start, HOST_LITTLE_ENDIAN);
    case 'uint':
      switch (size) {
        case 1: return BigInt(bytes[start] as number);
        case 2: return BigInt(view.getUint16(start, HOST_LITTLE_ENDIAN));
        case 4: return BigInt(view.getUint32(start, HOST_LITTLE_ENDIAN));
        case 8: return view.getBigUint64(start, HOST_LITTLE_ENDIAN);
        default: throw new NetlinkProtocolError(`attribute payload: uint needs 1, 2, 4 or 8 bytes, got ${size}`);
      }
    case 'sint':
      if (size === 4) return BigInt(view.getInt32(start, HOST_LITTLE_ENDIAN));
      if (size !== 8) throw sizeError('s64', 8, size);
      return view.getBigInt64(start, HOST_LITTLE_ENDIAN);
    case 'string': return decodeString(bytes, start, end);
    case 'flag':
      if (size !== 0) throw new Error(`flag with a ${size}-byte payload`);
      return true;
    case 'bitfield32':
      if (size !== 8) throw sizeError('bitfield32', 8, size);
      return { value: view.getUint32(start, HOST_LITTLE_ENDIAN), selector: view.getUint32(start + 4, HOST_LITTLE_ENDIAN) };
    case 'nest':
      // The kernel writes some nests without NLA_F_NESTED (port-function); the table decides.
      return decodeRange(bytes, view, start, end, resolveSet(spec.nestedSet ?? ''), offset + NLA_HDRLEN, undefined);
    case 'binary':
    case 'dynamic':
    case 'pad':
      return bytes.subarray(start, end);
  }
}

/** A value accepted by the encoder. Enum attributes also accept their names. */
export type EncodeValue = number | bigint | string | boolean | Uint8Array | Bitfield32 | EncodeObject;

/** Attributes to encode, by YNL name, in the order they should be written. */
export interface EncodeObject {
  readonly [name: string]: EncodeValue | readonly EncodeValue[] | undefined;
}

/** The writer {@link encodeAttributes} reuses (reset before each use, so a throw leaves no trace). */
const sharedWriter = new AttributeWriter(4096);

/**
 * Encodes attributes by name against a set. `undefined` and `false` flags are skipped; arrays are
 * written as repeated attributes; nests recurse with NLA_F_NESTED.
 * @throws DevlinkInputError naming the attribute path and value when a value does not fit
 */
export function encodeAttributes(set: string | AttributeSet, object: EncodeObject): Uint8Array {
  // One writer for every request, its bytes copied out at the end: a writer per request was a
  // typed array and a DataView allocated (and moved off V8's heap) per call, a good part of the
  // garbage of 1024 requests in flight (issue 16, bench 3a). Encoding never calls back into here.
  const writer = sharedWriter.reset();
  writeAttributes(writer, set, object);
  return writer.finish();
}


/** Writes attributes into an existing writer (see encodeAttributes). */
export function writeAttributes(writer: AttributeWriter, set: string | AttributeSet, object: EncodeObject, path = ''): void {
  const spec = resolveSet(set);
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined) continue;
    const attrSpec = spec.byName.get(name);
    const fullPath = path === '' ? name : `${path}.${name}`;
    if (!attrSpec) throw new DevlinkInputError(fullPath, value, `attribute ${fullPath} is not in devlink attribute set ${spec.name}`);
    const list = Array.isArray(value) ? (value as readonly EncodeValue[]) : [value as EncodeValue];
    for (const item of list) writeOne(writer, attrSpec, item, fullPath);
  }
}

function bad(path: string, value: unknown, expected: string): never {
  throw new DevlinkInputError(path, value, `attribute ${path}: ${showValue(value)} is not ${expected}`);
}

function toInteger(spec: AttributeSpec, value: EncodeValue, path: string): number {
  if (typeof value === 'string' && spec.enum) {
    const enumSpec = DEVLINK_ENUMS.get(spec.enum);
    const number = enumSpec?.byName.get(value);
    if (number === undefined) {
      const names = enumSpec ? [...enumSpec.byName.keys()].join(', ') : '';
      throw new DevlinkInputError(path, value, `attribute ${path}: unknown ${spec.enum} ${JSON.stringify(value)} (expected one of ${names})`);
    }
    return number;
  }
  if (typeof value === 'boolean' && spec.type === 'u8') return value ? 1 : 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) bad(path, value, `an integer for ${spec.type}`);
  return value;
}

function toBigInt(value: EncodeValue, path: string, type: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  bad(path, value, `an integer (bigint) for ${type}`);
}

function writeOne(writer: AttributeWriter, spec: AttributeSpec, value: EncodeValue, path: string): void {
  const type = spec.value;
  try {
    switch (spec.type) {
      case 'u8': writer.u8(type, toInteger(spec, value, path)); return;
      case 'u16': writer.u16(type, toInteger(spec, value, path)); return;
      case 'u32': writer.u32(type, toInteger(spec, value, path)); return;
      case 's8': writer.s8(type, toInteger(spec, value, path)); return;
      case 's16': writer.s16(type, toInteger(spec, value, path)); return;
      case 's32': writer.s32(type, toInteger(spec, value, path)); return;
      case 'u64': writer.u64(type, toBigInt(value, path, 'u64')); return;
      case 's64': writer.s64(type, toBigInt(value, path, 's64')); return;
      case 'uint': writer.uint(type, toBigInt(value, path, 'uint')); return;
      case 'sint': {
        const big = toBigInt(value, path, 'sint');
        if (big >= -0x80000000n && big <= 0x7fffffffn) writer.s32(type, Number(big));
        else writer.s64(type, big);
        return;
      }
      case 'string':
        if (typeof value !== 'string') bad(path, value, 'a string');
        writer.string(type, value);
        return;
      case 'binary':
      case 'dynamic':
        if (!(value instanceof Uint8Array)) bad(path, value, 'bytes (Uint8Array)');
        writer.binary(type, value);
        return;
      case 'flag':
        if (typeof value !== 'boolean') bad(path, value, 'a boolean flag');
        if (value) writer.flag(type);
        return;
      case 'bitfield32': {
        if (typeof value !== 'object' || value === null || !('selector' in value)) bad(path, value, 'a {value, selector} bitfield');
        const bits = value as Bitfield32;
        writer.bitfield32(type, bits.value, bits.selector);
        return;
      }
      case 'nest': {
        if (typeof value !== 'object' || value === null || value instanceof Uint8Array || Array.isArray(value)) {
          bad(path, value, 'an object of nested attributes');
        }
        const nestedSet = spec.nestedSet ?? '';
        writer.nested(type, (inner) => writeAttributes(inner, nestedSet, value as EncodeObject, path));
        return;
      }
      case 'pad':
        bad(path, value, 'writable (padding is never sent)');
    }
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new DevlinkInputError(path, value, `attribute ${path}: ${error.message.replace(/^[a-z0-9 ]*attribute \d+: /, '')}`);
    }
    throw error;
  }
}
