import { describe, expect, it } from 'vitest';
import type { AttributeTree, DevlinkPort } from '../../src/index.js';
import type { DesiredDevice, DesiredSf, DesiredState } from '../../src/state/desired.js';
import { applyEvent, type ObservedState } from '../../src/state/observed.js';
import { OwnershipSet } from '../../src/state/ownership.js';
import { plan } from '../../src/state/planner.js';

// The planner gives back the plan it made for the same desired state, observed state and
// ownership records (the daemon plans several times per pass), and only then: a change of any
// of the three is a new plan. Its indexes (SF ports per port list, declared keys per SF list)
// must follow a new observed state too.

const DEV = 'pci/0000:08:00.0';
const attributes = {} as unknown as AttributeTree;
const at = { file: 'a.yaml', line: 1, column: 1 };

function sf(sfnum: number): DesiredSf {
  return { controller: 0, pfnum: 0, sfnum, state: 'active', params: [], adopt: false, origin: at, hwAddr: `02:00:00:00:00:0${sfnum}` };
}

function port(index: number, sfnum: number, hwAddr: string): DevlinkPort {
  return {
    handle: `${DEV}/${index}`, busName: 'pci', deviceName: '0000:08:00.0', index, flavour: 'pcisf', controller: 0, pfnum: 0, sfnum,
    function: { hwAddr, state: 'active', opstate: 'attached', attributes },
    attributes,
  } as DevlinkPort;
}

function observedWith(ports: DevlinkPort[]): ObservedState {
  return { devices: new Map([[DEV, { handle: DEV, params: [], ports, rates: [], healthReporters: [], sfInstances: new Map() }]]) };
}

const device: DesiredDevice = { selector: { handle: DEV }, eswitch: {}, params: [], health: [], rateNodes: [], sfs: [sf(1), sf(2)], prune: false, allowDisruption: false, origin: at };
const desired: DesiredState = { devices: [device] };
const record = (sfnum: number) => ({ deviceKey: `handle:${DEV}`, kind: 'sf' as const, id: `0/0/${sfnum}` });

describe('plan reuse', () => {
  it('gives back the same plan for the same inputs, and a new one when the records change', async () => {
    const owned = new OwnershipSet([record(1)]);
    const observed = observedWith([port(32768, 1, '02:00:00:00:00:01'), port(32769, 2, '02:00:00:00:00:02')]);
    const first = plan(desired, observed, owned);
    expect(first.operations).toEqual([]);
    expect(first.problems.map((p) => p.message)).toEqual([`foreign SF (port ${DEV}/32769) is as declared; not managed (set adopt: true to manage it)`]);
    expect(plan(desired, observed, owned)).toBe(first);

    await owned.add([record(2)]);
    const second = plan(desired, observed, owned);
    expect(second.problems).toEqual([]);

    await owned.remove([record(2)]);
    expect(plan(desired, observed, owned).problems).toHaveLength(1);
  });

  it('plans anew for another desired state or view, and for the state after an event', () => {
    const owned = new OwnershipSet([record(1), record(2)]);
    const observed = observedWith([port(32768, 1, '02:00:00:00:00:01'), port(32769, 2, '02:00:00:00:00:02')]);
    const first = plan(desired, observed, owned);
    expect(first.operations).toEqual([]);
    const fewer: DesiredState = { devices: [{ ...device, sfs: [sf(1)], prune: true }] };
    expect(plan(fewer, observed, owned).operations.map((op) => op.kind)).toEqual(['state-set', 'wait-opstate', 'port-del']);
    expect(plan(desired, observed, new OwnershipSet([record(1)])).problems).toHaveLength(1);

    // SF 2's MAC changed: the new observed state's port list is indexed afresh.
    const changed = applyEvent(observed, { kind: 'port', action: 'new', port: port(32769, 2, '02:00:00:00:00:99') } as never);
    expect(plan(desired, changed, owned).operations.map((op) => [op.kind, op.object])).toEqual([['function-set', `${DEV} sf 0/2`]]);
    // SF 2 deleted: planned to be added again.
    const deleted = applyEvent(changed, { kind: 'port', action: 'del', port: port(32769, 2, '02:00:00:00:00:99') } as never);
    expect(plan(desired, deleted, owned).operations.map((op) => op.kind)).toEqual(['port-add', 'function-set', 'state-set', 'wait-opstate']);
  });
});
