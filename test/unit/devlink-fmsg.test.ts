import { describe, expect, it } from 'vitest';
import { AttributeWriter } from '../../src/netlink/attributes.js';
import { decodeFmsg, decodeFmsgRoots, fmsgToPlain } from '../../src/devlink/fmsg.js';
import { attr } from '../../src/devlink/spec/index.js';
import { encodeFmsgItems, type FmsgItem as Item } from '../support/fake-devlink-state.js';

/** An fmsg message with a device handle, the nest written as the kernel's devlink_fmsg_prepare_skb does (without NLA_F_NESTED). */
function fmsgMessage(items: Item[]): Uint8Array {
  return new AttributeWriter().string(1, 'pci').string(2, '0000:06:00.0').binary(attr('fmsg'), encodeFmsgItems(items)).finish();
}

describe('health fmsg decoding', () => {
  it('rebuilds objects, pairs, arrays and typed values across several messages, keeping order', () => {
    const first = fmsgMessage([
      ['obj'],
      ['pair'], ['name', 'Status'], ['str', 'healthy'], ['end'],
      ['pair'], ['name', 'Errors'], ['u64', 2n ** 60n], ['end'],
      ['pair'], ['name', 'SQs'], ['arr'],
      ['obj'], ['pair'], ['name', 'sqn'], ['u32', 1], ['end'], ['end'],
    ]);
    const second = fmsgMessage([
      ['obj'], ['pair'], ['name', 'sqn'], ['u32', 2], ['end'], ['end'],
      ['end'], ['end'],
      ['pair'], ['name', 'stopped'], ['flag', 1], ['end'],
      ['pair'], ['name', 'cc'], ['u8', 7], ['end'],
      ['pair'], ['name', 'cc'], ['u8', 8], ['end'],
      ['pair'], ['name', 'raw'], ['arr'], ['bin', Uint8Array.of(1, 2)], ['bin', Uint8Array.of(3)], ['end'], ['end'],
      ['end'],
    ]);
    const value = decodeFmsg([first, second]);
    expect(value).toEqual({ entries: [
      ['Status', 'healthy'],
      ['Errors', 2n ** 60n],
      ['SQs', [{ entries: [['sqn', 1]] }, { entries: [['sqn', 2]] }]],
      ['stopped', true],
      ['cc', 7],
      ['cc', 8],
      ['raw', Uint8Array.of(1, 2, 3)],
    ] });
    expect(fmsgToPlain(value)).toEqual({ Status: 'healthy', Errors: 2n ** 60n, SQs: [{ sqn: 1 }, { sqn: 2 }], stopped: true, cc: [7, 8], raw: [1, 2, 3] });
  });

  it('keeps what follows an early close as further top-level values (netdevsim 6.12 dummy reporter)', () => {
    // pair test_nest { obj } then arr_pair_nest_end: two ends too many close the outer object
    const items: Item[] = [
      ['obj'], ['pair'], ['name', 'a'], ['u8', 1], ['end'],
      ['pair'], ['name', 'test_nest'], ['obj'], ['pair'], ['name', 'b'], ['u8', 0], ['end'], ['end'], ['end'], ['end'], ['end'],
      ['pair'], ['name', 'test_u32_array'], ['arr'], ['u32', 0], ['u32', 1], ['end'], ['end'],
      ['end'],
    ];
    const roots = decodeFmsgRoots([fmsgMessage(items)]);
    expect(roots.map(fmsgToPlain)).toEqual([{ a: 1, test_nest: { b: 0 } }, { test_u32_array: [0, 1] }]);
    expect(fmsgToPlain(decodeFmsg([fmsgMessage(items)]))).toEqual([{ a: 1, test_nest: { b: 0 } }, { test_u32_array: [0, 1] }]);
  });

  it('closes unterminated nests instead of failing', () => {
    expect(decodeFmsg([fmsgMessage([['obj'], ['pair'], ['name', 'a'], ['u32', 1]])])).toEqual({ entries: [['a', 1]] });
  });
});
