import { describe, expect, it } from 'vitest';
import type { AttributeTree, DevlinkParam, DevlinkPort, DevlinkRate } from '../../src/index.js';
import type { DesiredDevice, DesiredSf, DesiredState } from '../../src/state/desired.js';
import type { ObservedDevice, ObservedState } from '../../src/state/observed.js';
import { OwnershipSet } from '../../src/state/ownership.js';
import { plan } from '../../src/state/planner.js';
import { renderOperation, renderOperationsJson } from '../../src/state/render.js';
import type { Plan } from '../../src/state/operations.js';

// The planner as tables: desired x observed x ownership -> the devlink command lines it plans.

const DEV = 'pci/0000:08:00.0';
/** Decoded attribute trees are not what the planner reads. */
const attributes = {} as unknown as AttributeTree;
const at = { file: 'a.yaml', line: 1, column: 1 };

function sf(sfnum: number, fields: Partial<DesiredSf> = {}): DesiredSf {
  return { controller: 0, pfnum: 0, sfnum, state: 'active', params: [], adopt: false, origin: at, ...fields };
}

function device(fields: Partial<DesiredDevice> = {}): DesiredDevice {
  return { selector: { handle: DEV }, eswitch: {}, params: [], health: [], rateNodes: [], sfs: [], prune: false, allowDisruption: false, origin: at, ...fields };
}

/** An SF port as the kernel reports it. */
function port(index: number, sfnum: number, fn: { hwAddr?: string; state?: 'active' | 'inactive'; roce?: boolean; maxIoEqs?: number } = {}): DevlinkPort {
  const state = fn.state ?? 'active';
  return {
    handle: `${DEV}/${index}`, busName: 'pci', deviceName: '0000:08:00.0', index, flavour: 'pcisf', controller: 0, pfnum: 0, sfnum,
    function: {
      hwAddr: fn.hwAddr ?? '00:00:00:00:00:00', state, opstate: state === 'active' ? 'attached' : 'detached',
      caps: { roce: fn.roce ?? true, raw: { value: 0, selector: 0 } }, maxIoEqs: fn.maxIoEqs ?? 8, attributes,
    },
    attributes,
  } as DevlinkPort;
}

function leaf(index: number, fields: Partial<DevlinkRate> = {}): DevlinkRate {
  return { handle: `${DEV}/${index}`, busName: 'pci', deviceName: '0000:08:00.0', type: 'leaf', index, txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0, attributes, ...fields } as DevlinkRate;
}

function node(name: string, fields: Partial<DevlinkRate> = {}): DevlinkRate {
  return { handle: `${DEV}/${name}`, busName: 'pci', deviceName: '0000:08:00.0', type: 'node', nodeName: name, txShare: 0n, txMax: 0n, txPriority: 0, txWeight: 0, attributes, ...fields } as DevlinkRate;
}

function param(name: string, type: DevlinkParam['type'], cmode: 'runtime' | 'driverinit', value: DevlinkParam['values'][number]['value']): DevlinkParam {
  return { handle: DEV, busName: 'pci', deviceName: '0000:08:00.0', name, generic: true, type, values: [{ cmode, value }], attributes } as unknown as DevlinkParam;
}

function observed(fields: Partial<ObservedDevice> = {}, handle = DEV): ObservedState {
  const dev: ObservedDevice = {
    handle, eswitch: { handle, busName: handle.split('/')[0]!, deviceName: handle.split('/')[1]!, mode: 'switchdev', inlineMode: 'none', encapMode: 'basic', attributes },
    params: [], ports: [], rates: [], healthReporters: [], sfInstances: new Map(), ...fields,
  };
  return { devices: new Map([[handle, dev]]) };
}

const owned = (...sfnums: number[]): OwnershipSet => new OwnershipSet(sfnums.map((n) => ({ deviceKey: `handle:${DEV}`, kind: 'sf' as const, id: `0/0/${n}` })));
const commands = (p: Plan): string[] => p.operations.map(renderOperation);
const errors = (p: Plan): string[] => p.problems.filter((x) => x.severity === 'error').map((x) => x.message);
const notices = (p: Plan): string[] => p.problems.filter((x) => x.severity === 'notice').map((x) => x.message);
const desiredOf = (...devices: DesiredDevice[]): DesiredState => ({ devices });

