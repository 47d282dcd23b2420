/**
 * NLMSG_ERROR / NLMSG_DONE decoding with extended ACK, against exact kernel-shaped bytes.
 */
import { describe, expect, it } from 'vitest';
import { describeExtack, kernelErrorFor, parseDoneMessage, parseErrorMessage } from '../../src/netlink/ack.js';
import { NetlinkKernelError, NetlinkProtocolError } from '../../src/netlink/errors.js';
import { encodeMessage, parseDatagram, type NetlinkMessage } from '../../src/netlink/message.js';
import { ackMessage, doneMessage, errorMessage } from '../support/netlink-builders.js';

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const only = (bytes: Uint8Array): NetlinkMessage => {
  const [message] = parseDatagram(bytes);
  return message!;
};

/**
 * What the kernel sends on a socket with NETLINK_CAP_ACK and NETLINK_EXT_ACK when a devlink
 * request (family 0x14, flags REQUEST|ACK|CREATE, seq 0x11223344, 48 bytes) is refused:
 */
const CAPPED_EINVAL = annotatedHex(`
  48000000 0200 0003 44332211 a10f0000     # nlmsghdr: len 72, NLMSG_ERROR, CAPPED|ACK_TLVS, seq, pid 4001
  eaffffff                                 # error -22 (EINVAL)
  30000000 1400 0504 44332211 00000000     # the request's nlmsghdr only (capped)
  1200 0100 4d697373696e672070666e756d00 0000  # NLMSGERR_ATTR_MSG "Missing pfnum" + 2 pad
  0800 0200 1c000000                       # NLMSGERR_ATTR_OFFS 28
  0800 0500 7f000000                       # NLMSGERR_ATTR_MISS_TYPE 127
`);

/**
 * The request those bytes answer: devlink family 0x14, REQUEST|ACK|CREATE, 48 bytes:
 * genl header (cmd 7, version 1), BUS_NAME "pci" at offset 20, DEV_NAME "0000:06:00.0" at offset 28.
 */
const REQUEST = encodeMessage({
  type: 0x14,
  flags: 0x0405,
  seq: 0x11223344,
  payload: annotatedHex(`
    07010000                                   # genlmsghdr
    0800 0100 70636900                         # BUS_NAME "pci"
    1100 0200 303030303a30363a30302e3000 000000  # DEV_NAME "0000:06:00.0" + 3 pad
  `),
});

function annotatedHex(text: string): Uint8Array {
  const digits = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('')
    .replace(/\s+/g, '');
  return fromHex(digits);
}

