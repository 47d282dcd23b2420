/**
 * Property and fuzz tests: random and mutated bytes never make the decoders throw anything but
 * NetlinkProtocolError (and they always terminate); writer -> reader round trips are exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttributeWriter, parseAttributes, type NetlinkAttribute } from '../../src/netlink/attributes.js';
import {
  readBitfield32,
  readS16,
  readS32,
  readS64,
  readS8,
  readString,
  readU16,
  readU32,
  readU64,
  readU8,
} from '../../src/netlink/attribute-values.js';
import { parseDoneMessage, parseErrorMessage, parseExtendedAck } from '../../src/netlink/ack.js';
import { NetlinkConnection } from '../../src/netlink/connection.js';
import { NetlinkProtocolError } from '../../src/netlink/errors.js';
import { concatMessages, encodeMessage, parseDatagram, type NetlinkMessage } from '../../src/netlink/message.js';
import { parseFamilyAttributes } from '../../src/genl/family.js';
import { encodeGenlPayload, parseGenlMessage } from '../../src/genl/header.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { ackMessage, doneMessage, errorMessage, genlMessage } from '../support/netlink-builders.js';

const RUNS = 2000;

/** Runs `decode`; anything thrown other than NetlinkProtocolError fails the property. */
function onlyProtocolErrors(decode: () => unknown): boolean {
  try {
    decode();
  } catch (error) {
    if (error instanceof NetlinkProtocolError) return true;
    throw error;
  }
  return true;
}

/** Parses an attribute stream and every payload as if it were nested, all the way down. */
function parseDeep(bytes: Uint8Array, depth = 0): void {
  for (const attribute of parseAttributes(bytes)) {
    if (depth < 8 && attribute.data.length >= 4) {
      try {
        parseDeep(attribute.data, depth + 1);
      } catch (error) {
        if (!(error instanceof NetlinkProtocolError)) throw error;
      }
    }
    readAny(attribute);
  }
}

/** Tries every typed reader: each either returns or throws NetlinkProtocolError. */
function readAny(attribute: NetlinkAttribute): void {
  for (const read of [readU8, readU16, readU32, readU64, readS8, readS16, readS32, readS64, readString, readBitfield32]) {
    onlyProtocolErrors(() => read(attribute));
  }
}

function decodeAll(datagram: Uint8Array): void {
  for (const message of parseDatagram(datagram)) decodeMessage(message);
}

function decodeMessage(message: NetlinkMessage): void {
  onlyProtocolErrors(() => parseErrorMessage(message));
  onlyProtocolErrors(() => parseDoneMessage(message));
  onlyProtocolErrors(() => {
    const genl = parseGenlMessage(message);
    onlyProtocolErrors(() => parseFamilyAttributes(genl.attributes, 20));
    parseDeep(genl.attributes);
  });
}

/** Realistic datagrams the mutations start from. */
const REQUEST = encodeMessage({
  type: 0x14,
  flags: 0x405,
  seq: 77,
  payload: encodeGenlPayload(7, 1, new AttributeWriter().string(1, 'pci').string(2, '0000:06:00.0').u16(77, 7).finish()),
});
const SEEDS: Uint8Array[] = [
  errorMessage(REQUEST, 'EINVAL', { portId: 4001, extack: { message: 'Missing pfnum', offset: 28, missingType: 127, missingNest: 20 } }),
  errorMessage(REQUEST, 'EBUSY', { capped: false, portId: 4001, extack: { message: 'busy', cookie: new Uint8Array([1, 2]) } }),
  ackMessage(REQUEST, 'warning text', 4001),
  concatMessages([
    genlMessage(0x14, 3, new AttributeWriter().string(1, 'pci').nested(145, (w) => w.binary(1, new Uint8Array(6)).u8(2, 1).bitfield32(4, 1, 1)).finish(), { seq: 77, portId: 4001, flags: 2 }),
    doneMessage(77, 4001, { errno: 'EMSGSIZE', extack: { message: 'too big' } }),
  ]),
  genlMessage(0x10, 1, new AttributeWriter().string(2, 'devlink').u16(1, 0x14).u32(3, 1).nested(7, (g) => g.nested(1, (e) => e.u32(2, 5).string(1, 'config'))).finish()),
];

