/** Message framing: nlmsghdr = len u32 | type u16 | flags u16 | seq u32 | pid u32, then payload, padded to 4. */
import { describe, expect, it } from 'vitest';
import { concatMessages, encodeMessage, parseDatagram } from '../../src/netlink/message.js';
import { NetlinkProtocolError } from '../../src/netlink/errors.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

describe('encodeMessage', () => {
  it('writes the header in host order and pads the payload without counting the pad', () => {
    const bytes = encodeMessage({ type: 0x14, flags: 0x0305, seq: 0x01020304, portId: 0xa0b0c0d0, payload: fromHex('0501ab') });
    expect(hex(bytes)).toBe('13000000' + '1400' + '0503' + '04030201' + 'd0c0b0a0' + '0501ab' + '00');
  });

  it('defaults portId to 0 and payload to empty', () => {
    expect(hex(encodeMessage({ type: 3, flags: 2, seq: 9 }))).toBe('10000000030002000900000000000000');
  });

  it.each([
    ['type', { type: 0x10000, flags: 0, seq: 0 }, /type must be an integer 0\.\.65535, got 65536/],
    ['flags', { type: 1, flags: -1, seq: 0 }, /flags must be an integer 0\.\.65535, got -1/],
    ['seq', { type: 1, flags: 0, seq: 2 ** 32 }, /seq must be an integer 0\.\.4294967295, got 4294967296/],
    ['portId', { type: 1, flags: 0, seq: 0, portId: 1.5 }, /portId must be an integer 0\.\.4294967295, got 1.5/],
  ])('rejects a bad %s with a RangeError naming it', (_field, init, message) => {
    expect(() => encodeMessage(init)).toThrow(RangeError);
    expect(() => encodeMessage(init)).toThrow(message);
  });
});

describe('parseDatagram', () => {
  it('splits several messages of one datagram, honouring padding', () => {
    const a = encodeMessage({ type: 0x14, flags: 2, seq: 7, portId: 42, payload: fromHex('01') });
    const b = encodeMessage({ type: 3, flags: 2, seq: 7, portId: 42, payload: fromHex('00000000') });
    const messages = parseDatagram(concatMessages([a, b]));
    expect(messages.map((m) => [m.type, m.flags, m.seq, m.portId, hex(m.payload)])).toEqual([
      [0x14, 2, 7, 42, '01'],
      [3, 2, 7, 42, '00000000'],
    ]);
  });

  it('accepts a final message without its pad', () => {
    const bytes = fromHex('11000000 1400 0000 01000000 02000000 ff');
    expect(parseDatagram(bytes).map((m) => hex(m.payload))).toEqual(['ff']);
  });

  it('returns payloads as views, not copies', () => {
    const bytes = encodeMessage({ type: 20, flags: 0, seq: 1, payload: fromHex('aabbccdd') });
    const [message] = parseDatagram(bytes);
    expect(message!.payload.buffer).toBe(bytes.buffer);
  });

  it.each([
    ['a short header', '0c000000 1400 0000', /truncated netlink message header at offset 0: 8 bytes left/],
    ['a length below the header', '08000000 1400 0000 00000000 00000000', /bad netlink message length 8 at offset 0/],
    ['a length past the datagram', '20000000 1400 0000 00000000 00000000', /bad netlink message length 32 at offset 0 \(16 bytes left/],
    ['trailing bytes after a message', '10000000 1400 0000 00000000 00000000 0100', /truncated netlink message header at offset 16: 2 bytes left/],
  ])('throws NetlinkProtocolError on %s', (_name, text, message) => {
    expect(() => parseDatagram(fromHex(text))).toThrow(NetlinkProtocolError);
    expect(() => parseDatagram(fromHex(text))).toThrow(message);
  });

  it('round-trips encodeMessage', () => {
    const payload = fromHex('030100000600020064657600');
    const [m] = parseDatagram(encodeMessage({ type: 0x1f, flags: 0x0301, seq: 0xffffffff, portId: 1, payload }));
    expect(m).toMatchObject({ type: 0x1f, flags: 0x0301, seq: 0xffffffff, portId: 1 });
    expect(hex(m!.payload)).toBe(hex(payload));
  });
});
