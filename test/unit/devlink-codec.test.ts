import { describe, expect, it } from 'vitest';
import { decodeAttributes, encodeAttributes, type AttributeTree } from '../../src/devlink/codec.js';
import { describeDevlinkMissing, describeDevlinkOffset } from '../../src/devlink/extack.js';
import { DevlinkInputError } from '../../src/devlink/errors.js';
import { kernelErrorFor } from '../../src/netlink/ack.js';
import { NetlinkProtocolError } from '../../src/netlink/errors.js';

/** Hex with spaces and comments stripped, to bytes. */
function hex(text: string): Uint8Array {
  const clean = text.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}
function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

// A PORT_NEW reply / port dump entry for an active, attached SF as a 6.12 kernel writes it:
// the port-function nest without NLA_F_NESTED (nla_nest_start_noflag), the nested devlink
// handle inside it with the flag, and one attribute (type 250) from a kernel newer than us.
const PORT_ENTRY = hex(`
  08 00 01 00 70 63 69 00                          # bus-name "pci"
  11 00 02 00 30 30 30 30 3a 30 36 3a 30 30 2e 30 00 00 00 00  # dev-name "0000:06:00.0"
  08 00 03 00 00 80 00 00                          # port-index 32768
  06 00 04 00 02 00 00 00                          # port-type eth
  08 00 06 00 07 00 00 00                          # port-netdev-ifindex 7
  09 00 07 00 65 74 68 31 00 00 00 00              # port-netdev-name "eth1"
  05 00 94 00 00 00 00 00                          # port-splittable 0
  06 00 4d 00 07 00 00 00                          # port-flavour pcisf
  08 00 96 00 00 00 00 00                          # port-controller-number 0
  06 00 7f 00 00 00 00 00                          # port-pci-pf-number 0
  08 00 a4 00 a0 86 01 00                          # port-pci-sf-number 100000 (above 65535)
  5c 00 91 00                                      # port-function (no NLA_F_NESTED), 88 bytes
    0a 00 01 00 00 00 00 00 88 88 00 00            #   hw-addr 00:00:00:00:88:88
    0c 00 04 00 09 00 00 00 0f 00 00 00            #   caps value roce|ipsec_crypto, selector 0xf
    05 00 02 00 01 00 00 00                        #   state active
    05 00 03 00 01 00 00 00                        #   opstate attached
    08 00 06 00 04 00 00 00                        #   max-io-eqs 4
    28 00 05 80                                    #   devlink (nested), 36 bytes
      0e 00 01 00 61 75 78 69 6c 69 61 72 79 00 00 00  # bus-name "auxiliary"
      13 00 02 00 6d 6c 78 35 5f 63 6f 72 65 2e 73 66 2e 34 00 00  # dev-name "mlx5_core.sf.4"
  08 00 fa 00 2a 00 00 00                          # type 250: unknown to us, kept
`);

describe('devlink codec: a port dump entry with a full function nest', () => {
  const tree = decodeAttributes(PORT_ENTRY, 'devlink');

  it('decodes every known attribute by YNL name', () => {
    expect(tree.values).toMatchObject({
      'bus-name': 'pci',
      'dev-name': '0000:06:00.0',
      'port-index': 32768,
      'port-type': 2,
      'port-netdev-ifindex': 7,
      'port-netdev-name': 'eth1',
      'port-splittable': 0,
      'port-flavour': 7,
      'port-controller-number': 0,
      'port-pci-pf-number': 0,
      'port-pci-sf-number': 100000,
    });
  });

  it('decodes the function nest by the table, not by the NLA_F_NESTED bit', () => {
    const fn = tree.values['port-function'] as AttributeTree;
    expect(fn.set).toBe('dl-port-function');
    expect(toHex(fn.values['hw-addr'] as Uint8Array)).toBe('000000008888');
    expect(fn.values.caps).toEqual({ value: 9, selector: 15 });
    expect(fn.values.state).toBe(1);
    expect(fn.values.opstate).toBe(1);
    expect(fn.values['max-io-eqs']).toBe(4);
    const nested = fn.values.devlink as AttributeTree;
    expect(nested.values).toEqual({ 'bus-name': 'auxiliary', 'dev-name': 'mlx5_core.sf.4' });
    expect(fn.unknown).toEqual([]);
  });

  it('keeps the unknown attribute raw, by number', () => {
    expect(tree.unknown).toHaveLength(1);
    expect(tree.unknown[0]).toMatchObject({ type: 250, nested: false });
    expect(toHex(tree.unknown[0]!.data)).toBe('2a000000');
  });
});