const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([seed, flips, cut]) => {
    const bytes = seed.slice();
    for (const [at, value] of flips) bytes[at % bytes.length] = value;
    return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
  });

describe('decoders on random and mutated input', () => {
  it('parseDatagram and everything below it: random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => onlyProtocolErrors(() => decodeAll(bytes))),
      { numRuns: RUNS },
    );
  });

  it('parseDatagram and everything below it: mutated real messages', () => {
    fc.assert(fc.property(mutated, (bytes) => onlyProtocolErrors(() => decodeAll(bytes))), { numRuns: RUNS });
  });

  it('parseAttributes (deep): random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.nat(1000), (bytes, base) =>
        onlyProtocolErrors(() => {
          parseAttributes(bytes, base);
          parseDeep(bytes);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('error and done payloads with random flags', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), fc.integer({ min: 0, max: 0xffff }), (payload, flags) => {
        const message = { type: 2, flags, seq: 1, portId: 1, payload };
        return onlyProtocolErrors(() => parseErrorMessage(message)) && onlyProtocolErrors(() => parseDoneMessage(message));
      }),
      { numRuns: RUNS },
    );
  });

  it('extended ACK TLVs: random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 128 }), (tlvs) => onlyProtocolErrors(() => parseExtendedAck(tlvs))), {
      numRuns: RUNS,
    });
  });

  it('the connection survives random datagrams and still answers afterwards', async () => {
    const kernel = new FakeKernel();
    const family = kernel.registerFamily({ name: 'test', handler: (req) => void req.reply(1, new Uint8Array(0)) });
    const transport = kernel.openTransport();
    const connection = new NetlinkConnection(transport, { timeoutMs: 2000 });
    connection.subscribe(() => undefined);
    const garbage = fc.sample(fc.oneof(fc.uint8Array({ maxLength: 128 }), mutated), 300);
    // Also garbage addressed to us with plausible headers.
    for (const bytes of garbage) transport.deliver(bytes);
    for (const seed of SEEDS) transport.deliver(seed);
    await new Promise((resolve) => setImmediate(resolve));
    const replies = await connection.request(family.id, 0, encodeGenlPayload(1, 1, new Uint8Array(0)));
    expect(replies).toHaveLength(1);
    connection.close();
  });
});

type Spec =
  | { kind: 'u8' | 'u16' | 'u32' | 's8' | 's16' | 's32'; type: number; value: number }
  | { kind: 'u64' | 's64'; type: number; value: bigint }
  | { kind: 'string'; type: number; value: string }
  | { kind: 'binary'; type: number; value: Uint8Array }
  | { kind: 'flag'; type: number }
  | { kind: 'bitfield32'; type: number; value: number; selector: number }
  | { kind: 'nested'; type: number; children: Spec[] };

const attrType = fc.integer({ min: 0, max: 0x3fff });
const leaf: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ kind: fc.constant('u8' as const), type: attrType, value: fc.integer({ min: 0, max: 0xff }) }),
  fc.record({ kind: fc.constant('u16' as const), type: attrType, value: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant('u32' as const), type: attrType, value: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({ kind: fc.constant('s8' as const), type: attrType, value: fc.integer({ min: -0x80, max: 0x7f }) }),
  fc.record({ kind: fc.constant('s16' as const), type: attrType, value: fc.integer({ min: -0x8000, max: 0x7fff }) }),
  fc.record({ kind: fc.constant('s32' as const), type: attrType, value: fc.integer({ min: -0x80000000, max: 0x7fffffff }) }),
  fc.record({ kind: fc.constant('u64' as const), type: attrType, value: fc.bigUintN(64) }),
  fc.record({ kind: fc.constant('s64' as const), type: attrType, value: fc.bigIntN(64) }),
  fc.record({ kind: fc.constant('string' as const), type: attrType, value: fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0')) }),
  fc.record({ kind: fc.constant('binary' as const), type: attrType, value: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant('flag' as const), type: attrType }),
  fc.record({
    kind: fc.constant('bitfield32' as const),
    type: attrType,
    value: fc.integer({ min: 0, max: 0xffffffff }),
    selector: fc.integer({ min: 0, max: 0xffffffff }),
  }),
);
const tree = fc.letrec<{ spec: Spec }>((tie) => ({
  spec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant('nested' as const), type: attrType, children: fc.array(tie('spec'), { maxLength: 4 }) }),
  ),
})).spec;

