import { describe, expect, it } from 'vitest';
import type { AttributeTree, DevlinkPort } from '../../src/index.js';
import { computeStatus, type NetnsView, type StatusInput } from '../../src/daemon/status.js';
import type { DesiredSf, DesiredState } from '../../src/state/desired.js';
import type { ObservedState } from '../../src/state/observed.js';
import type { Operation, Plan } from '../../src/state/operations.js';

// An SF's conditions and error as a table: what the kernel shows x the daemon's views, failures
// and plan -> the conditions in order (the first unmet one's reason is the SF's error).

const DEV = 'pci/0000:08:00.0';
const attributes = {} as unknown as AttributeTree;
const at = { file: 'a.yaml', line: 1, column: 1 };
const OBJECT = `${DEV} sf 0/7`;
const INSTANCE = 'auxiliary/sfsim.sf.7';

function sf(fields: Partial<DesiredSf> = {}): DesiredSf {
  return { controller: 0, pfnum: 0, sfnum: 7, state: 'active', params: [], adopt: false, origin: at, ...fields };
}

function port(fn: { state: 'active' | 'inactive'; opstate: 'attached' | 'detached'; instance?: boolean }): DevlinkPort {
  return {
    handle: `${DEV}/32775`, busName: 'pci', deviceName: '0000:08:00.0', index: 32775, flavour: 'pcisf', controller: 0, pfnum: 0, sfnum: 7,
    function: { hwAddr: '02:00:00:00:00:07', state: fn.state, opstate: fn.opstate, ...(fn.instance ? { devlink: { handle: INSTANCE } } : {}), attributes },
    attributes,
  } as DevlinkPort;
}

interface Row {
  name: string;
  sf?: DesiredSf;
  port?: DevlinkPort;
  device?: boolean;
  view?: NetnsView;
  operations?: Operation['kind'][];
  failure?: string;
  waiting?: string;
  rdma?: boolean;
  conditions: string[];
  error: string | null;
}

const VIEW: NetnsView = { devices: new Set([INSTANCE]), netdevOf: new Map([[INSTANCE, 'eth7']]) };
const READY = port({ state: 'active', opstate: 'attached', instance: true });
const MET = ['created', 'configured', 'active', 'attached', 'devlink', 'netdev'];

const ROWS: Row[] = [
  { name: 'ready', port: READY, view: VIEW, conditions: MET, error: null },
  { name: 'ready with its RDMA device', port: READY, view: VIEW, rdma: true, conditions: [...MET, 'rdma'], error: null },
  { name: 'no RDMA device yet', port: READY, view: VIEW, rdma: false, conditions: [...MET, 'rdma: the driver has not made its RDMA device yet'], error: 'rdma: the driver has not made its RDMA device yet' },
  {
    name: 'device absent', device: false,
    conditions: ['created: its device is not present', 'configured: function attributes or rate differ from the config', 'active: function state is unknown', 'attached: opstate is unknown', 'devlink: the function reports no devlink instance yet', 'netdev: no netdev yet'],
    error: 'created: its device is not present',
  },
  {
    name: 'no port yet',
    conditions: ['created: the SF port does not exist', 'configured: function attributes or rate differ from the config', 'active: function state is unknown', 'attached: opstate is unknown', 'devlink: the function reports no devlink instance yet', 'netdev: no netdev yet'],
    error: 'created: the SF port does not exist',
  },
  {
    name: 'configuration pending', port: READY, view: VIEW, operations: ['function-set', 'wait-opstate'],
    conditions: ['created', 'configured: function attributes or rate differ from the config', 'active', 'attached', 'devlink', 'netdev'],
    error: 'configured: function attributes or rate differ from the config',
  },
  { name: 'only a state change pending', port: READY, view: VIEW, operations: ['state-set'], conditions: MET, error: null },
  {
    name: 'inactive, not attached', port: port({ state: 'inactive', opstate: 'detached' }), view: VIEW,
    conditions: ['created', 'configured', 'active: function state is inactive', 'attached: opstate is detached', 'devlink: the function reports no devlink instance yet', 'netdev: no netdev yet'],
    error: 'active: function state is inactive',
  },
  {
    name: 'instance not in its netns', sf: sf({ netns: 'blue' }), port: READY, view: VIEW,
    conditions: ['created', 'configured', 'active', 'attached', `devlink: ${INSTANCE} is not present in netns blue`, 'netdev: no netdev in netns blue yet'],
    error: `devlink: ${INSTANCE} is not present in netns blue`,
  },
  {
    name: 'instance without a netdev', port: READY, view: { devices: VIEW.devices, netdevOf: new Map() },
    conditions: ['created', 'configured', 'active', 'attached', 'devlink', 'netdev: no netdev yet'], error: 'netdev: no netdev yet',
  },
  {
    name: 'a failure is the error', port: READY, view: VIEW, rdma: false, failure: 'EBUSY: busy',
    conditions: [...MET, 'rdma: the driver has not made its RDMA device yet'], error: 'EBUSY: busy',
  },
  { name: 'a failure of a ready SF is no error', port: READY, view: VIEW, failure: 'EBUSY: busy', conditions: MET, error: null },
  {
    name: 'waiting', sf: sf({ netns: 'blue' }), port: READY, waiting: 'waiting for netns blue to exist',
    conditions: ['created', 'configured', 'active', 'attached', `devlink: ${INSTANCE} is not present in netns blue`, 'netdev: no netdev in netns blue yet'],
    error: 'waiting for netns blue to exist',
  },
  { name: 'declared inactive and inactive', sf: sf({ state: 'inactive' }), port: port({ state: 'inactive', opstate: 'detached' }), conditions: ['created', 'configured', 'active'], error: null },
  {
    name: 'declared inactive, still active', sf: sf({ state: 'inactive' }), port: READY, view: VIEW,
    conditions: ['created', 'configured', 'active: function state is active (declared inactive)'], error: 'active: function state is active (declared inactive)',
  },
];

