/**
 * Contract: dpipe on objsim — the global headers ethernet and ipv4, table objsim_host4 bound to
 * resource /host4, its fixed entries (IPv4 address as a host-order u32, MAC), counters switched on
 * and off, and the core's refusals (bare EINVAL) for tables that do not exist.
 */
import { describe, expect, it } from 'vitest';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

/** A u32 in host (little-endian) byte order, as objsim puts IPv4 addresses. */
function hostU32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

export const dpipeContract: Contract = (target) => {
  describe(`dpipe (objsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.objsim());
    const owner = () => ({ handle: c.dev.handle, busName: 'objsim', deviceName: c.dev.handle.slice(7) });
    const ipv4Dst = { type: 'field_exact', headerId: 1, headerIndex: 0, global: true, fieldId: 0 };
    const ethDst = { type: 'field_modify', headerId: 0, headerIndex: 0, global: true, fieldId: 0 };

    it('reports the global headers and the table with its resource', async () => {
      expect(decoded(await c.dl.getDpipeHeaders(c.dev.handle))).toEqual({
        ...owner(),
        headers: [
          { name: 'ethernet', id: 0, global: true, fields: [{ name: 'destination mac', id: 0, bitwidth: 48, mappingType: 'none' }] },
          { name: 'ipv4', id: 1, global: true, fields: [{ name: 'destination ip', id: 0, bitwidth: 32, mappingType: 'none' }] },
        ],
      });
      const table = { ...owner(), name: 'objsim_host4', size: 3n, countersEnabled: false, resourceId: 1n, resourceUnits: 1n, matches: [ipv4Dst], actions: [ethDst] };
      expect(decoded(await c.dl.getDpipeTables(c.dev.handle))).toEqual([table]);
      expect(decoded(await c.dl.getDpipeTables(c.dev.handle, 'objsim_host4'))).toEqual([table]);
      // a name the device has not: an empty table list, not an error
      expect(await c.dl.getDpipeTables(c.dev.handle, 'nope')).toEqual([]);
    });

    it('dumps the fixed entries; counters appear once enabled', async () => {
      const entry = (index: number, ip: number, mac: number[], counter?: bigint) => ({
        ...owner(), index: BigInt(index), ...(counter === undefined ? {} : { counter }),
        matchValues: [{ ref: ipv4Dst, value: hostU32(ip) }], actionValues: [{ ref: ethDst, value: Uint8Array.from(mac) }],
      });
      const entries = (counters: boolean) => [
        entry(0, 0xc0000201, [2, 0, 0, 0, 0, 1], counters ? 1000n : undefined),
        entry(1, 0xc0000202, [2, 0, 0, 0, 0, 2], counters ? 2000n : undefined),
        entry(2, 0xc6336401, [2, 0, 0, 0, 1, 1], counters ? 3000n : undefined),
      ];
      expect(decoded(await c.dl.getDpipeEntries(c.dev.handle, 'objsim_host4'))).toEqual(entries(false));
      await c.dl.setDpipeTableCounters(c.dev.handle, 'objsim_host4', true);
      expect((await c.dl.getDpipeTables(c.dev.handle))[0]?.countersEnabled).toBe(true);
      expect(decoded(await c.dl.getDpipeEntries(c.dev.handle, 'objsim_host4'))).toEqual(entries(true));
      // enabling twice is no change (the core compares before calling the driver)
      await c.dl.setDpipeTableCounters(c.dev.handle, 'objsim_host4', true);
      await c.dl.setDpipeTableCounters(c.dev.handle, 'objsim_host4', false);
      expect(decoded(await c.dl.getDpipeEntries(c.dev.handle, 'objsim_host4'))).toEqual(entries(false));
    });

    it('refuses entries and counters of a table that does not exist (core, no message)', async () => {
      expect(await refusal(c.dl.getDpipeEntries(c.dev.handle, 'nope'))).toEqual({ code: 'EINVAL', message: null });
      expect(await refusal(c.dl.setDpipeTableCounters(c.dev.handle, 'nope', true))).toEqual({ code: 'EINVAL', message: null });
    });
  });
};
