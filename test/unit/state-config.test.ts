import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { CONFIG_SCHEMA } from '../../src/state/config-schema.js';
import { ConfigError } from '../../src/state/config-source.js';
import { loadDesiredState } from '../../src/state/config-validate.js';
import { BAD_CONFIGS } from './state-config-cases.js';

const root = mkdtempSync(join(tmpdir(), 'devlink-ts-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a case's files into a directory of their own and returns the directory. */
function writeCase(name: string, files: Readonly<Record<string, string>>): string {
  const dir = join(root, name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function errorsOf(path: string): string[] {
  try {
    loadDesiredState(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  return [];
}

describe('config schema', () => {
  it('is a valid JSON Schema (the validator skips that check at run time)', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(ajv.validateSchema(CONFIG_SCHEMA), JSON.stringify(ajv.errors)).toBe(true);
    expect(ajv.validateSchema({ ...CONFIG_SCHEMA, type: 'no-such-type' })).toBe(false);
  });
});

describe('config: bad files, each with its file:line:column message', () => {
  it('has at least 30 cases', () => {
    expect(BAD_CONFIGS.length).toBeGreaterThanOrEqual(30);
  });
  for (const badCase of BAD_CONFIGS) {
    it(badCase.name, () => {
      const dir = writeCase(badCase.name, badCase.files);
      // Messages name the file as found in the directory.
      const expected = badCase.errors.map((line) => line.replace(/\b([ab]\.yaml):/g, (_, file: string) => `${join(dir, file)}:`));
      expect(errorsOf(dir)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    });
  }
});

describe('config: good files', () => {
  it('reads the issue\'s example with every key, typed and with units resolved', () => {
    const dir = writeCase('example', {
      '10-device.yaml': `
devices:
  - handle: pci/0000:08:00.0
    eswitch: { mode: switchdev, inline_mode: none, encap_mode: basic }
    params:
      - { name: flow_steering_mode, value: smfs, cmode: runtime }
      - { name: enable_roce, value: true, cmode: driverinit }
    health:
      - { reporter: fw_fatal, grace_period: 60000, auto_recover: true, auto_dump: false }
    rate_nodes:
      - { name: tenant1, tx_share: 1gbit, tx_max: 10gbit }
      - { name: sub, parent: tenant1, tx_priority: 1, tx_weight: 5 }
    prune: true
`,
      '20-sfs.yaml': `
devices:
  - handle: pci/0000:08:00.0
    sfs:
      - pfnum: 0
        sfnum: 88
        hw_addr: "02:00:00:00:00:58"
        roce: true
        migratable: false
        ipsec_crypto: false
        ipsec_packet: false
        max_io_eqs: 4
        rate: { tx_share: 100mbit, tx_max: 2gbit, tx_priority: 2, tx_weight: 50, parent: tenant1 }
        state: active
        params: [{ name: enable_rdma, value: false, cmode: driverinit }]
        netns: blue
    sf_ranges:
      - { controller: 0, pfnum: 0, sfnum: { from: 100, count: 3 }, hw_addr_base: "02:00:00:00:01:fe", rate: { tx_max: 1gbit, parent: sub } }
  - match: { serial_number: MT2230X00ABC }
    sfs:
      - { pfnum: 1, sfnum: 1, state: inactive, adopt: true }
allow_disruption: false
`,
    });
    const state = loadDesiredState(dir);
    expect(state.devices).toHaveLength(2);
    const [first, second] = state.devices;
    expect(first).toMatchObject({
      selector: { handle: 'pci/0000:08:00.0' },
      eswitch: { mode: 'switchdev', inlineMode: 'none', encapMode: 'basic' },
      prune: true,
      allowDisruption: false,
      health: [{ reporter: 'fw_fatal', gracePeriod: 60000n, autoRecover: true, autoDump: false }],
      rateNodes: [
        { name: 'tenant1', rate: { txShare: 125_000_000n, txMax: 1_250_000_000n } },
        { name: 'sub', rate: { parent: 'tenant1', txPriority: 1, txWeight: 5 } },
      ],
    });
    expect(first!.params.map((p) => [p.name, p.value, p.cmode])).toEqual([['flow_steering_mode', 'smfs', 'runtime'], ['enable_roce', true, 'driverinit']]);
    expect(first!.sfs.map((sf) => [sf.sfnum, sf.hwAddr])).toEqual([
      [88, '02:00:00:00:00:58'], [100, '02:00:00:00:01:fe'], [101, '02:00:00:00:01:ff'], [102, '02:00:00:00:02:00'],
    ]);
    expect(first!.sfs[0]).toMatchObject({
      controller: 0, pfnum: 0, roce: true, migratable: false, ipsecCrypto: false, ipsecPacket: false, maxIoEqs: 4, state: 'active',
      rate: { txShare: 12_500_000n, txMax: 250_000_000n, txPriority: 2, txWeight: 50, parent: 'tenant1' }, netns: 'blue', adopt: false,
    });
    expect(first!.sfs[0]!.params).toMatchObject([{ name: 'enable_rdma', value: false, cmode: 'driverinit' }]);
    expect(first!.sfs[0]!.origin).toEqual({ file: join(dir, '20-sfs.yaml'), line: 5, column: 9 });
    expect(second).toMatchObject({ selector: { serialNumber: 'MT2230X00ABC' }, sfs: [{ pfnum: 1, sfnum: 1, state: 'inactive', adopt: true }] });
  });

  it('reads an empty file as declaring nothing', () => {
    const dir = writeCase('empty', { 'a.yaml': '' });
    expect(loadDesiredState(dir)).toEqual({ devices: [] });
  });

  it('names a missing path', () => {
    expect(errorsOf(join(root, 'nope.yaml'))).toEqual([expect.stringMatching(/nope\.yaml:0:0: cannot read the config: ENOENT/)]);
  });
});

describe('config: the README documents the schema', () => {
  it('names every key the schema accepts', async () => {
    const { readFileSync } = await import('node:fs');
    const { schemaKeys } = await import('../../src/state/config-schema.js');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Declared state'), readme.indexOf('## Development'));
    const missing = [...schemaKeys()].filter((key) => !table.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });
});
