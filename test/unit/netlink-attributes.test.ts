/**
 * Attribute writer and reader against exact bytes (little-endian host, as on x86-64 / arm64).
 * Layout of one attribute: len u16 (header + payload, no padding) | type u16 | payload | zero pad to 4.
 */
import { describe, expect, it } from 'vitest';
import { AttributeWriter, parseAttributes } from '../../src/netlink/attributes.js';
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
  readUint,
} from '../../src/netlink/attribute-values.js';
import { NetlinkProtocolError } from '../../src/netlink/errors.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

describe('AttributeWriter writes exact bytes', () => {
  const cases: [string, (w: AttributeWriter) => void, string][] = [
    ['u8 with 3 zero pad bytes', (w) => w.u8(1, 0xab), '0500 0100 ab000000'],
    ['u16 with 2 pad bytes', (w) => w.u16(2, 0x1234), '0600 0200 3412 0000'],
    ['u32', (w) => w.u32(3, 0xdeadbeef), '0800 0300 efbeadde'],
    ['u64 bigint above 2^53', (w) => w.u64(4, 0x0123456789abcdefn), '0c00 0400 efcdab8967452301'],
    ['u64 max', (w) => w.u64(4, 0xffffffffffffffffn), '0c00 0400 ffffffffffffffff'],
    ['s8 -1', (w) => w.s8(5, -1), '0500 0500 ff000000'],
    ['s16 -2', (w) => w.s16(6, -2), '0600 0600 feff 0000'],
    ['s32 min', (w) => w.s32(7, -0x80000000), '0800 0700 00000080'],
    ['s64 -1', (w) => w.s64(8, -1n), '0c00 0800 ffffffffffffffff'],
    ['string with NUL and pad', (w) => w.string(9, 'pci'), '0800 0900 70636900'],
    ['string needing 3 pad bytes', (w) => w.string(9, 'eth0'), '0900 0900 65746830 00 000000'],
    ['empty string is just a NUL', (w) => w.string(9, ''), '0500 0900 00 000000'],
    ['binary MAC', (w) => w.binary(10, fromHex('001122334455')), '0a00 0a00 001122334455 0000'],
    ['flag has no payload', (w) => w.flag(11), '0400 0b00'],
    ['bitfield32 value then selector', (w) => w.bitfield32(12, 0x1, 0x3), '0c00 0c00 01000000 03000000'],
    ['uint small is 4 bytes', (w) => w.uint(13, 7n), '0800 0d00 07000000'],
    ['uint large is 8 bytes', (w) => w.uint(13, 0x100000000n), '0c00 0d00 0000000001000000'],
    [
      'nested sets NLA_F_NESTED and counts children with their padding',
      (w) => w.nested(145, (n) => n.binary(1, fromHex('aabbccddeeff')).u8(2, 1)),
      '1800 9180 0a00 0100 aabbccddeeff 0000 0500 0200 01 000000',
    ],
    [
      'nested inside nested',
      (w) => w.nested(1, (a) => a.nested(2, (b) => b.u32(3, 5))),
      '1000 0180 0c00 0280 0800 0300 05000000',
    ],
    ['empty nest', (w) => w.nested(7, () => undefined), '0400 0780'],
    ['multi-attribute: repeated types in order', (w) => w.u32(6, 1).u32(6, 2), '0800 0600 01000000 0800 0600 02000000'],
  ];
  it.each(cases)('%s', (_name, build, expected) => {
    const w = new AttributeWriter();
    build(w);
    expect(hex(w.finish())).toBe(expected.replace(/\s+/g, ''));
  });

  it('zeroes padding even when the buffer is reused after growth', () => {
    const w = new AttributeWriter();
    for (let i = 0; i < 200; i++) w.u8(1, 0xff);
    const bytes = w.finish();
    expect(bytes.length).toBe(200 * 8);
    for (let i = 0; i < 200; i++) expect(hex(bytes.subarray(i * 8, i * 8 + 8))).toBe('05000100ff000000');
  });
});

