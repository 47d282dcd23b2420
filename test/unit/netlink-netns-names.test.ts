/**
 * RTM_GETNSID request and RTM_NEWNSID reply bytes for resolving a nested devlink instance's netns
 * id to a name (src/netlink/netns-names.ts); the real kernel answers them in the VM test
 * sfsim-host (port show of an SF whose instance lives in a named namespace).
 */
import { describe, expect, it } from 'vitest';
import { decodeNsid, encodeGetNsid, NETNSA_FD, NETNSA_NSID } from '../../src/netlink/netns-names.js';

describe('netns names: RTM_GETNSID bytes', () => {
  it('asks by file descriptor: rtgenmsg AF_UNSPEC padded to 4 bytes, then NETNSA_FD u32', () => {
    expect([...encodeGetNsid(7)]).toEqual([0, 0, 0, 0, 8, 0, NETNSA_FD, 0, 7, 0, 0, 0]);
  });

  it('reads NETNSA_NSID as s32 after the rtgenmsg, -1 (no id) included; undefined without it', () => {
    const reply = (nsid: number): Uint8Array => {
      const bytes = new Uint8Array(12);
      const view = new DataView(bytes.buffer);
      view.setUint16(4, 8, true);
      view.setUint16(6, NETNSA_NSID, true);
      view.setInt32(8, nsid, true);
      return bytes;
    };
    expect(decodeNsid(reply(3))).toBe(3);
    expect(decodeNsid(reply(-1))).toBe(-1);
    expect(decodeNsid(new Uint8Array(4))).toBeUndefined();
  });
});
