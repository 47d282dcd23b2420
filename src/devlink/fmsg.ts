/**
 * Health reporter "fmsg" (formatted message) decoding: diagnose and dump output.
 *
 * Why hand-written: an fmsg is an ordered stream of flags (object, pair, array start; nest end),
 * names and typed values, possibly split across several reply messages; its meaning is in the
 * order, which a keyed attribute tree cannot keep. This walks the raw attributes in order and
 * rebuilds the nesting the driver wrote.
 */
import { parseAttributes } from '../netlink/attributes.js';
import { readString, readU16, readU32, readU64, readU8 } from '../netlink/attribute-values.js';
import { attr } from './spec/index.js';

/** A value in an fmsg tree. Objects keep their entries in order (names may repeat). */
export type FmsgValue = number | bigint | string | boolean | Uint8Array | null | FmsgValue[] | FmsgObject;

/** An fmsg object: ordered `[name, value]` entries. */
export interface FmsgObject {
  readonly entries: [string, FmsgValue][];
}

type Frame =
  | { kind: 'object'; entries: [string, FmsgValue][] }
  | { kind: 'array'; items: FmsgValue[] }
  | { kind: 'pair'; name: string; values: FmsgValue[] };

const FMSG = attr('fmsg');
const OBJ_START = attr('fmsg-obj-nest-start');
const PAIR_START = attr('fmsg-pair-nest-start');
const ARR_START = attr('fmsg-arr-nest-start');
const NEST_END = attr('fmsg-nest-end');
const NAME = attr('fmsg-obj-name');
const VALUE_TYPE = attr('fmsg-obj-value-type');
const VALUE_DATA = attr('fmsg-obj-value-data');

/**
 * One element of an fmsg stream, in the order the driver wrote it: a nest start, a nest end, a
 * name, or a typed value. Printers that must reproduce iproute2 byte for byte walk this stream the
 * way iproute2 does; `decodeFmsgRoots` builds the tree from it.
 */
export type FmsgItem =
  | { kind: 'start'; nest: 'object' | 'pair' | 'array' }
  | { kind: 'end' }
  | { kind: 'name'; name: string }
  /** `type` is the netlink value type (6 flag, 1 u8, 2 u16, 3 u32, 4 u64, 10 string, 11 binary; 0 unknown). */
  | { kind: 'value'; type: number; value: boolean | number | bigint | string | Uint8Array };

/** A value by its fmsg type; a size that does not fit the type keeps the raw bytes. */
function readValue(type: number, data: Uint8Array): boolean | number | bigint | string | Uint8Array {
  try {
    switch (type) {
      case 1: return readU8(data);
      case 2: return readU16(data);
      case 3: return readU32(data);
      case 4: return readU64(data);
      case 6: return data.length === 0 ? true : readU8(data) !== 0;
      case 10: return readString(data);
      default: return data.slice();
    }
  } catch {
    return data.slice();
  }
}

/**
 * The fmsg stream of one or more reply messages (each given as its attribute bytes after the genl
 * header), flattened in wire order.
 * @throws NetlinkProtocolError on malformed attribute bytes
 */
export function fmsgItems(messages: readonly Uint8Array[]): FmsgItem[] {
  const items: FmsgItem[] = [];
  for (const message of messages) {
    for (const top of parseAttributes(message)) {
      if (top.type !== FMSG) continue;
      let valueType = 0;
      for (const item of parseAttributes(top.data)) {
        switch (item.type) {
          case OBJ_START: items.push({ kind: 'start', nest: 'object' }); break;
          case PAIR_START: items.push({ kind: 'start', nest: 'pair' }); break;
          case ARR_START: items.push({ kind: 'start', nest: 'array' }); break;
          case NEST_END: items.push({ kind: 'end' }); break;
          case NAME: items.push({ kind: 'name', name: readString(item.data) }); break;
          case VALUE_TYPE: valueType = item.data.length === 1 ? readU8(item.data) : 0; break;
          case VALUE_DATA:
            items.push({ kind: 'value', type: valueType, value: readValue(valueType, item.data) });
            valueType = 0;
            break;
          default: break;
        }
      }
    }
  }
  return items;
}

/**
 * A binary value is sent as an array of binary chunks (devlink_fmsg_binary_pair_put); joined
 * back into one byte string, as iproute2 prints it.
 */
function binaryChunks(items: readonly FmsgValue[]): Uint8Array | undefined {
  if (items.length === 0 || !items.every((item) => item instanceof Uint8Array)) return undefined;
  const chunks = items as Uint8Array[];
  const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

/**
 * Decodes the fmsg of one or more reply messages (each given as its attribute bytes after the genl
 * header) into one value: usually the driver's top-level object. When the stream has several
 * top-level values, an array of them (see decodeFmsgRoots).
 * @throws NetlinkProtocolError on malformed attribute bytes
 */
export function decodeFmsg(messages: readonly Uint8Array[]): FmsgValue {
  const root = decodeFmsgRoots(messages);
  return root.length === 1 ? root[0]! : root;
}

/**
 * Decodes an fmsg stream into its top-level values, in order. Normally there is one (the object
 * devlink opens around the driver's output); a driver that closes more nests than it opened
 * (netdevsim's dummy reporter in 6.12 does) ends that object early, and what it sends afterwards
 * becomes further top-level values. They are kept; iproute2 prints only the first.
 * @throws NetlinkProtocolError on malformed attribute bytes
 */
export function decodeFmsgRoots(messages: readonly Uint8Array[]): FmsgValue[] {
  const root: FmsgValue[] = [];
  const stack: Frame[] = [];
  const add = (value: FmsgValue): void => {
    const top = stack[stack.length - 1];
    if (!top) root.push(value);
    else if (top.kind === 'pair') top.values.push(value);
    else if (top.kind === 'array') top.items.push(value);
    else top.entries.push(['', value]);
  };
  const close = (): void => {
    const frame = stack.pop();
    if (!frame) return;
    if (frame.kind === 'object') add({ entries: frame.entries });
    else if (frame.kind === 'array') add(binaryChunks(frame.items) ?? frame.items);
    else {
      const value = frame.values.length === 0 ? null : frame.values.length === 1 ? frame.values[0]! : frame.values;
      const parent = stack[stack.length - 1];
      if (parent?.kind === 'object') parent.entries.push([frame.name, value]);
      else add({ entries: [[frame.name, value]] });
    }
  };
  for (const item of fmsgItems(messages)) {
    switch (item.kind) {
      case 'start':
        stack.push(item.nest === 'object' ? { kind: 'object', entries: [] } : item.nest === 'array' ? { kind: 'array', items: [] } : { kind: 'pair', name: '', values: [] });
        break;
      case 'end': close(); break;
      case 'name': {
        const frame = stack[stack.length - 1];
        if (frame?.kind === 'pair' && frame.name === '') frame.name = item.name;
        break;
      }
      case 'value': add(item.value); break;
    }
  }
  while (stack.length > 0) close();
  return root;
}

/**
 * Converts an fmsg value to plain JSON-like data: objects become records (a repeated name keeps
 * every value, as an array), bigints stay bigints, binary becomes an array of byte numbers.
 */
export function fmsgToPlain(value: FmsgValue): unknown {
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(fmsgToPlain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const repeated = new Set<string>();
    for (const [name, entry] of value.entries) {
      const plain = fmsgToPlain(entry);
      if (!Object.hasOwn(out, name)) out[name] = plain;
      else if (repeated.has(name)) (out[name] as unknown[]).push(plain);
      else {
        out[name] = [out[name], plain];
        repeated.add(name);
      }
    }
    return out;
  }
  return value;
}