const FULL = sf(88, {
  hwAddr: '02:00:00:00:00:58', roce: false, maxIoEqs: 4,
  rate: { txShare: 12_500_000n, txMax: 250_000_000n, txPriority: 2, txWeight: 50, parent: 'tenant1' },
});
const TENANT = { name: 'tenant1', rate: { txShare: 125_000_000n, txMax: 1_250_000_000n }, origin: at };

interface Row {
  name: string;
  desired: DesiredState;
  observed: ObservedState;
  owned?: OwnershipSet;
  commands: string[];
  errors?: string[];
  notices?: string[];
}

const ROWS: Row[] = [
  {
    name: 'from empty: rate node, then the SF: add, attributes while inactive, rate leaf, activate, wait',
    desired: desiredOf(device({ rateNodes: [TENANT], sfs: [FULL] })),
    observed: observed(),
    commands: [
      `port function rate add ${DEV}/tenant1 tx_share 1Gbit tx_max 10Gbit`,
      `port add ${DEV} flavour pcisf pfnum 0 sfnum 88`,
      `port function set <new port ${DEV} pfnum 0 sfnum 88> hw_addr 02:00:00:00:00:58 roce disable max_io_eqs 4`,
      `port function rate set <new port ${DEV} pfnum 0 sfnum 88> tx_share 100Mbit tx_max 2Gbit tx_priority 2 tx_weight 50 parent tenant1`,
      `port function set <new port ${DEV} pfnum 0 sfnum 88> state active`,
      `# wait until <new port ${DEV} pfnum 0 sfnum 88> opstate is attached`,
    ],
  },
  {
    name: 'converged: nothing',
    desired: desiredOf(device({ rateNodes: [TENANT], sfs: [FULL] })),
    observed: observed({
      ports: [port(32768, 88, { hwAddr: '02:00:00:00:00:58', roce: false, maxIoEqs: 4 })],
      rates: [node('tenant1', { txShare: 125_000_000n, txMax: 1_250_000_000n }), leaf(32768, { txShare: 12_500_000n, txMax: 250_000_000n, txPriority: 2, txWeight: 50, parent: 'tenant1' })],
    }),
    owned: owned(88),
    commands: [],
  },
  {
    name: 'drift: a MAC changed on an active SF is set live, a rate changed is set, a deleted SF is re-created',
    desired: desiredOf(device({ sfs: [sf(1, { hwAddr: '02:00:00:00:00:01', rate: { txMax: 125_000_000n } }), sf(2, { hwAddr: '02:00:00:00:00:02' }), sf(3)] })),
    observed: observed({ ports: [port(32768, 1, { hwAddr: '02:00:00:00:00:99' }), port(32769, 2, { hwAddr: '02:00:00:00:00:02' })], rates: [leaf(32768, { txMax: 1000n }), leaf(32769)] }),
    owned: owned(1, 2, 3),
    commands: [
      `port function set ${DEV}/32768 hw_addr 02:00:00:00:00:01`,
      `port function rate set ${DEV}/32768 tx_max 1Gbit`,
      `port add ${DEV} flavour pcisf pfnum 0 sfnum 3`,
      `port function set <new port ${DEV} pfnum 0 sfnum 3> state active`,
      `# wait until <new port ${DEV} pfnum 0 sfnum 3> opstate is attached`,
    ],
  },
  {
    name: 'keys not written are left alone (roce, max_io_eqs, rate of an SF declaring only its MAC)',
    desired: desiredOf(device({ sfs: [sf(1, { hwAddr: '02:00:00:00:00:01' })] })),
    observed: observed({ ports: [port(32768, 1, { hwAddr: '02:00:00:00:00:01', roce: false, maxIoEqs: 99 })], rates: [leaf(32768, { txMax: 5n })] }),
    owned: owned(1),
    commands: [],
  },
  {
    name: 'MAC compared case-insensitively',
    desired: desiredOf(device({ sfs: [sf(1, { hwAddr: '02:aa:00:00:00:01' })] })),
    observed: observed({ ports: [port(32768, 1, { hwAddr: '02:AA:00:00:00:01' })] }),
    owned: owned(1),
    commands: [],
  },
  {
    name: 'a foreign SF not declared is left alone and reported',
    desired: desiredOf(device({ prune: true, sfs: [] })),
    observed: observed({ ports: [port(32768, 7)] }),
    commands: [],
    notices: [`foreign SF (port ${DEV}/32768, not created by devlink-ts): left alone`],
  },
  {
    name: 'a foreign SF declared differently is not changed: an error says to adopt it',
    desired: desiredOf(device({ sfs: [sf(7, { hwAddr: '02:00:00:00:00:07' })] })),
    observed: observed({ ports: [port(32768, 7)] }),
    commands: [],
    errors: [`foreign SF (port ${DEV}/32768, not created by devlink-ts) differs from the config: not changed (set adopt: true to manage it)`],
  },
  {
    name: 'a foreign SF as declared is a notice only',
    desired: desiredOf(device({ sfs: [sf(7)] })),
    observed: observed({ ports: [port(32768, 7)] }),
    commands: [],
    notices: [`foreign SF (port ${DEV}/32768) is as declared; not managed (set adopt: true to manage it)`],
  },
  {
    name: 'adopt: recorded as owned, then changed like an owned SF',
    desired: desiredOf(device({ sfs: [sf(7, { hwAddr: '02:00:00:00:00:07', adopt: true })] })),
    observed: observed({ ports: [port(32768, 7)] }),
    commands: [`# adopt ${DEV}/32768 (record it as owned by devlink-ts)`, `port function set ${DEV}/32768 hw_addr 02:00:00:00:00:07`],
  },
  {
    name: 'prune: an owned SF no file declares is deactivated, waited for and deleted; a foreign one stays',
    desired: desiredOf(device({ prune: true, sfs: [sf(1)] })),
    observed: observed({ ports: [port(32768, 1), port(32769, 2), port(32770, 3, { state: 'inactive' }), port(32771, 4)] }),
    owned: owned(1, 2, 3),
    commands: [
      `port function set ${DEV}/32769 state inactive`,
      `# wait until ${DEV}/32769 opstate is detached`,
      `port del ${DEV}/32769`,
      `port del ${DEV}/32770`,
    ],
    notices: [`foreign SF (port ${DEV}/32771, not created by devlink-ts): left alone`],
  },
  {
    name: 'without prune an owned undeclared SF stays',
    desired: desiredOf(device({ sfs: [] })),
    observed: observed({ ports: [port(32769, 2)] }),
    owned: owned(2),
    commands: [],
  },
  {
    name: 'roce/max_io_eqs of an active SF: refused without allow_disruption (the MAC still changes)',
    desired: desiredOf(device({ sfs: [sf(1, { roce: false, maxIoEqs: 4, hwAddr: '02:00:00:00:00:01' })] })),
    observed: observed({ ports: [port(32768, 1)] }),
    owned: owned(1),
    commands: [`port function set ${DEV}/32768 hw_addr 02:00:00:00:00:01`],
    errors: [`changing roce, max_io_eqs of active SF ${DEV}/32768 needs it inactive, refused (set allow_disruption: true to allow it)`],
  },
  {
    name: 'roce/max_io_eqs of an active SF with allow_disruption: deactivate, set, reactivate',
    desired: desiredOf(device({ allowDisruption: true, sfs: [sf(1, { roce: false, maxIoEqs: 4 })] })),
    observed: observed({ ports: [port(32768, 1)] }),
    owned: owned(1),
    commands: [
      `port function set ${DEV}/32768 state inactive`,
      `# wait until ${DEV}/32768 opstate is detached`,
      `port function set ${DEV}/32768 roce disable max_io_eqs 4`,
      `port function set ${DEV}/32768 state active`,
      `# wait until ${DEV}/32768 opstate is attached`,
    ],
  },
  {
    name: 'an SF declared inactive is deactivated first, then its inactive-only attributes set',
    desired: desiredOf(device({ sfs: [sf(1, { state: 'inactive', maxIoEqs: 2 })] })),
    observed: observed({ ports: [port(32768, 1)] }),
    owned: owned(1),
    commands: [`port function set ${DEV}/32768 state inactive`, `# wait until ${DEV}/32768 opstate is detached`, `port function set ${DEV}/32768 max_io_eqs 2`],
  },
  {
    name: 'eswitch mode with SFs present is refused; inline mode still set',
    desired: desiredOf(device({ eswitch: { mode: 'legacy', inlineMode: 'link' } })),
    observed: observed({ ports: [port(32768, 1)] }),
    commands: [`dev eswitch set ${DEV} inline-mode link`],
    errors: ['eswitch mode switchdev -> legacy refused: 1 SF(s) present would be lost (set allow_disruption: true to allow it)'],
    notices: [`foreign SF (port ${DEV}/32768, not created by devlink-ts): left alone`],
  },
  {
    name: 'device order: runtime params, eswitch mode, driverinit params and one reload, then SFs',
    desired: desiredOf(device({
      eswitch: { mode: 'switchdev' },
      params: [
        { name: 'enable_roce', value: true, cmode: 'driverinit', origin: at },
        { name: 'flow_steering_mode', value: 'smfs', cmode: 'runtime', origin: at },
        { name: 'max_macs', value: 16, cmode: 'driverinit', origin: at },
      ],
      sfs: [sf(1, { state: 'inactive' })],
    })),
    observed: observed({
      eswitch: { handle: DEV, busName: 'pci', deviceName: '0000:08:00.0', mode: 'legacy', attributes },
      params: [param('enable_roce', 'bool', 'driverinit', false), param('flow_steering_mode', 'string', 'runtime', 'dmfs'), param('max_macs', 'u32', 'driverinit', 8)],
    }),
    commands: [
      `dev param set ${DEV} name flow_steering_mode value smfs cmode runtime`,
      `dev eswitch set ${DEV} mode switchdev`,
      `dev param set ${DEV} name enable_roce value true cmode driverinit`,
      `dev param set ${DEV} name max_macs value 16 cmode driverinit`,
      `dev reload ${DEV}`,
      `port add ${DEV} flavour pcisf pfnum 0 sfnum 1`,
    ],
  },
  {
    name: 'params already right: no reload',
    desired: desiredOf(device({ params: [{ name: 'enable_roce', value: 'true', cmode: 'driverinit', origin: at }] })),
    observed: observed({ params: [param('enable_roce', 'bool', 'driverinit', true)] }),
    commands: [],
  },
  {
    name: 'a param value that does not fit the kernel\'s type, and an unknown param',
    desired: desiredOf(device({ params: [{ name: 'max_macs', value: 'many', cmode: 'driverinit', origin: at }, { name: 'nope', value: 1, cmode: 'runtime', origin: at }] })),
    observed: observed({ params: [param('max_macs', 'u32', 'driverinit', 8)] }),
    commands: [],
    errors: ['param max_macs: expected a u32 number (0-4294967295), got "many" (declared at a.yaml:1:1)', 'no parameter nope (declared at a.yaml:1:1)'],
  },
  {
    name: 'driverinit params with SFs present: reload refused',
    desired: desiredOf(device({ params: [{ name: 'enable_roce', value: false, cmode: 'driverinit', origin: at }], sfs: [sf(1)] })),
    observed: observed({ params: [param('enable_roce', 'bool', 'driverinit', true)], ports: [port(32768, 1)] }),
    owned: owned(1),
    commands: [],
    errors: ['driverinit params (enable_roce) need a dev reload, refused: 1 SF(s) present (set allow_disruption: true to allow it)'],
  },
  {
    name: 'rate nodes: parents first whatever the declared order; an existing node only gets its differences',
    desired: desiredOf(device({ rateNodes: [
      { name: 'leafy', rate: { parent: 'mid', txWeight: 3 }, origin: at },
      { name: 'mid', rate: { parent: 'root' }, origin: at },
      { name: 'root', rate: { txMax: 1_250_000_000n, txShare: 1000n }, origin: at },
    ] })),
    observed: observed({ rates: [node('root', { txMax: 1_250_000_000n, txShare: 1n })] }),
    commands: [
      `port function rate set ${DEV}/root tx_share 8Kbit`,
      `port function rate add ${DEV}/mid parent root`,
      `port function rate add ${DEV}/leafy tx_weight 3 parent mid`,
    ],
  },
  {
    name: 'rates that iproute2 units cannot print exactly are written in Bps',
    desired: desiredOf(device({ rateNodes: [{ name: 'odd', rate: { txMax: 1_234_567n }, origin: at }] })),
    observed: observed(),
    commands: [`port function rate add ${DEV}/odd tx_max 1234567Bps`],
  },
  {
    name: 'prune: owned rate nodes no longer declared go after the SFs, children first; foreign nodes stay',
    desired: desiredOf(device({ prune: true })),
    observed: observed({ rates: [node('top'), node('child', { parent: 'top' }), node('theirs')], ports: [port(32768, 1)] }),
    owned: new OwnershipSet([
      { deviceKey: `handle:${DEV}`, kind: 'sf', id: '0/0/1' },
      { deviceKey: `handle:${DEV}`, kind: 'rate-node', id: 'top' },
      { deviceKey: `handle:${DEV}`, kind: 'rate-node', id: 'child' },
    ]),
    commands: [
      `port function set ${DEV}/32768 state inactive`,
      `# wait until ${DEV}/32768 opstate is detached`,
      `port del ${DEV}/32768`,
      `port function rate del ${DEV}/child`,
      `port function rate del ${DEV}/top`,
    ],
  },
  {
    name: 'health reporters last, only their differences',
    desired: desiredOf(device({ health: [{ reporter: 'fw_fatal', gracePeriod: 60000n, autoRecover: true, origin: at }, { reporter: 'gone', origin: at }], sfs: [sf(1, { state: 'inactive' })] })),
    observed: observed({ healthReporters: [{ handle: DEV, busName: 'pci', deviceName: '0000:08:00.0', name: 'fw_fatal', state: 'healthy', errorCount: 0n, recoverCount: 0n, gracefulPeriod: 500n, autoRecover: true, attributes }] }),
    commands: [`port add ${DEV} flavour pcisf pfnum 0 sfnum 1`, `health set ${DEV} reporter fw_fatal grace_period 60000`],
    errors: ['no health reporter gone (declared at a.yaml:1:1)'],
  },
  {
    name: 'a device that is not there',
    desired: desiredOf(device({ selector: { handle: 'pci/0000:99:00.0' }, sfs: [sf(1)] })),
    observed: observed(),
    commands: [],
    errors: ['device pci/0000:99:00.0 not found (declared at a.yaml:1:1)'],
  },
  {
    name: 'a device matched by serial number; its records are keyed by serial',
    desired: desiredOf(device({ selector: { serialNumber: 'MT1' }, prune: true })),
    observed: observed({ serialNumber: 'MT1', ports: [port(32768, 5)] }),
    owned: new OwnershipSet([{ deviceKey: 'serial:MT1', kind: 'sf', id: '0/0/5' }]),
    commands: [`port function set ${DEV}/32768 state inactive`, `# wait until ${DEV}/32768 opstate is detached`, `port del ${DEV}/32768`],
  },
  {
    name: 'SF instance params and netns: set after attach, one reload that also moves it',
    desired: desiredOf(device({ sfs: [sf(1, { netns: 'blue', params: [{ name: 'enable_rdma', value: false, cmode: 'driverinit', origin: at }] })] })),
    observed: observed(),
    commands: [
      `port add ${DEV} flavour pcisf pfnum 0 sfnum 1`,
      `port function set <new port ${DEV} pfnum 0 sfnum 1> state active`,
      `# wait until <new port ${DEV} pfnum 0 sfnum 1> opstate is attached`,
      `dev param set <instance of new port ${DEV} pfnum 0 sfnum 1> name enable_rdma value false cmode driverinit`,
      `dev reload <instance of new port ${DEV} pfnum 0 sfnum 1> netns blue`,
    ],
  },
  {
    name: 'SF instance already in its netns with its params: nothing',
    desired: desiredOf(device({ sfs: [sf(1, { netns: 'blue', params: [{ name: 'enable_rdma', value: false, cmode: 'driverinit', origin: at }] })] })),
    observed: observed({
      ports: [port(32768, 1)],
      sfInstances: new Map([[`${DEV}/32768`, { handle: 'auxiliary/sfsim.sf.1', netns: 'blue', params: [{ ...param('enable_rdma', 'bool', 'driverinit', false), handle: 'auxiliary/sfsim.sf.1' }] }]]),
    }),
    owned: owned(1),
    commands: [],
  },
  {
    name: 'controller numbers other than 0 are written out',
    desired: desiredOf(device({ sfs: [sf(9, { controller: 1, state: 'inactive' })] })),
    observed: observed(),
    commands: [`port add ${DEV} flavour pcisf pfnum 0 sfnum 9 controller 1`],
  },
];