// A rate node as RATE_NEW replies carry it.
const RATE_NODE = hex(`
  0e 00 01 00 6e 65 74 64 65 76 73 69 6d 00 00 00  # bus-name "netdevsim"
  10 00 02 00 6e 65 74 64 65 76 73 69 6d 31 30 00  # dev-name "netdevsim10"
  06 00 a5 00 01 00 00 00                          # rate-type node
  0c 00 a6 00 48 e8 01 00 00 00 00 00              # rate-tx-share 125000
  0c 00 a7 00 00 00 00 00 01 00 00 00              # rate-tx-max 2^32 (needs u64)
  08 00 b1 00 03 00 00 00                          # rate-tx-priority 3
  08 00 b2 00 0a 00 00 00                          # rate-tx-weight 10
  0b 00 a8 00 67 72 6f 75 70 31 00 00              # rate-node-name "group1"
  0a 00 a9 00 72 6f 6f 74 31 00 00 00              # rate-parent-node-name "root1"
  14 00 b4 80                                      # rate-tc-bws (nested)
    05 00 01 00 02 00 00 00                        #   index 2
    08 00 02 00 32 00 00 00                        #   bw 50
`);

describe('devlink codec: a rate node', () => {
  it('decodes u64 rates as bigint and tc-bws as a multi-attr array', () => {
    const tree = decodeAttributes(RATE_NODE, 'devlink');
    expect(tree.values).toEqual({
      'bus-name': 'netdevsim',
      'dev-name': 'netdevsim10',
      'rate-type': 1,
      'rate-tx-share': 125000n,
      'rate-tx-max': 4294967296n,
      'rate-tx-priority': 3,
      'rate-tx-weight': 10,
      'rate-node-name': 'group1',
      'rate-parent-node-name': 'root1',
      'rate-tc-bws': [{ set: 'dl-rate-tc-bws', values: { index: 2, bw: 50 }, unknown: [] }],
    });
  });

  it('encodes the same node back to the same bytes', () => {
    const bytes = encodeAttributes('devlink', {
      'bus-name': 'netdevsim',
      'dev-name': 'netdevsim10',
      'rate-type': 'node',
      'rate-tx-share': 125000n,
      'rate-tx-max': 4294967296n,
      'rate-tx-priority': 3,
      'rate-tx-weight': 10,
      'rate-node-name': 'group1',
      'rate-parent-node-name': 'root1',
      'rate-tc-bws': [{ index: 2, bw: 50 }],
    });
    expect(toHex(bytes)).toBe(toHex(RATE_NODE));
  });
});

describe('devlink codec: encoding a port function set request', () => {
  it('writes the nest with NLA_F_NESTED, caps as bitfield32 and max-io-eqs as u32', () => {
    const bytes = encodeAttributes('devlink', {
      'bus-name': 'pci',
      'dev-name': '0000:06:00.0',
      'port-index': 32768,
      'port-function': {
        'hw-addr': hex('00 00 00 00 88 88'),
        caps: { value: 0b0001, selector: 0b0001 },
        'max-io-eqs': 4,
        state: 'active',
      },
    });
    expect(toHex(bytes)).toBe(toHex(hex(`
      08 00 01 00 70 63 69 00
      11 00 02 00 30 30 30 30 3a 30 36 3a 30 30 2e 30 00 00 00 00
      08 00 03 00 00 80 00 00
      2c 00 91 80
        0a 00 01 00 00 00 00 00 88 88 00 00
        0c 00 04 00 01 00 00 00 01 00 00 00
        08 00 06 00 04 00 00 00
        05 00 02 00 01 00 00 00
    `)));
  });

  it('writes every scalar type with the right width', () => {
    const bytes = encodeAttributes('devlink', {
      'sb-pool-type': 1, // u8
      'eswitch-mode': 'switchdev', // u16 from an enum name
      'sb-size': 0xffffffff, // u32
      'resource-id': 0xffffffffffffffffn, // u64
      'param-generic': true, // flag
      'trap-generic': false, // flag off: not written
      'region-chunk-data': hex('01 02 03'), // binary
      'reload-limits': { value: 2, selector: 2 }, // bitfield32
    });
    expect(toHex(bytes)).toBe(toHex(hex(`
      05 00 12 00 01 00 00 00
      06 00 19 00 01 00 00 00
      08 00 0c 00 ff ff ff ff
      0c 00 42 00 ff ff ff ff ff ff ff ff
      04 00 52 00
      07 00 5f 00 01 02 03 00
      0c 00 9b 00 02 00 00 00 02 00 00 00
    `)));
  });

  it('refuses values that do not fit, naming the attribute path', () => {
    expect(() => encodeAttributes('devlink', { 'port-function': { 'max-io-eqs': 2 ** 32 } })).toThrow(
      /attribute port-function\.max-io-eqs: .*4294967296.*out of range/,
    );
    expect(() => encodeAttributes('devlink', { 'port-flavour': 'pcixf' })).toThrow(DevlinkInputError);
    expect(() => encodeAttributes('devlink', { 'port-flavour': 'pcixf' })).toThrow(/unknown port-flavour "pcixf"/);
    expect(() => encodeAttributes('devlink', { 'rate-tx-share': 1.5 })).toThrow(/rate-tx-share/);
    expect(() => encodeAttributes('devlink', { 'no-such-attr': 1 })).toThrow(/not in devlink attribute set devlink/);
  });
});

