import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributeTree, DevlinkPort } from '../../src/index.js';
import { applyEvent, findPort, sfPortIndex, type ObservedState } from '../../src/state/observed.js';

// The daemon applies every port notification to its observed state: the port list stays in index
// order, a port is replaced, added or removed in place, and the SF port index carried over from
// the previous list (instead of made again) is exactly the one made from the new list.

const DEV = 'pci/0000:08:00.0';
const attributes = {} as unknown as AttributeTree;

function port(index: number, sfnum: number | undefined, state = 'active'): DevlinkPort {
  return {
    handle: `${DEV}/${index}`, busName: 'pci', deviceName: '0000:08:00.0', index,
    ...(sfnum !== undefined ? { flavour: 'pcisf', controller: 0, pfnum: 0, sfnum } : { flavour: 'physical' }),
    function: { state, attributes }, attributes,
  } as DevlinkPort;
}

function observedWith(ports: DevlinkPort[]): ObservedState {
  return { devices: new Map([[DEV, { handle: DEV, params: [], ports, rates: [], healthReporters: [], sfInstances: new Map() }]]) };
}

const event = fc.record({
  index: fc.integer({ min: 0, max: 40 }),
  del: fc.boolean(),
  sf: fc.boolean(),
  state: fc.constantFrom('active', 'inactive'),
});

describe('applyEvent on ports', () => {
  it('keeps index order, and the carried SF index equals one made afresh', () => {
    fc.assert(fc.property(fc.array(event, { maxLength: 60 }), fc.boolean(), (events, indexFirst) => {
      let state = observedWith([port(0, undefined), port(3, 3), port(7, 7)]);
      if (indexFirst) sfPortIndex(state.devices.get(DEV)!);
      for (const e of events) {
        // An index is an SF port or not for good (as in the kernel: a new port gets a new index).
        const p = port(e.index, e.sf && e.index % 2 === 1 ? 1000 + e.index : undefined, e.state);
        const before = state.devices.get(DEV)!;
        sfPortIndex(before);
        state = applyEvent(state, { kind: 'port', action: e.del ? 'del' : 'new', port: p } as never);
        const ports = state.devices.get(DEV)!.ports;
        expect(ports.map((x) => x.index)).toEqual([...new Set(ports.map((x) => x.index))].sort((a, b) => a - b));
        expect(findPort({ ports }, e.index)).toBe(e.del ? undefined : p);
        const carried = sfPortIndex({ ports });
        const fresh = sfPortIndex({ ports: [...ports] });
        expect(carried.list).toEqual(fresh.list);
        expect(new Map([...carried.byKey].sort())).toEqual(new Map([...fresh.byKey].sort()));
      }
    }), { numRuns: 300 });
  });

  it('a list not in index order is still handled (filtered and sorted)', () => {
    const state = observedWith([port(5, 5), port(2, 2)]);
    const next = applyEvent(state, { kind: 'port', action: 'new', port: port(3, 3) } as never);
    expect(next.devices.get(DEV)!.ports.map((p) => p.index)).toEqual([2, 3, 5]);
    expect(findPort(state.devices.get(DEV)!, 5)?.index).toBe(5);
  });
});