describe('parseErrorMessage', () => {
  it('decodes a capped NLMSG_ERROR with message, offset and missing type', () => {
    expect(CAPPED_EINVAL.length).toBe(72);
    const parsed = parseErrorMessage(only(CAPPED_EINVAL));
    expect(parsed.errno).toBe(22);
    expect(parsed.request).toEqual({ length: 48, type: 0x14, flags: 0x0405, seq: 0x11223344, portId: 0 });
    expect(parsed.requestPayload).toBeUndefined();
    expect(parsed.extack).toEqual({ message: 'Missing pfnum', offset: 28, missingType: 127 });
  });

  it('builds the same bytes with the fake kernel builder', () => {
    expect(REQUEST.length).toBe(48);
    const built = errorMessage(REQUEST, 'EINVAL', {
      portId: 4001,
      extack: { message: 'Missing pfnum', offset: 28, missingType: 127 },
    });
    expect(hex(built)).toBe(hex(CAPPED_EINVAL));
  });

  it('decodes an uncapped NLMSG_ERROR: skips the echoed request to reach the TLVs', () => {
    const bytes = errorMessage(REQUEST, 'EBUSY', { capped: false, extack: { message: 'busy', offset: 24 } });
    const message = only(bytes);
    expect(message.flags).toBe(0x0200);
    expect(message.payload.length).toBe(4 + 48 + 12 + 8);
    const parsed = parseErrorMessage(message);
    expect(parsed.errno).toBe(16);
    expect(hex(parsed.requestPayload!)).toBe(hex(REQUEST.subarray(16)));
    expect(parsed.extack).toEqual({ message: 'busy', offset: 24 });
  });

  it('decodes an uncapped error whose request length is not a multiple of 4', () => {
    const odd = encodeMessage({ type: 0x14, flags: 5, seq: 1, payload: fromHex('0501ab') });
    const parsed = parseErrorMessage(only(errorMessage(odd, 'EINVAL', { capped: false, extack: { offset: 20 } })));
    expect(hex(parsed.requestPayload!)).toBe('0501ab');
    expect(parsed.extack).toEqual({ offset: 20 });
  });

  it('decodes an ack, with and without a warning', () => {
    expect(parseErrorMessage(only(ackMessage(REQUEST)))).toMatchObject({ errno: 0 });
    expect(parseErrorMessage(only(ackMessage(REQUEST))).extack).toBeUndefined();
    expect(parseErrorMessage(only(ackMessage(REQUEST, 'speed clamped'))).extack).toEqual({ message: 'speed clamped' });
  });

  it('keeps MISS_NEST, COOKIE and raw POLICY, skipping unknown TLVs', () => {
    const bytes = errorMessage(REQUEST, 'ERANGE', {
      extack: { missingType: 2, missingNest: 24, cookie: fromHex('0102030405'), policy: fromHex('0800 0100 03000000') },
    });
    const parsed = parseErrorMessage(only(bytes));
    expect(parsed.extack!.missingType).toBe(2);
    expect(parsed.extack!.missingNestOffset).toBe(24);
    expect(hex(parsed.extack!.cookie!)).toBe('0102030405');
    expect(hex(parsed.extack!.policy!)).toBe('0800010003000000');
  });

  it('accepts an error payload with only the error code', () => {
    const message = { type: 2, flags: 0, seq: 1, portId: 1, payload: fromHex('feffffff') };
    expect(parseErrorMessage(message)).toEqual({ errno: 2 });
  });

  it.each([
    ['no error code', '0102', /too short for the error code/],
    ['TLVs flagged but no echoed header', 'eaffffff 0000', /too short for the echoed request header/, 0x200],
    ['uncapped echo longer than the payload with TLVs', 'eaffffff 40000000 14000500 01000000 00000000', /echoes a 64-byte request but carries only 16/, 0x200],
    ['echoed length below a header', 'eaffffff 04000000 14000500 01000000 00000000', /impossible length 4/],
    ['a bad TLV', 'eaffffff 10000000 14000500 01000000 00000000 0900 0100 00', /bad netlink attribute length 9/, 0x300],
    ['an OFFS TLV of the wrong size', 'eaffffff 10000000 14000500 01000000 00000000 0600 0200 0000 0000', /u32 needs 4 bytes, got 2/, 0x300],
  ])('throws NetlinkProtocolError on %s', (_name, text, message, flags = 0) => {
    const parse = (): unknown => parseErrorMessage({ type: 2, flags, seq: 1, portId: 1, payload: fromHex(text) });
    expect(parse).toThrow(NetlinkProtocolError);
    expect(parse).toThrow(message);
  });
});

describe('parseDoneMessage', () => {
  it('reads success, an error status and extack TLVs', () => {
    expect(parseDoneMessage(only(doneMessage(5, 9)))).toEqual({ errno: 0 });
    expect(parseDoneMessage(only(doneMessage(5, 9, { errno: 'EMSGSIZE', extack: { message: 'dump too big' } })))).toEqual({
      errno: 90,
      extack: { message: 'dump too big' },
    });
  });

  it('treats an empty DONE payload as success and rejects 1..3 bytes', () => {
    expect(parseDoneMessage({ type: 3, flags: 2, seq: 1, portId: 1, payload: new Uint8Array(0) })).toEqual({ errno: 0 });
    expect(() => parseDoneMessage({ type: 3, flags: 2, seq: 1, portId: 1, payload: new Uint8Array(2) })).toThrow(NetlinkProtocolError);
  });
});

describe('kernel errors', () => {
  it('uses the extack text as message and keeps errno, code and strerror', () => {
    const parsed = parseErrorMessage(only(CAPPED_EINVAL));
    const error = kernelErrorFor(parsed.errno, parsed.extack, REQUEST, {
      describeOffset: (request, offset) => (request === REQUEST && offset === 28 ? 'dev-name' : undefined),
      describeMissing: (_request, type) => (type === 127 ? 'port-pci-pf-number' : undefined),
    });
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect(error.message).toBe('Missing pfnum');
    expect(error.errno).toBe(22);
    expect(error.code).toBe('EINVAL');
    expect(error.description).toBe('Invalid argument');
    expect(error.extack).toEqual({
      message: 'Missing pfnum',
      offset: 28,
      attributePath: 'dev-name',
      missingType: 127,
      missingPath: 'port-pci-pf-number',
    });
  });

  it('falls back to the strerror text without extack, and ignores a describer that throws', () => {
    const plain = new NetlinkKernelError(95);
    expect(plain.message).toBe('Operation not supported');
    expect(plain.code).toBe('EOPNOTSUPP');
    const described = describeExtack({ offset: 4 }, REQUEST, {
      describeOffset: () => {
        throw new Error('bug in describer');
      },
    });
    expect(described).toEqual({ offset: 4 });
  });
});