describe('AttributeWriter rejects bad values with a RangeError naming type and value', () => {
  const cases: [string, (w: AttributeWriter) => void, RegExp][] = [
    ['u8 256', (w) => w.u8(3, 256), /u8 attribute 3: value 256 is out of range 0\.\.255/],
    ['u8 negative', (w) => w.u8(3, -1), /u8 attribute 3: value -1/],
    ['u16 65536', (w) => w.u16(4, 65536), /u16 attribute 4: value 65536/],
    ['u32 2^32', (w) => w.u32(5, 2 ** 32), /u32 attribute 5: value 4294967296/],
    ['u32 fraction', (w) => w.u32(5, 1.5), /u32 attribute 5: value 1.5/],
    ['u32 NaN', (w) => w.u32(5, Number.NaN), /u32 attribute 5: value NaN/],
    ['s8 128', (w) => w.s8(6, 128), /s8 attribute 6: value 128/],
    ['s16 -32769', (w) => w.s16(6, -32769), /s16 attribute 6: value -32769/],
    ['s32 2^31', (w) => w.s32(6, 2 ** 31), /s32 attribute 6: value 2147483648/],
    ['u64 2^64', (w) => w.u64(7, 2n ** 64n), /u64 attribute 7: value 18446744073709551616/],
    ['u64 negative', (w) => w.u64(7, -1n), /u64 attribute 7: value -1/],
    ['s64 2^63', (w) => w.s64(7, 2n ** 63n), /s64 attribute 7: value 9223372036854775808/],
    ['bitfield32 value', (w) => w.bitfield32(8, -1, 0), /bitfield32 value of attribute 8: value -1/],
    ['bitfield32 selector', (w) => w.bitfield32(8, 0, 2 ** 32), /bitfield32 selector of attribute 8/],
    ['type too big', (w) => w.u8(65536, 0), /attribute type must be an integer 0\.\.65535, got 65536/],
    ['nested type fraction', (w) => w.nested(1.5, () => undefined), /got 1.5/],
    ['string with NUL', (w) => w.string(2, 'a\0b'), /string attribute 2: value "a\\u0000b" contains a NUL/],
    ['payload too large', (w) => w.binary(2, new Uint8Array(70000)), /payload of 70000 bytes exceeds 65531/],
  ];
  it.each(cases)('%s', (_name, build, message) => {
    expect(() => build(new AttributeWriter())).toThrow(RangeError);
    expect(() => build(new AttributeWriter())).toThrow(message);
  });

  it('u64 given a number is a TypeError naming the value', () => {
    expect(() => new AttributeWriter().u64(1, 5 as unknown as bigint)).toThrow(/u64 attribute 1: value 5 must be a bigint/);
  });
});

describe('parseAttributes', () => {
  it('reads types, nested flag, payload views and offsets from a base offset', () => {
    const bytes = fromHex('0800 0100 2a000000 0c00 0280 0800 0100 07000000 0400 0300');
    const attrs = parseAttributes(bytes, 20);
    expect(attrs.map((a) => [a.type, a.nested, hex(a.data), a.offset])).toEqual([
      [1, false, '2a000000', 20],
      [2, true, '0800010007000000', 28],
      [3, false, '', 40],
    ]);
    const inner = parseAttributes(attrs[1]!.data, attrs[1]!.offset + 4);
    expect(inner.map((a) => [a.type, readU32(a), a.offset])).toEqual([[1, 7, 32]]);
  });

  it('masks NLA_F_NESTED and NLA_F_NET_BYTEORDER off the type', () => {
    const attrs = parseAttributes(fromHex('0400 05c0 0400 0540'));
    expect(attrs.map((a) => [a.type, a.nested])).toEqual([
      [5, true],
      [5, false],
    ]);
  });

  it('keeps repeated attributes (multi-attr) in order', () => {
    const bytes = new AttributeWriter().string(1, 'a').string(1, 'b').u8(2, 3).string(1, 'c').finish();
    expect(parseAttributes(bytes).map((a) => (a.type === 1 ? readString(a) : readU8(a)))).toEqual(['a', 'b', 3, 'c']);
  });

  it('accepts a missing pad after the last attribute', () => {
    const attrs = parseAttributes(fromHex('0500 0100 07'));
    expect(readU8(attrs[0]!)).toBe(7);
  });

  it.each([
    ['a truncated header', '0800 01', /truncated netlink attribute at offset 0: 3 bytes left/],
    ['a length below the header size', '0200 0100', /bad netlink attribute length 2 at offset 0/],
    ['a length past the end', '0900 0100 00000000', /bad netlink attribute length 9 at offset 0 \(type 1, 8 bytes left\)/],
    ['trailing garbage after a valid attribute', '0400 0100 ff', /truncated netlink attribute at offset 4/],
  ])('throws NetlinkProtocolError on %s', (_name, text, message) => {
    expect(() => parseAttributes(fromHex(text))).toThrow(NetlinkProtocolError);
    expect(() => parseAttributes(fromHex(text))).toThrow(message);
  });

  it('parses an empty buffer as no attributes', () => {
    expect(parseAttributes(new Uint8Array(0))).toEqual([]);
  });
});

