/**
 * Contract: resources — objsim's `/host4` (size, bounds, occupancy; a new size pends, since objsim
 * cannot reload) and netdevsim's tree (a new size reported beside the size in force until a reload
 * takes it, parts that no longer fit refusing the reload), with the core's refusals.
 */
import { describe, expect, it } from 'vitest';
import { decoded } from './decoded.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

const U64_MAX = 2n ** 64n - 1n;

export const resourcesContract: Contract = (target) => {
  describe(`resources (objsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.objsim());

    it('reports /host4 with its bounds and occupancy; a new size within them pends', async () => {
      const host4 = { path: '/host4', name: 'host4', id: 1n, size: 64n, sizeMin: 0n, sizeMax: 256n, sizeGranularity: 1n, unit: 'entry', occupancy: 3n, children: [] };
      expect(decoded(await c.dl.getResources(c.dev.handle))).toEqual({ handle: c.dev.handle, busName: 'objsim', deviceName: c.dev.handle.slice(7), resources: [host4] });
      await c.dl.setResourceSize(c.dev.handle, '/host4', 128);
      expect(decoded((await c.dl.getResources(c.dev.handle)).resources)).toEqual([{ ...host4, sizeNew: 128n }]);
      // back to the size in force: nothing pends
      await c.dl.setResourceSize(c.dev.handle, 1n, 64);
      expect(decoded((await c.dl.getResources(c.dev.handle)).resources)).toEqual([host4]);
    });

    it('refuses sizes out of bounds and unknown ids (core); a device without reload refuses it', async () => {
      expect(await refusal(c.dl.setResourceSize(c.dev.handle, 1n, 257))).toEqual({ code: 'EINVAL', message: 'Size larger than maximum' });
      expect(await refusal(c.dl.setResourceSize(c.dev.handle, 9n, 1))).toEqual({ code: 'EINVAL', message: null });
      expect(await refusal(c.dl.reload(c.dev.handle))).toEqual({ code: 'EOPNOTSUPP', message: 'Requested reload action is not supported by the driver' });
    });
  });

  describe(`resources and reload (netdevsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.netdevsim());
    const tree = async () => (await c.dl.getResources(c.dev.handle)).resources.map(function shape(r): unknown {
      return { path: r.path, id: r.id, size: r.size, sizeNew: r.sizeNew, sizeValid: r.sizeValid, children: r.children.map(shape) };
    });
    const leaf = (path: string, id: bigint, size = U64_MAX, sizeNew?: bigint) => ({ path, id, size, sizeNew, sizeValid: undefined, children: [] });

    it('reports the tree; a new size shows beside the size in force until a reload takes it', async () => {
      expect(await tree()).toEqual([
        { path: '/IPv4', id: 1n, size: U64_MAX, sizeNew: undefined, sizeValid: true, children: [leaf('/IPv4/fib', 2n), leaf('/IPv4/fib-rules', 3n)] },
        { path: '/IPv6', id: 4n, size: U64_MAX, sizeNew: undefined, sizeValid: true, children: [leaf('/IPv6/fib', 5n), leaf('/IPv6/fib-rules', 6n)] },
        leaf('/nexthops', 7n),
      ]);
      await c.dl.setResourceSize(c.dev.handle, '/IPv4/fib', 1000);
      expect((await tree())[0]).toMatchObject({ sizeValid: true, children: [leaf('/IPv4/fib', 2n, U64_MAX, 1000n), leaf('/IPv4/fib-rules', 3n)] });
      await c.dl.reload(c.dev.handle);
      expect((await tree())[0]).toMatchObject({ children: [leaf('/IPv4/fib', 2n, 1000n), leaf('/IPv4/fib-rules', 3n)] });
    });

    it('refuses a reload while parts do not fit their parent\'s new size', async () => {
      await c.dl.setResourceSize(c.dev.handle, '/IPv6', 100);
      expect((await tree())[1]).toMatchObject({ size: U64_MAX, sizeNew: 100n, sizeValid: false });
      expect(await refusal(c.dl.reload(c.dev.handle))).toEqual({ code: 'EINVAL', message: 'resources size validation failed' });
      await c.dl.setResourceSize(c.dev.handle, '/IPv6', U64_MAX);
      expect((await tree())[1]).toMatchObject({ sizeNew: undefined, sizeValid: true });
      await c.dl.reload(c.dev.handle);
    });
  });
};
