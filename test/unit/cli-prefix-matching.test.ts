import { describe, expect, it } from 'vitest';
import { matchesKeyword } from '../../src/cli/grammar/cursor.js';
import { recordingDevlink, runCli, words } from './cli-harness.js';

const PORT = { busName: 'pci', deviceName: '0000:06:00.0', portIndex: 1 };
const DEV = { busName: 'pci', deviceName: '0000:06:00.0' };
const LEAF = { kind: 'leaf', ...PORT };
const NODE = { kind: 'node', ...DEV, nodeName: 'g1' };

describe('matchesKeyword (iproute2 strcmpx)', () => {
  it.each([
    ['s', 'show', true],
    ['show', 'show', true],
    ['shows', 'show', false],
    ['', 'show', true],
    ['sh', 'set', false],
    ['Show', 'show', false],
  ])('%j vs %j -> %s', (word, keyword, expected) => {
    expect(matchesKeyword(word, keyword)).toBe(expected);
  });
});

/** Command lines with abbreviated words and the library call they must produce. */
const CASES: [line: string, method: string, args: unknown[]][] = [
  ['p s', 'listPorts', [undefined]],
  ['port sh pci/0000:06:00.0', 'listPorts', [DEV]],
  ['po show pci/0000:06:00.0/1', 'getPort', [PORT]],
  ['d', 'listDevices', []],
  ['de l', 'listDevices', []],
  ['dev sh pci/0000:06:00.0', 'getDevice', [DEV]],
  ['dev e se pci/0000:06:00.0 m switchdev', 'setEswitch', [DEV, { mode: 'switchdev' }]],
  ['dev es set pci/0000:06:00.0 inline-m link encap enable', 'setEswitch', [DEV, { inlineMode: 'link', encapMode: 'basic' }]],
  ['dev eswitch set pci/0000:06:00.0 encap-mode none', 'setEswitch', [DEV, { encapMode: 'none' }]],
  ['dev i', 'listInfo', []],
  ['dev p', 'listParams', [undefined]],
  ['dev param show pci/0000:06:00.0', 'listParams', [DEV]],
  ['dev param show pci/0000:06:00.0 n max_macs', 'getParam', [DEV, 'max_macs']],
  ['dev rel pci/0000:06:00.0 a fw_activate l no_reset', 'reload', [DEV, { action: 'fw_activate', limit: 'no_reset' }]],
  ['port set pci/0000:06:00.0/1 t ib', 'setPortType', [PORT, 'ib']],
  ['port spl pci/0000:06:00.0/1 c 4', 'splitPort', [PORT, 4]],
  ['port u pci/0000:06:00.0/1', 'unsplitPort', [PORT]],
  ['port a pci/0000:06:00.0 fl pcisf pf 0 sf 100000 co 1', 'addPort', [DEV, { flavour: 'pcisf', pfnum: 0, sfnum: 100000, controller: 1 }]],
  ['port add pci/0000:06:00.0/7 flavour pcipf pfnum 2', 'addPort', [DEV, { flavour: 'pcipf', pfnum: 2, portIndex: 7 }]],
  ['port d pci/0000:06:00.0/1', 'deletePort', [PORT]],
  [
    'port f s pci/0000:06:00.0/1 h 00:11:22:33:44:55 r enable mig false ipsec_c 1 ipsec_p disable max 8 st active',
    'setPortFunction',
    [PORT, { hwAddr: Uint8Array.of(0, 0x11, 0x22, 0x33, 0x44, 0x55), roce: true, migratable: false, ipsecCrypto: true, ipsecPacket: false, maxIoEqs: 8, state: 'active' }],
  ],
  ['port function set pci/0000:06:00.0/1 state inactive', 'setPortFunction', [PORT, { state: 'inactive' }]],
  ['port fu ra', 'listRates', [undefined]],
  ['port function rate show pci/0000:06:00.0/1', 'getRate', [LEAF]],
  ['port function rate show pci/0000:06:00.0/g1', 'getRate', [NODE]],
  ['rate s pci/0000:06:00.0', 'listRates', [DEV]],
  ['rate add pci/0000:06:00.0/g1 tx_s 10mbit tx_m 1gbit tx_p 3 tx_w 50 p root', 'addRateNode', [
    { ...DEV, nodeName: 'g1' },
    { txShare: 1_250_000n, txMax: 125_000_000n, txPriority: 3, txWeight: 50, parent: 'root' },
  ]],
  ['port function rate set pci/0000:06:00.0/g1 tx 100kbps', 'getRate', [NODE]],
  ['rate set pci/0000:06:00.0/1 nop', 'setRate', [LEAF, { parent: null }]],
  ['rate set pci/0000:06:00.0/1 tc-bw 0:60 1:10 2:0 3:0 4:30 5:0 6:0 7:0', 'setRate', [LEAF, {
    tcBandwidths: [60, 10, 0, 0, 30, 0, 0, 0].map((bw, index) => ({ index, bw })),
  }]],
  ['rate del pci/0000:06:00.0/g1', 'deleteRateNode', [{ ...DEV, nodeName: 'g1' }]],
];