describe('typed value readers', () => {
  it('read every type back from the writer', () => {
    const bytes = new AttributeWriter()
      .u8(1, 255)
      .u16(2, 65535)
      .u32(3, 4294967295)
      .u64(4, 18446744073709551615n)
      .s8(5, -128)
      .s16(6, -32768)
      .s32(7, -2147483648)
      .s64(8, -9223372036854775808n)
      .string(9, 'mlx5_core.sf.4')
      .bitfield32(10, 0b101, 0b111)
      .uint(11, 1n)
      .uint(12, 1n << 40n)
      .finish();
    const a = parseAttributes(bytes);
    expect(readU8(a[0]!)).toBe(255);
    expect(readU16(a[1]!)).toBe(65535);
    expect(readU32(a[2]!)).toBe(4294967295);
    expect(readU64(a[3]!)).toBe(18446744073709551615n);
    expect(readS8(a[4]!)).toBe(-128);
    expect(readS16(a[5]!)).toBe(-32768);
    expect(readS32(a[6]!)).toBe(-2147483648);
    expect(readS64(a[7]!)).toBe(-9223372036854775808n);
    expect(readString(a[8]!)).toBe('mlx5_core.sf.4');
    expect(readBitfield32(a[9]!)).toEqual({ value: 5, selector: 7 });
    expect(readUint(a[10]!)).toBe(1n);
    expect(readUint(a[11]!)).toBe(1n << 40n);
  });

  it('readString stops at the first NUL and tolerates a missing one', () => {
    expect(readString(fromHex('6162630064'))).toBe('abc');
    expect(readString(fromHex('616263'))).toBe('abc');
    expect(readString(new Uint8Array(0))).toBe('');
  });

  it.each([
    ['u8', () => readU8(new Uint8Array(2)), /u8 needs 1 bytes, got 2/],
    ['u16', () => readU16(new Uint8Array(1)), /u16 needs 2 bytes, got 1/],
    ['u32', () => readU32(parseAttributes(fromHex('0600 0700 0102'))[0]!), /attribute 7: u32 needs 4 bytes, got 2/],
    ['u64', () => readU64(new Uint8Array(4)), /u64 needs 8 bytes, got 4/],
    ['s32', () => readS32(new Uint8Array(8)), /s32 needs 4 bytes, got 8/],
    ['bitfield32', () => readBitfield32(new Uint8Array(4)), /bitfield32 needs 8 bytes, got 4/],
    ['uint', () => readUint(new Uint8Array(3)), /uint needs 1, 2, 4 or 8 bytes, got 3/],
  ])('%s with the wrong size throws NetlinkProtocolError', (_name, read, message) => {
    expect(read).toThrow(NetlinkProtocolError);
    expect(read).toThrow(message);
  });
});
