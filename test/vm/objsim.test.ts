import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { IPROUTE2_DEVLINK } from './support/iproute2.js';
import { createObjsim, loadedObjsimKo, objsimLoaded, OBJSIM_LINECARD_TYPES, type ObjsimDevice } from './support/objsim.js';
import { newerIproute2Devlink } from './support/sfsim.js';

// The objsim test module (test/kmod/objsim) seen through iproute2's `devlink -j`: every object with
// the values its README promises, every refusal with its message, the line card life cycle, and
// unloading with everything present. Where iproute2 6.1 misprints (sb port pool / tc bind dumps,
// selftests it lacks) the newer iproute2 from the cache is used; port regions, which no iproute2
// can address, go through the library.

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: readonly string[]): Run {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `devlink -j <args>` parsed; throws with stderr when the command fails. */
function json<T = any>(args: readonly string[], bin = IPROUTE2_DEVLINK): T {
  const r = run(bin, ['-j', ...args]);
  if (r.status !== 0) throw new Error(`${bin} -j ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as T;
}

/** Runs a command that must succeed; returns its stderr (warnings). */
function ok(args: readonly string[], bin = IPROUTE2_DEVLINK): string {
  const r = run(bin, args);
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stderr.trim();
}

/** Runs a command that must fail; returns iproute2's two stderr lines (extack, errno). */
function refused(args: readonly string[], bin = IPROUTE2_DEVLINK): string[] {
  const r = run(bin, args);
  expect(r.status, `${args.join(' ')} should fail`).not.toBe(0);
  return r.stderr.trim().split('\n');
}

/**
 * iproute2's text output of a per-port dump as one line per record, `<port handle> <fields>`, for
 * the ports of `device` only.
 */
function textRecords(args: readonly string[], bin: string, device: string): string[] {
  const r = run(bin, args);
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  const records: string[] = [];
  let handle = '';
  for (const line of r.stdout.split('\n')) {
    const header = /^(\S+):$/.exec(line);
    if (header) handle = header[1] ?? '';
    else if (line.trim() !== '' && handle.startsWith(`${device}/`)) records.push(`${handle} ${line.trim()}`);
  }
  return records;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function busybox(args: string[]): void {
  const r = spawnSync('busybox', args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`busybox ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
}

/** Occupancy the module's snapshot sets (README): pools and TCs per port, sb, direction. */
function poolOcc(port: number, sb: number, pool: number): { current: number; max: number } {
  const cur = 96 * (100 * (port + 1) + 10 * sb + pool);
  return { current: cur, max: 2 * cur };
}
function tcOcc(port: number, sb: number, dir: number, tc: number): { current: number; max: number } {
  const cur = 96 * (1000 * (port + 1) + 100 * dir + 10 * sb + tc);
  return { current: cur, max: 2 * cur };
}

describe('objsim through iproute2', () => {
  let dev: ObjsimDevice;
  let newer: string;

  beforeAll(() => {
    newer = newerIproute2Devlink();
    dev = createObjsim();
  });
  afterAll(() => dev?.remove());

  describe('ports', () => {
    it('has two physical ports, 0 and 1, without netdevs', () => {
      expect(json(['port', 'show', dev.port(0)])).toEqual({
        port: { [dev.port(0)]: { type: 'notset', flavour: 'physical', port: 0, splittable: false } },
      });
      expect(json(['port', 'show', dev.port(1)]).port[dev.port(1)]).toMatchObject({ flavour: 'physical', port: 1 });
    });
  });

  describe('shared buffers', () => {
    it('lists sb 0 and sb 1 with their sizes, pool and TC counts', () => {
      // `sb show DEV` asks for sb 0 only (iproute2's default index): the dump has both
      expect(json(['sb', 'show']).sb[dev.handle]).toEqual([
        { sb: 0, size: 12000000, ing_pools: 4, eg_pools: 4, ing_tcs: 8, eg_tcs: 8 },
        { sb: 1, size: 3000000, ing_pools: 2, eg_pools: 2, ing_tcs: 8, eg_tcs: 8 },
      ]);
      expect(json(['sb', 'show', dev.handle, 'sb', '1']).sb[dev.handle]).toEqual([
        { sb: 1, size: 3000000, ing_pools: 2, eg_pools: 2, ing_tcs: 8, eg_tcs: 8 },
      ]);
    });

    it('lists every pool with type, size, threshold type and cell size', () => {
      const pool = (sb: number, index: number, type: string, size: number, thtype = 'dynamic') =>
        ({ sb, pool: index, type, size, thtype, cell_size: 96 });
      expect(json(['sb', 'pool', 'show']).pool[dev.handle]).toEqual([
        pool(0, 0, 'ingress', 6000000), pool(0, 1, 'ingress', 3000000), pool(0, 2, 'ingress', 960000), pool(0, 3, 'ingress', 0),
        pool(0, 4, 'egress', 6000000), pool(0, 5, 'egress', 3000000), pool(0, 6, 'egress', 960000), pool(0, 7, 'egress', 96000, 'static'),
        pool(1, 0, 'ingress', 1500000), pool(1, 1, 'ingress', 960000), pool(1, 2, 'egress', 1500000), pool(1, 3, 'egress', 960000),
      ]);
    });

    it('has port pool thresholds and TC bindings for both ports (iproute2 6.15: 6.1 misprints these dumps)', () => {
      // 6.15's JSON repeats a port's key once per sb, so read its text dump
      const portPools = textRecords(['sb', 'port', 'pool', 'show'], newer, dev.handle);
      const tcBinds = textRecords(['sb', 'tc', 'bind', 'show'], newer, dev.handle);
      const expectedPools: string[] = [];
      const expectedBinds: string[] = [];
      for (const [sb, pools, egressPool] of [[0, 8, 4], [1, 4, 2]] as const) {
        for (const port of [0, 1]) {
          for (let pool = 0; pool < pools; pool++) {
            expectedPools.push(`${dev.port(port)} sb ${sb} pool ${pool} threshold ${sb === 0 && pool === 7 ? 96000 : 10}`);
          }
          for (const type of ['ingress', 'egress']) {
            for (let tc = 0; tc < 8; tc++) {
              expectedBinds.push(`${dev.port(port)} sb ${sb} tc ${tc} type ${type} pool ${type === 'ingress' ? 0 : egressPool} threshold 10`);
            }
          }
        }
      }
      expect(portPools).toEqual(expectedPools);
      expect(tcBinds).toEqual(expectedBinds);
      // and one of each as JSON
      expect(json(['sb', 'port', 'pool', 'show', dev.port(1), 'sb', '0', 'pool', '7'], newer))
        .toEqual({ port_pool: { [dev.port(1)]: [{ sb: 0, pool: 7, threshold: 96000 }] } });
      expect(json(['sb', 'tc', 'bind', 'show', dev.port(0), 'sb', '1', 'tc', '6', 'type', 'egress'], newer))
        .toEqual({ tc_bind: { [dev.port(0)]: [{ sb: 1, tc: 6, type: 'egress', pool: 2, threshold: 10 }] } });
    });

    it('takes new pool sizes, threshold types, port thresholds and TC bindings', () => {
      const other = createObjsim();
      try {
        ok(['sb', 'pool', 'set', other.handle, 'sb', '1', 'pool', '1', 'size', '2000000', 'thtype', 'static']);
        expect(json(['sb', 'pool', 'show', other.handle, 'sb', '1', 'pool', '1']).pool[other.handle])
          .toEqual([{ sb: 1, pool: 1, type: 'ingress', size: 2000000, thtype: 'static', cell_size: 96 }]);
        // the type change reset the pool's thresholds to the static default: the pool size
        expect(json(['sb', 'port', 'pool', 'show', other.port(0), 'sb', '1', 'pool', '1'], newer).port_pool[other.port(0)])
          .toEqual([{ sb: 1, pool: 1, threshold: 2000000 }]);
        ok(['sb', 'port', 'pool', 'set', other.port(0), 'sb', '1', 'pool', '1', 'th', '50000']);
        expect(json(['sb', 'port', 'pool', 'show', other.port(0), 'sb', '1', 'pool', '1'], newer).port_pool[other.port(0)])
          .toEqual([{ sb: 1, pool: 1, threshold: 50000 }]);
        ok(['sb', 'tc', 'bind', 'set', other.port(1), 'sb', '1', 'tc', '3', 'type', 'ingress', 'pool', '1', 'th', '70000']);
        ok(['sb', 'tc', 'bind', 'set', other.port(1), 'sb', '0', 'tc', '7', 'type', 'egress', 'pool', '6', 'th', '14']);
        expect(json(['sb', 'tc', 'bind', 'show', other.port(1), 'sb', '1', 'tc', '3', 'type', 'ingress'], newer).tc_bind[other.port(1)])
          .toEqual([{ sb: 1, tc: 3, type: 'ingress', pool: 1, threshold: 70000 }]);
        expect(json(['sb', 'tc', 'bind', 'show', other.port(1), 'sb', '0', 'tc', '7', 'type', 'egress'], newer).tc_bind[other.port(1)])
          .toEqual([{ sb: 0, tc: 7, type: 'egress', pool: 6, threshold: 14 }]);
        // the other port kept its bindings
        expect(json(['sb', 'tc', 'bind', 'show', other.port(0), 'sb', '1', 'tc', '3', 'type', 'ingress'], newer).tc_bind[other.port(0)])
          .toEqual([{ sb: 1, tc: 3, type: 'ingress', pool: 0, threshold: 10 }]);
      } finally {
        other.remove();
      }
    });

    it('refuses invalid values with a message naming the problem', () => {
      const h = dev.handle;
      const EINVAL = 'kernel answers: Invalid argument';
      expect(refused(['sb', 'pool', 'set', h, 'sb', '0', 'pool', '0', 'size', '13000000', 'thtype', 'dynamic']))
        .toEqual(['Error: objsim: Pool size 13000000 exceeds shared buffer size 12000000.', EINVAL]);
      expect(refused(['sb', 'pool', 'set', h, 'sb', '1', 'pool', '2', 'size', '3000001', 'thtype', 'dynamic']))
        .toEqual(['Error: objsim: Pool size 3000001 exceeds shared buffer size 3000000.', EINVAL]);
      expect(refused(['sb', 'pool', 'set', h, 'sb', '0', 'pool', '7', 'size', '96000', 'thtype', 'dynamic']))
        .toEqual(['Error: objsim: Pool 7 is reserved, its threshold type cannot change.', EINVAL]);
      expect(refused(['sb', 'pool', 'set', h, 'sb', '0', 'pool', '7', 'size', '192000', 'thtype', 'static']))
        .toEqual(['Error: objsim: Pool 7 is reserved, its size cannot change.', EINVAL]);
      expect(refused(['sb', 'port', 'pool', 'set', dev.port(0), 'sb', '0', 'pool', '0', 'th', '15']))
        .toEqual(['Error: objsim: Dynamic threshold 15 out of range 1-14.', EINVAL]);
      expect(refused(['sb', 'port', 'pool', 'set', dev.port(1), 'sb', '1', 'pool', '3', 'th', '0']))
        .toEqual(['Error: objsim: Dynamic threshold 0 out of range 1-14.', EINVAL]);
      expect(refused(['sb', 'port', 'pool', 'set', dev.port(0), 'sb', '0', 'pool', '7', 'th', '12000001']))
        .toEqual(['Error: objsim: Static threshold 12000001 exceeds shared buffer size 12000000.', EINVAL]);
      expect(refused(['sb', 'tc', 'bind', 'set', dev.port(0), 'sb', '0', 'tc', '0', 'type', 'ingress', 'pool', '4', 'th', '3']))
        .toEqual(['Error: objsim: Cannot bind ingress TC 0 to egress pool 4.', EINVAL]);
      expect(refused(['sb', 'tc', 'bind', 'set', dev.port(1), 'sb', '1', 'tc', '5', 'type', 'egress', 'pool', '1', 'th', '3']))
        .toEqual(['Error: objsim: Cannot bind egress TC 5 to ingress pool 1.', EINVAL]);
      expect(refused(['sb', 'tc', 'bind', 'set', dev.port(0), 'sb', '0', 'tc', '1', 'type', 'egress', 'pool', '7', 'th', '3']))
        .toEqual(['Error: objsim: Pool 7 is reserved, TCs cannot be bound to it.', EINVAL]);
      expect(refused(['sb', 'tc', 'bind', 'set', dev.port(0), 'sb', '0', 'tc', '1', 'type', 'egress', 'pool', '5', 'th', '99']))
        .toEqual(['Error: objsim: Dynamic threshold 99 out of range 1-14.', EINVAL]);
      // the core's own index checks: no message
      expect(refused(['sb', 'pool', 'set', h, 'sb', '1', 'pool', '4', 'size', '1', 'thtype', 'static'])).toEqual([EINVAL]);
      expect(refused(['sb', 'tc', 'bind', 'set', dev.port(0), 'sb', '0', 'tc', '8', 'type', 'egress', 'pool', '5', 'th', '3'])).toEqual([EINVAL]);
      // nothing changed
      expect(json(['sb', 'pool', 'show', h, 'sb', '0', 'pool', '0']).pool[h]).toEqual([
        { sb: 0, pool: 0, type: 'ingress', size: 6000000, thtype: 'dynamic', cell_size: 96 },
      ]);
    });

    it('occupancy: zero before a snapshot, fixed values after, clearmax zeroes max', () => {
      const occupancy = (port: number, sb: number) =>
        json(['sb', 'occupancy', 'show', dev.port(port), 'sb', String(sb)]).occupancy[dev.port(port)];
      expect(occupancy(0, 0).pool['0']).toEqual({ current: 0, max: 0 });
      ok(['sb', 'occupancy', 'snapshot', dev.handle, 'sb', '0']);
      for (const port of [0, 1]) {
        const occ = occupancy(port, 0);
        for (let pool = 0; pool < 8; pool++) expect(occ.pool[String(pool)]).toEqual(poolOcc(port, 0, pool));
        for (let tc = 0; tc < 8; tc++) {
          expect(occ.itc[String(tc)]).toEqual({ bound_pool: 0, ...tcOcc(port, 0, 0, tc) });
          expect(occ.etc[String(tc)]).toEqual({ bound_pool: 4, ...tcOcc(port, 0, 1, tc) });
        }
      }
      // sb 1 has not been snapshotted yet
      expect(occupancy(1, 1).pool['3']).toEqual({ current: 0, max: 0 });
      ok(['sb', 'occupancy', 'snapshot', dev.handle, 'sb', '1']);
      expect(occupancy(1, 1).pool['3']).toEqual(poolOcc(1, 1, 3));
      expect(occupancy(1, 1).etc['7']).toEqual({ bound_pool: 2, ...tcOcc(1, 1, 1, 7) });
      ok(['sb', 'occupancy', 'clearmax', dev.handle, 'sb', '0']);
      expect(occupancy(0, 0).pool['2']).toEqual({ current: poolOcc(0, 0, 2).current, max: 0 });
      expect(occupancy(1, 0).itc['5']).toEqual({ bound_pool: 0, current: tcOcc(1, 0, 0, 5).current, max: 0 });
      expect(occupancy(1, 1).pool['3']).toEqual(poolOcc(1, 1, 3));
    });
  });

  describe('line cards', () => {
    const lcShow = (index: number) => json(['lc', 'show', dev.handle, 'lc', String(index)]).lc[dev.handle][0];
    const waitState = (index: number, state: string) =>
      waitFor(`lc ${index} ${state}`, () => (lcShow(index).state === state ? lcShow(index) : undefined));

    it('has 4 unprovisioned slots supporting 16x100G and 8x200G', () => {
      // iproute2 6.1 sends `lc show DEV` without an index, which the kernel refuses: use the dump
      const slots = [1, 2, 3, 4].map((lc) => ({ lc, state: 'unprovisioned', supported_types: [...OBJSIM_LINECARD_TYPES] }));
      expect(json(['lc', 'show']).lc[dev.handle]).toEqual(slots);
      expect(json(['lc', 'show', dev.handle], newer)).toEqual({ lc: { [dev.handle]: slots } });
    });

    it('provisions asynchronously, activates through debugfs, unprovisions', async () => {
      dev.setProvisionDelay(2000); // long enough to see provisioning under TCG
      ok(['lc', 'set', dev.handle, 'lc', '1', 'type', '16x100G']);
      expect(lcShow(1)).toMatchObject({ state: 'provisioning', type: '16x100G' });
      expect(await waitState(1, 'provisioned')).toEqual({ lc: 1, state: 'provisioned', type: '16x100G', supported_types: ['16x100G', '8x200G'] });
      expect(dev.linecardActive(1)).toBe(false);
      dev.setLinecardActive(1, true);
      // an active card has its own devlink instance, nested in the line card
      const active = lcShow(1);
      expect(active).toMatchObject({ state: 'active', type: '16x100G', nested_devlink: expect.stringMatching(/^auxiliary\/objsim\.lc\.\d+$/) });
      const nested = active.nested_devlink as string;
      expect(Object.keys(json(['dev', 'show']).dev)).toContain(nested);
      expect(json(['dev', 'info', nested])).toEqual({
        info: { [nested]: { driver: 'objsim.lc', versions: { fixed: { 'hw.revision': '0' }, running: { 'ini.version': '1' } } } },
      });
      expect(dev.linecardActive(1)).toBe(true);
      dev.setLinecardActive(1, true); // repeating the state is a no-op
      dev.setLinecardActive(1, false);
      expect(lcShow(1)).toEqual({ lc: 1, state: 'provisioned', type: '16x100G', supported_types: ['16x100G', '8x200G'] });
      expect(Object.keys(json(['dev', 'show']).dev)).not.toContain(nested);
      dev.setLinecardActive(1, true);
      expect(lcShow(1).nested_devlink).toMatch(/^auxiliary\/objsim\.lc\.\d+$/);
      // notype on an active card: deactivated (its instance gone) and unprovisioned at once
      ok(['lc', 'set', dev.handle, 'lc', '1', 'notype']);
      expect(lcShow(1)).toEqual({ lc: 1, state: 'unprovisioned', supported_types: ['16x100G', '8x200G'] });
      expect(Object.keys(json(['dev', 'show']).dev).filter((h) => h.startsWith('auxiliary/objsim.lc.'))).toEqual([]);
      expect(dev.linecardActive(1)).toBe(false);
      // the other type in another slot
      dev.setProvisionDelay(100);
      ok(['lc', 'set', dev.handle, 'lc', '4', 'type', '8x200G']);
      expect((await waitState(4, 'provisioned')).type).toBe('8x200G');
      ok(['lc', 'set', dev.handle, 'lc', '4', 'notype']);
    });

    it('a card set to fail provisioning ends provisioning_failed, and can be provisioned again', async () => {
      dev.setLinecardFailProvision(2, true);
      ok(['lc', 'set', dev.handle, 'lc', '2', 'type', '8x200G']);
      expect(await waitState(2, 'provisioning_failed')).toMatchObject({ type: '8x200G' });
      expect(() => dev.setLinecardActive(2, true)).toThrow();
      // the knob is one-shot
      ok(['lc', 'set', dev.handle, 'lc', '2', 'type', '8x200G']);
      expect((await waitState(2, 'provisioned')).type).toBe('8x200G');
      // notype after a failure
      dev.setLinecardFailProvision(3, true);
      ok(['lc', 'set', dev.handle, 'lc', '3', 'type', '16x100G']);
      await waitState(3, 'provisioning_failed');
      ok(['lc', 'set', dev.handle, 'lc', '3', 'notype']);
      expect(lcShow(3).state).toBe('unprovisioned');
      ok(['lc', 'set', dev.handle, 'lc', '2', 'notype']);
    });

    it('refuses what the devlink core refuses, with its messages', async () => {
      const EBUSY = 'kernel answers: Device or resource busy';
      expect(refused(['lc', 'set', dev.handle, 'lc', '1', 'type', '4x400G']))
        .toEqual(['Error: Unsupported line card type provided.', 'kernel answers: Invalid argument']);
      expect(ok(['lc', 'set', dev.handle, 'lc', '1', 'notype'])).toBe('Warning: Line card is not provisioned.');
      expect(() => dev.setLinecardActive(1, true)).toThrow();
      dev.setProvisionDelay(2500); // the two refusals below run while it provisions (~0.3 s; they fail if it ended)
      ok(['lc', 'set', dev.handle, 'lc', '1', 'type', '8x200G']);
      expect(refused(['lc', 'set', dev.handle, 'lc', '1', 'type', '8x200G']))
        .toEqual(['Error: Line card is currently being provisioned.', EBUSY]);
      expect(refused(['lc', 'set', dev.handle, 'lc', '1', 'notype']))
        .toEqual(['Error: Line card is currently being provisioned.', EBUSY]);
      await waitState(1, 'provisioned');
      dev.setProvisionDelay(100);
      expect(refused(['lc', 'set', dev.handle, 'lc', '1', 'type', '16x100G']))
        .toEqual(['Error: Line card already provisioned.', EBUSY]);
      // the same type again: the driver says it is provisioned that way, the core warns
      expect(ok(['lc', 'set', dev.handle, 'lc', '1', 'type', '8x200G'])).toBe('Warning: Line card already provisioned.');
      ok(['lc', 'set', dev.handle, 'lc', '1', 'notype']);
    });
  });

  describe('selftests (iproute2 6.15; 6.1 has no selftests)', () => {
    it('lists flash and reports the result set in debugfs', () => {
      expect(json(['dev', 'selftests', 'show', dev.handle], newer)).toEqual({ selftests: { [dev.handle]: ['flash'] } });
      expect(dev.selftestFlashResult()).toBe('pass');
      expect(json(['dev', 'selftests', 'run', dev.handle, 'id', 'flash'], newer))
        .toEqual({ selftests: { [dev.handle]: { flash: { status: 'passed' } } } });
      dev.setSelftestFlashResult('fail');
      expect(json(['dev', 'selftests', 'run', dev.handle], newer))
        .toEqual({ selftests: { [dev.handle]: { flash: { status: 'failed' } } } });
      dev.setSelftestFlashResult('skip');
      expect(json(['dev', 'selftests', 'run', dev.handle], newer))
        .toEqual({ selftests: { [dev.handle]: { flash: { status: 'skipped' } } } });
      dev.setSelftestFlashResult('pass');
      expect(() => dev.setSelftestFlashResult('maybe' as never)).toThrow();
    });
  });

  describe('resource and dpipe', () => {
    it('has resource /host4 with size, bounds and occupancy', () => {
      expect(json(['resource', 'show', dev.handle])).toEqual({
        resources: {
          [dev.handle]: [{ name: 'host4', size: 64, occ: 3, unit: 'entry', size_min: 0, size_max: 256, size_gran: 1, dpipe_tables: 'none' }],
        },
      });
    });

    it('has the ethernet and ipv4 headers and table objsim_host4 tied to /host4', () => {
      expect(json(['dpipe', 'header', 'show', dev.handle])).toEqual({
        header: {
          [dev.handle]: [
            { name: 'ipv4', field: [{ name: 'destination ip', bitwidth: 32 }] },
            { name: 'ethernet', field: [{ name: 'destination mac', bitwidth: 48 }] },
          ],
        },
      });
      expect(json(['dpipe', 'table', 'show', dev.handle])).toEqual({
        table: {
          [dev.handle]: [{
            name: 'objsim_host4', size: 3, counters_enabled: false, resource_path: '/host4', resource_units: 1,
            match: [{ type: 'field_exact', header: 'ipv4', field: 'destination ip' }],
            action: [{ type: 'field_modify', header: 'ethernet', field: 'destination mac' }],
          }],
        },
      });
    });

    it('dumps the fixed entries, with counters once enabled', () => {
      const entry = (index: number, ip: string, mac: string, counter?: number) => ({
        index,
        ...(counter !== undefined ? { counter } : {}),
        match_value: [{ type: 'field_exact', header: 'ipv4', field: 'destination ip', value: ip }],
        action_value: [{ type: 'field_modify', header: 'ethernet', field: 'destination mac', value: mac }],
      });
      const dump = () => json(['dpipe', 'table', 'dump', dev.handle, 'name', 'objsim_host4']).table_entry[dev.handle];
      expect(dump()).toEqual([entry(0, '192.0.2.1', '2:0:0:0:0:1'), entry(1, '192.0.2.2', '2:0:0:0:0:2'), entry(2, '198.51.100.1', '2:0:0:0:1:1')]);
      ok(['dpipe', 'table', 'set', dev.handle, 'name', 'objsim_host4', 'counters', 'enable']);
      expect(json(['dpipe', 'table', 'show', dev.handle, 'name', 'objsim_host4']).table[dev.handle][0].counters_enabled).toBe(true);
      expect(dump()).toEqual([
        entry(0, '192.0.2.1', '2:0:0:0:0:1', 1000), entry(1, '192.0.2.2', '2:0:0:0:0:2', 2000), entry(2, '198.51.100.1', '2:0:0:0:1:1', 3000),
      ]);
      ok(['dpipe', 'table', 'set', dev.handle, 'name', 'objsim_host4', 'counters', 'disable']);
      expect(dump()[0]).toEqual(entry(0, '192.0.2.1', '2:0:0:0:0:1'));
    });

    it('takes a new /host4 size within its bounds, pending a reload', () => {
      const other = createObjsim();
      try {
        ok(['resource', 'set', other.handle, 'path', '/host4', 'size', '128']);
        expect(json(['resource', 'show', other.handle]).resources[other.handle][0]).toMatchObject({ size: 64, size_new: 128 });
        expect(refused(['resource', 'set', other.handle, 'path', '/host4', 'size', '257']))
          .toEqual(['Error: Size larger than maximum.', 'kernel answers: Invalid argument']);
      } finally {
        other.remove();
      }
    });
  });

  describe('health reporter port_fw', () => {
    it('exists on both ports, healthy', () => {
      for (const port of [0, 1]) {
        expect(json(['health', 'show', dev.port(port), 'reporter', 'port_fw'])).toEqual({
          health: {
            [dev.port(port)]: [{ reporter: 'port_fw', state: 'healthy', error: 0, recover: 0, grace_period: 0, auto_recover: true, auto_dump: true }],
          },
        });
      }
    });

    it('diagnoses with nested objects, arrays and several value types', () => {
      expect(json(['health', 'diagnose', dev.port(1), 'reporter', 'port_fw'])).toEqual({
        port: 1,
        firmware: { version: '1.2.3', running: true, boot_count: 1 },
        queues: [{ id: 0, head: 16, tail: 16 }, { id: 1, head: 32, tail: 30 }],
        test_events: 0,
      });
    });

    it('dumps on request, and test reports an error that is dumped and recovered', async () => {
      const port = dev.port(0);
      const body = { registers: [4096, 4097, 4098, 4099], config: { lanes: 4, speed_mbps: 100000, fec: 'rs', autoneg: false }, blob: [11, 21, 16, 0, 202, 254, 240, 13] };
      expect(json(['health', 'dump', 'show', port, 'reporter', 'port_fw'])).toEqual({ cause: 'user', ...body });
      ok(['health', 'dump', 'clear', port, 'reporter', 'port_fw']);
      ok(['health', 'test', port, 'reporter', 'port_fw']);
      const show = () => json(['health', 'show', port, 'reporter', 'port_fw']).health[port][0];
      const after = await waitFor('error and recovery counted', () => {
        const s = show();
        return s.error === 1 && s.recover === 1 ? s : undefined;
      });
      expect(after).toMatchObject({ state: 'healthy', error: 1, recover: 1 });
      expect(after.last_dump_date).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(json(['health', 'dump', 'show', port, 'reporter', 'port_fw'])).toEqual({ cause: 'test', event: 1, ...body });
      expect(json(['health', 'diagnose', port, 'reporter', 'port_fw']).test_events).toBe(1);
      // recovering a healthy reporter is a no-op of the core
      ok(['health', 'recover', port, 'reporter', 'port_fw']);
      expect(show()).toMatchObject({ state: 'healthy', error: 1, recover: 1 });
      // port 1 is untouched
      expect(json(['health', 'show', dev.port(1), 'reporter', 'port_fw']).health[dev.port(1)][0]).toMatchObject({ error: 0, recover: 0 });
    });
  });

  describe('region port_cfg (listed by iproute2; snapshots and reads through the library, which addresses port regions)', () => {
    let dl: Devlink;
    beforeAll(async () => {
      dl = await Devlink.open();
    });
    afterAll(() => dl.close());

    const content = (port: number, from = 0, length = 256) =>
      Uint8Array.from({ length }, (_, i) => (from + i + 16 * (port + 1)) & 0xff);

    it('is listed for both ports, 256 bytes, at most 4 snapshots', async () => {
      const text = run(IPROUTE2_DEVLINK, ['region', 'show']).stdout.split('\n').filter((l) => l.startsWith(`${dev.handle}/`));
      expect(text).toEqual([`${dev.handle}/dev_cfg: size 256 snapshot [] max 4`, `${dev.handle}/port_cfg: size 256 snapshot [] max 4`, `${dev.handle}/port_cfg: size 256 snapshot [] max 4`]);
      const regions = (await dl.listRegions(dev.handle)).filter((r) => r.portIndex !== undefined);
      expect(regions.map((r) => ({ port: r.portIndex, name: r.name, size: r.size, max: r.maxSnapshots, snapshots: r.snapshots })))
        .toEqual([0, 1].map((port) => ({ port, name: 'port_cfg', size: 256n, max: 4, snapshots: [] })));
    });

    it('takes snapshots with deterministic content and reads directly', async () => {
      expect(await dl.newRegionSnapshot(dev.port(0), 'port_cfg', { snapshotId: 5 })).toBe(5);
      const auto = await dl.newRegionSnapshot(dev.port(1), 'port_cfg');
      expect((await dl.readRegion(dev.port(0), 'port_cfg', { snapshotId: 5 })).data).toEqual(content(0));
      expect((await dl.readRegion(dev.port(1), 'port_cfg', { snapshotId: auto })).data).toEqual(content(1));
      expect((await dl.readRegion(dev.port(1), 'port_cfg', { direct: true }, { address: 250, length: 6 })).data).toEqual(content(1, 250, 6));
      const text = run(IPROUTE2_DEVLINK, ['region', 'show']).stdout.split('\n').filter((l) => l.startsWith(`${dev.handle}/`));
      expect(text).toEqual([`${dev.handle}/dev_cfg: size 256 snapshot [] max 4`, `${dev.handle}/port_cfg: size 256 snapshot [5] max 4`, `${dev.handle}/port_cfg: size 256 snapshot [${auto}] max 4`]);
      await dl.deleteRegionSnapshot(dev.port(1), 'port_cfg', auto);
      expect((await dl.getRegion(dev.port(1), 'port_cfg')).snapshots).toEqual([]);
    });

    it('has the device region dev_cfg (255 - i), read directly and by snapshot', async () => {
      const devContent = (from: number, length: number) => Uint8Array.from({ length }, (_, i) => (255 - from - i) & 0xff);
      expect((await dl.readRegion(dev.handle, 'dev_cfg', { direct: true }, { address: 10, length: 5 })).data).toEqual(devContent(10, 5));
      expect(await dl.newRegionSnapshot(dev.handle, 'dev_cfg', { snapshotId: 3 })).toBe(3);
      expect((await dl.readRegion(dev.handle, 'dev_cfg', { snapshotId: 3 })).data).toEqual(devContent(0, 256));
      await dl.deleteRegionSnapshot(dev.handle, 'dev_cfg', 3);
    });
  });
});

// Runs last in this file: removing a device and unloading the module with every object in use
// (provisioning and active line cards with their nested instances, snapshots, enabled counters, a pending health report) must
// leave no device behind and no kernel complaint (the suite's kernel-log guard checks).
describe('objsim: removal and unload with everything present', () => {
  function busyDevice(): ObjsimDevice {
    const d = createObjsim();
    d.setProvisionDelay(0);
    ok(['lc', 'set', d.handle, 'lc', '1', 'type', '16x100G']);
    d.setLinecardFailProvision(2, true);
    ok(['lc', 'set', d.handle, 'lc', '2', 'type', '8x200G']);
    return d;
  }

  async function populate(d: ObjsimDevice, dl: Devlink): Promise<void> {
    await waitFor('lc 1 provisioned', () => (json(['lc', 'show', d.handle, 'lc', '1']).lc[d.handle][0].state === 'provisioned' ? true : undefined));
    d.setLinecardActive(1, true);
    d.setProvisionDelay(60_000);
    ok(['lc', 'set', d.handle, 'lc', '3', 'type', '8x200G']); // stays provisioning
    ok(['dpipe', 'table', 'set', d.handle, 'name', 'objsim_host4', 'counters', 'enable']);
    ok(['sb', 'occupancy', 'snapshot', d.handle, 'sb', '0']);
    ok(['resource', 'set', d.handle, 'path', '/host4', 'size', '32']);
    await dl.newRegionSnapshot(d.port(0), 'port_cfg', { snapshotId: 1 });
    await dl.newRegionSnapshot(d.port(1), 'port_cfg', { snapshotId: 2 });
    ok(['health', 'test', d.port(0), 'reporter', 'port_fw']);
  }

  it('del_device removes a busy device', async () => {
    const dl = await Devlink.open();
    try {
      const d = busyDevice();
      await populate(d, dl);
      d.remove();
      expect(d.exists).toBe(false);
      expect(Object.keys(json(['dev', 'show']).dev)).not.toContain(d.handle);
      expect(existsSync(`/sys/kernel/debug/objsim/${d.devName}`)).toBe(false);
    } finally {
      dl.close();
    }
  });

  it('rmmod removes every device; insmod brings the bus back', { timeout: 120_000 }, async () => {
    const ko = await loadedObjsimKo(projectDir);
    const dl = await Devlink.open();
    try {
      const a = busyDevice();
      const b = busyDevice();
      await populate(a, dl);
      await populate(b, dl);
      expect(Object.keys(json(['dev', 'show']).dev).filter((h) => h.startsWith('auxiliary/objsim.lc.'))).toHaveLength(2);
      busybox(['rmmod', 'objsim']);
      expect(objsimLoaded()).toBe(false);
      expect(existsSync('/sys/kernel/debug/objsim')).toBe(false);
      expect(Object.keys(json(['dev', 'show']).dev).filter((h) => h.startsWith('objsim/') || h.startsWith('auxiliary/objsim.'))).toEqual([]);
    } finally {
      dl.close();
      if (!objsimLoaded()) busybox(['insmod', ko]);
    }
    expect(objsimLoaded()).toBe(true);
    const c = createObjsim();
    try {
      expect(json(['sb', 'show']).sb[c.handle]).toHaveLength(2);
      expect(json(['lc', 'show']).lc[c.handle]).toHaveLength(4);
    } finally {
      c.remove();
    }
  });
});