function statusOf(row: Row) {
  const desired: DesiredState = { devices: [{ selector: { handle: DEV }, eswitch: {}, params: [], health: [], rateNodes: [], sfs: [row.sf ?? sf()], prune: false, allowDisruption: false, origin: at }] };
  const observed: ObservedState = {
    devices: row.device === false ? new Map() : new Map([[DEV, { handle: DEV, params: [], ports: row.port ? [row.port] : [], rates: [], healthReporters: [], sfInstances: new Map() }]]),
  };
  const base = { device: DEV, object: OBJECT, phase: 2, sf: { controller: 0, pfnum: 0, sfnum: 7 } } as const;
  const plan: Plan = { operations: (row.operations ?? []).map((kind) => ({ ...base, kind }) as Operation), problems: [], forget: [] };
  const input: StatusInput = {
    desired, observed, plan, views: new Map(row.view ? [['', row.view]] : []),
    failures: new Map(row.failure ? [[OBJECT, row.failure]] : []), waiting: new Map(row.waiting ? [[OBJECT, row.waiting]] : []),
    rdma: () => row.rdma, generation: 1, appliedGeneration: 1, config: 'c', rejectedConfig: null, lastSuccess: null,
  };
  return computeStatus(input);
}

describe('computeStatus: an SF\'s conditions', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const status = statusOf(row);
      const [sfStatus] = status.sfs;
      expect(sfStatus!.conditions.map((c) => (c.status ? c.type : `${c.type}: ${c.reason}`))).toEqual(row.conditions);
      expect(sfStatus!.conditions.every((c) => (c.status ? !('reason' in c) : typeof c.reason === 'string'))).toBe(true);
      expect(sfStatus!.ready).toBe(row.error === null);
      expect(sfStatus!.error).toBe(row.error);
      expect(JSON.parse(JSON.stringify(sfStatus))).toMatchObject({ object: row.device === false ? `${DEV} sf 0/7` : OBJECT, ready: row.error === null });
    });
  }

  it('the same SF list with its device gone and back names it the same way', () => {
    const gone = statusOf({ name: '', device: false, conditions: [], error: null });
    const back = statusOf({ name: '', port: READY, view: VIEW, conditions: [], error: null });
    expect([gone.sfs[0]!.object, back.sfs[0]!.object]).toEqual([OBJECT, OBJECT]);
  });
});

describe('computeStatus: a settled SF\'s status is handed back unchanged', () => {
  const declared = sf();
  const input = (port: DevlinkPort, view: NetnsView): StatusInput => ({
    desired: { devices: [{ selector: { handle: DEV }, eswitch: {}, params: [], health: [], rateNodes: [], sfs: [declared], prune: false, allowDisruption: false, origin: at }] },
    observed: { devices: new Map([[DEV, { handle: DEV, params: [], ports: [port], rates: [], healthReporters: [], sfInstances: new Map() }]]) },
    plan: { operations: [], problems: [], forget: [] }, views: new Map([['', view]]), failures: new Map(), waiting: new Map(),
    rdma: () => undefined, generation: 1, appliedGeneration: 1, config: 'c', rejectedConfig: null, lastSuccess: null,
  });

  it('the same object while what it shows is the same (a new but equal port too), a new one when it differs', () => {
    const first = computeStatus(input(READY, VIEW)).sfs[0]!;
    expect(first.ready).toBe(true);
    const equalPort = port({ state: 'active', opstate: 'attached', instance: true });
    expect(computeStatus(input(equalPort, VIEW)).sfs[0]).toBe(first);
    const otherNetdev = computeStatus(input(READY, { devices: VIEW.devices, netdevOf: new Map([[INSTANCE, 'eth8']]) })).sfs[0]!;
    expect(otherNetdev).not.toBe(first);
    expect(otherNetdev.netdev).toBe('eth8');
    const notReady = computeStatus(input(port({ state: 'active', opstate: 'detached', instance: true }), VIEW)).sfs[0]!;
    expect(notReady.ready).toBe(false);
    const readyAgain = computeStatus(input(equalPort, VIEW)).sfs[0]!;
    expect(readyAgain).toEqual(first);
    expect(readyAgain.netdev).toBe('eth7');
  });
});