function write(w: AttributeWriter, spec: Spec): void {
  switch (spec.kind) {
    case 'u8':
    case 'u16':
    case 'u32':
    case 's8':
    case 's16':
    case 's32':
      w[spec.kind](spec.type, spec.value);
      break;
    case 'u64':
    case 's64':
      w[spec.kind](spec.type, spec.value);
      break;
    case 'string':
      w.string(spec.type, spec.value);
      break;
    case 'binary':
      w.binary(spec.type, spec.value);
      break;
    case 'flag':
      w.flag(spec.type);
      break;
    case 'bitfield32':
      w.bitfield32(spec.type, spec.value, spec.selector);
      break;
    case 'nested':
      w.nested(spec.type, (inner) => spec.children.forEach((child) => write(inner, child)));
      break;
  }
}

function check(attribute: NetlinkAttribute, spec: Spec): void {
  expect(attribute.type).toBe(spec.type);
  expect(attribute.nested).toBe(spec.kind === 'nested');
  expect(attribute.data.length + 4).toBe(new DataView(attribute.data.buffer).getUint16(attribute.offset, true));
  const readers = { u8: readU8, u16: readU16, u32: readU32, s8: readS8, s16: readS16, s32: readS32, u64: readU64, s64: readS64 };
  switch (spec.kind) {
    case 'string':
      expect(readString(attribute)).toBe(spec.value);
      expect(attribute.data[attribute.data.length - 1]).toBe(0);
      break;
    case 'binary':
      expect([...attribute.data]).toEqual([...spec.value]);
      break;
    case 'flag':
      expect(attribute.data.length).toBe(0);
      break;
    case 'bitfield32':
      expect(readBitfield32(attribute)).toEqual({ value: spec.value, selector: spec.selector });
      break;
    case 'nested': {
      const children = parseAttributes(attribute.data, attribute.offset + 4);
      expect(children).toHaveLength(spec.children.length);
      children.forEach((child, i) => check(child, spec.children[i]!));
      break;
    }
    default:
      expect(readers[spec.kind](attribute)).toBe(spec.value);
  }
}

describe('writer -> reader round trips', () => {
  it('any tree of typed attributes reads back exactly, with offsets pointing at each header', () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 6 }), (specs) => {
        const w = new AttributeWriter();
        specs.forEach((spec) => write(w, spec));
        const bytes = w.finish();
        expect(bytes.length % 4).toBe(0);
        const attributes = parseAttributes(bytes);
        expect(attributes).toHaveLength(specs.length);
        attributes.forEach((attribute, i) => check(attribute, specs[i]!));
      }),
      { numRuns: 500 },
    );
  });

  it('messages round-trip through encodeMessage / parseDatagram, several per datagram', () => {
    const message = fc.record({
      type: fc.integer({ min: 0, max: 0xffff }),
      flags: fc.integer({ min: 0, max: 0xffff }),
      seq: fc.integer({ min: 0, max: 0xffffffff }),
      portId: fc.integer({ min: 0, max: 0xffffffff }),
      payload: fc.uint8Array({ maxLength: 64 }),
    });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 5 }), (messages) => {
        const parsed = parseDatagram(concatMessages(messages.map((m) => encodeMessage(m))));
        expect(parsed.map((m) => ({ ...m, payload: [...m.payload] }))).toEqual(messages.map((m) => ({ ...m, payload: [...m.payload] })));
      }),
      { numRuns: 500 },
    );
  });
});