describe('devlink codec: robustness', () => {
  it('keeps an attribute whose size does not match its type, with the reason', () => {
    const tree = decodeAttributes(hex('06 00 03 00 01 00 00 00'), 'devlink'); // port-index with 2 bytes
    expect(tree.values).toEqual({});
    expect(tree.unknown[0]).toMatchObject({ type: 3 });
    expect(tree.unknown[0]!.reason).toMatch(/port-index/);
  });

  it('keeps a non-multi attribute that repeated as an array', () => {
    const tree = decodeAttributes(hex('08 00 03 00 01 00 00 00 08 00 03 00 02 00 00 00'), 'devlink');
    expect(tree.values['port-index']).toEqual([1, 2]);
  });

  it('throws only NetlinkProtocolError on a truncated stream', () => {
    expect(() => decodeAttributes(hex('08 00 03 00 01 00'), 'devlink')).toThrow(NetlinkProtocolError);
    // a truncated nest inside a known nest
    expect(() => decodeAttributes(hex('0c 00 91 00 08 00 06 00 04 00'), 'devlink')).toThrow(NetlinkProtocolError);
  });
});

describe('devlink extended ACK paths', () => {
  // nlmsghdr(16) + genl header(4) + bus-name + dev-name + port-index + port-function{hw-addr, state}
  const attrs = encodeAttributes('devlink', {
    'bus-name': 'pci',
    'dev-name': '0000:06:00.0',
    'port-index': 32768,
    'port-function': { 'hw-addr': hex('01 00 00 00 88 88'), state: 'active' },
  });
  const request = new Uint8Array(20 + attrs.length);
  request.set(attrs, 20);
  // offsets: bus-name 20, dev-name 28, port-index 48, port-function 56, hw-addr 60, state 72
  it('names the attribute at an offset as a dotted path', () => {
    expect(describeDevlinkOffset(request, 20)).toBe('bus-name');
    expect(describeDevlinkOffset(request, 48)).toBe('port-index');
    expect(describeDevlinkOffset(request, 56)).toBe('port-function');
    expect(describeDevlinkOffset(request, 60)).toBe('port-function.hw-addr');
    expect(describeDevlinkOffset(request, 72)).toBe('port-function.state');
    expect(describeDevlinkOffset(request, 500)).toBeUndefined();
  });

  it('names missing attributes at the top level and inside a nest', () => {
    expect(describeDevlinkMissing(request, 77)).toBe('port-flavour');
    expect(describeDevlinkMissing(request, 2, 56)).toBe('port-function.state');
    expect(describeDevlinkMissing(request, 99, 56)).toBe('port-function.attr-99');
  });

  it('turns a kernel error with extended ACK into a NetlinkKernelError with the path', () => {
    const error = kernelErrorFor(22, { message: 'Non-unicast hardware address unsupported', offset: 60 }, request, {
      describeOffset: describeDevlinkOffset,
      describeMissing: describeDevlinkMissing,
    });
    expect(error.code).toBe('EINVAL');
    expect(error.message).toBe('Non-unicast hardware address unsupported');
    expect(error.extack?.attributePath).toBe('port-function.hw-addr');
  });
});

describe('command-dependent nests', () => {
  it('decodes selftests-run results with the result set', async () => {
    const { decodeDevlinkMessage } = await import('../../src/devlink/session.js');
    const attributes = hex(`
      08 00 01 00 70 63 69 00
      18 00 b0 80                 # selftests (nested)
        14 00 01 80               #   result (nested)
          08 00 02 00 01 00 00 00 #     id flash
          05 00 03 00 01 00 00 00 #     status pass
    `);
    const message = decodeDevlinkMessage({ familyId: 20, command: 83, version: 1, flags: 0, seq: 1, portId: 1, attributes, attributesOffset: 20 });
    const selftests = message.attributes.values.selftests as AttributeTree;
    expect(selftests.set).toBe('dl-selftest-result');
    const [result] = selftests.values.result as AttributeTree[];
    expect(result!.values).toEqual({ id: 1, status: 1 });
  });
});
