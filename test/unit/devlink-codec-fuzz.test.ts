import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAttributes, encodeAttributes, type EncodeObject } from '../../src/devlink/codec.js';
import { describeDevlinkMissing, describeDevlinkOffset } from '../../src/devlink/extack.js';
import { decodeParam } from '../../src/devlink/ops/params.js';
import { decodeEvent } from '../../src/devlink/ops/events.js';
import { DEVLINK_SETS } from '../../src/devlink/spec/index.js';
import { NetlinkProtocolError } from '../../src/netlink/errors.js';

/** A random attribute stream built from well-formed TLVs with random types and payloads. */
const tlv = fc.record({ type: fc.integer({ min: 0, max: 260 }), nested: fc.boolean(), payload: fc.uint8Array({ maxLength: 24 }) });
const stream = fc.array(tlv, { maxLength: 12 }).map((items) => {
  const parts: number[] = [];
  for (const { type, nested, payload } of items) {
    const length = 4 + payload.length;
    parts.push(length & 0xff, length >> 8, type & 0xff, (type >> 8) | (nested ? 0x80 : 0), ...payload);
    while (parts.length % 4) parts.push(0);
  }
  return Uint8Array.from(parts);
});

function onlyProtocolErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NetlinkProtocolError);
  }
}

describe('devlink decoder robustness', () => {
  it('decodes well-formed random streams against every set without throwing', () => {
    const sets = [...DEVLINK_SETS.keys()];
    fc.assert(fc.property(stream, fc.constantFrom(...sets), (bytes, set) => {
      onlyProtocolErrors(() => decodeAttributes(bytes, set));
    }), { numRuns: 400 });
  });

  it('throws nothing but NetlinkProtocolError on random and mutated bytes, for decoders, events and extack paths', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 96 }), stream), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200 }), (bytes, command, offset) => {
      onlyProtocolErrors(() => decodeAttributes(bytes, 'devlink'));
      onlyProtocolErrors(() => {
        const tree = decodeAttributes(bytes, 'devlink');
        decodeEvent(command, tree);
        try {
          decodeParam(tree);
        } catch (error) {
          expect((error as Error).name).toBe('DevlinkReplyError');
        }
      });
      const request = new Uint8Array(20 + bytes.length);
      request.set(bytes, 20);
      onlyProtocolErrors(() => describeDevlinkOffset(request, offset));
      onlyProtocolErrors(() => describeDevlinkMissing(request, command, offset));
    }), { numRuns: 400 });
  });

  it('round-trips encoded port function and rate objects', () => {
    const object = fc.record({
      'port-index': fc.integer({ min: 0, max: 0xffffffff }),
      'rate-tx-share': fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      'rate-node-name': fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\0')),
      'port-function': fc.record({
        'hw-addr': fc.uint8Array({ minLength: 6, maxLength: 6 }),
        caps: fc.record({ value: fc.integer({ min: 0, max: 15 }), selector: fc.integer({ min: 0, max: 15 }) }),
        'max-io-eqs': fc.integer({ min: 0, max: 0xffffffff }),
      }),
    });
    fc.assert(fc.property(object, (input) => {
      const tree = decodeAttributes(encodeAttributes('devlink', input as unknown as EncodeObject), 'devlink');
      const { 'port-function': fn, ...top } = input;
      expect(tree.values).toMatchObject(top);
      expect((tree.values['port-function'] as { values: unknown }).values).toEqual(fn);
      expect(tree.unknown).toEqual([]);
    }), { numRuns: 200 });
  });
});