describe('planner tables', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const result = plan(row.desired, row.observed, row.owned ?? new OwnershipSet());
      expect(commands(result)).toEqual(row.commands);
      expect(errors(result)).toEqual(row.errors ?? []);
      expect(notices(result)).toEqual(row.notices ?? []);
    });
  }
});

describe('planner properties', () => {
  it('is pure: the same inputs give the same plan, and the inputs are not changed', () => {
    const row = ROWS[0]!;
    const before = JSON.stringify([...row.observed.devices.values()].map((d) => d.ports.length));
    const a = plan(row.desired, row.observed, new OwnershipSet());
    const b = plan(row.desired, row.observed, new OwnershipSet());
    expect(renderOperationsJson(a.operations)).toBe(renderOperationsJson(b.operations));
    expect(JSON.stringify([...row.observed.devices.values()].map((d) => d.ports.length))).toBe(before);
  });

  it('orders by phase across devices: every device\'s settings and rate nodes before any SF, removals of nodes last', () => {
    const other = 'pci/0000:09:00.0';
    const state: ObservedState = { devices: new Map([...observed().devices, ...observed({ eswitch: { handle: other, busName: other.split('/')[0]!, deviceName: other.split('/')[1]!, mode: 'legacy', attributes } }, other).devices]) };
    const result = plan(desiredOf(
      device({ sfs: [sf(1, { state: 'inactive' })] }),
      device({ selector: { handle: other }, eswitch: { mode: 'switchdev' }, rateNodes: [TENANT] }),
    ), state, new OwnershipSet());
    expect(commands(result)).toEqual([
      `dev eswitch set ${other} mode switchdev`,
      `port function rate add ${other}/tenant1 tx_share 1Gbit tx_max 10Gbit`,
      `port add ${DEV} flavour pcisf pfnum 0 sfnum 1`,
    ]);
  });

  it('drops records of owned objects that neither exist nor are declared', () => {
    const result = plan(desiredOf(device({ sfs: [sf(1)] })), observed(), new OwnershipSet([
      { deviceKey: `handle:${DEV}`, kind: 'sf', id: '0/0/1' },
      { deviceKey: `handle:${DEV}`, kind: 'sf', id: '0/0/2' },
      { deviceKey: `handle:${DEV}`, kind: 'rate-node', id: 'old' },
    ]));
    expect(result.forget).toEqual([{ deviceKey: `handle:${DEV}`, kind: 'sf', id: '0/0/2' }, { deviceKey: `handle:${DEV}`, kind: 'rate-node', id: 'old' }]);
  });

  it('renders JSON as {"operations":[...]} with each command', () => {
    const result = plan(desiredOf(device({ sfs: [sf(1, { state: 'inactive' })] })), observed(), new OwnershipSet());
    expect(JSON.parse(renderOperationsJson(result.operations))).toEqual({
      operations: [{ command: `port add ${DEV} flavour pcisf pfnum 0 sfnum 1`, kind: 'port-add', object: `${DEV} sf 0/1` }],
    });
    expect(renderOperationsJson([])).toBe('{"operations":[]}');
  });
});