describe('abbreviated command lines reach the right request', () => {
  it.each(CASES)('devlink-ts %s -> %s', async (line, method, args) => {
    const devlink = recordingDevlink();
    const run = await runCli(words(line), { devlink });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const call = devlink.calls.find((c) => c.method === method);
    expect(call, `calls: ${JSON.stringify(devlink.calls.map((c) => c.method))}`).toBeDefined();
    expect(call?.args).toEqual(args);
  });

  it('takes the first keyword in iproute2 order: "t" is type for port set, tx_share for rates', async () => {
    const devlink = recordingDevlink({ getRate: { ...LEAF, type: 'leaf' } });
    await runCli(words('rate set pci/0000:06:00.0/1 t 8'), { devlink });
    expect(devlink.calls.find((c) => c.method === 'setRate')).toEqual({ method: 'setRate', args: [LEAF, { txShare: 1n }] });
  });

  it('accepts global options anywhere, grouped, and in single-dash long form', async () => {
    const devlink = recordingDevlink({ listDevices: [{ ...DEV, nestedDevlinks: [], attributes: { values: {} } }] });
    for (const line of ['-jp dev show', 'dev show -j -p', '-json -pretty dev show', '--json --pretty dev show']) {
      const run = await runCli(words(line), { devlink });
      expect(run.out, line).toBe('{\n    "dev": {\n        "pci/0000:06:00.0": {}\n    }\n}\n');
    }
  });

  it('checks tx_share against the current tx_max when only one is given', async () => {
    const devlink = recordingDevlink({ getRate: { ...LEAF, type: 'leaf', txMax: 125_000n } });
    const run = await runCli(words('rate set pci/0000:06:00.0/1 tx_share 2mbit'), { devlink });
    expect(run.err).toBe('Invalid. Expected tx_share <= tx_max or tx_share == 0.\n');
    expect(run.code).toBe(1);
    expect(devlink.calls.map((c) => c.method)).toEqual(['getRate', 'close']);
  });
});

describe('netdev names as port handles', () => {
  const ports = [{ ...PORT, netdevName: 'eth7' }];

  it('resolves the name among the ports, before the options are checked (as iproute2 does)', async () => {
    const devlink = recordingDevlink({ listPorts: ports });
    const run = await runCli(words('port set eth7 type eth'), { devlink });
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(devlink.calls.find((c) => c.method === 'setPortType')?.args).toEqual([PORT, 'eth']);
    const missing = await runCli(words('port set eth9'), { devlink: recordingDevlink({ listPorts: ports }) });
    expect(missing).toMatchObject({ code: 1, out: '', err: 'Netdevice "eth9" not found\n' });
  });
});
