import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { CONFIG_SCHEMA } from '../../src/state/config-schema.js';
import generatedValidator from '../../src/state/config-validator.generated.js';
import { CONFIG_VALIDATOR_OPTIONS, configValidatorSource } from '../../scripts/config-validator/source.js';

// The config validator is ajv's standalone code, generated ahead of time and committed
// (src/state/config-validator.generated.ts); these tests keep it equal to what ajv would compile.

const committed = readFileSync(new URL('../../src/state/config-validator.generated.ts', import.meta.url), 'utf8');

describe('generated config validator', () => {
  it('is what the schema generates now (run `npm run gen:validator` after changing the schema, its options or ajv)', () => {
    expect(committed === configValidatorSource(CONFIG_SCHEMA), 'src/state/config-validator.generated.ts is stale: run `npm run gen:validator`').toBe(true);
  });

  it('would be stale after a schema change (the comparison above sees one)', () => {
    const changed = { ...CONFIG_SCHEMA, properties: { ...CONFIG_SCHEMA.properties, allow_disruption: { type: 'string' } } };
    expect(configValidatorSource(changed)).not.toBe(committed);
  });

  it('imports only ajv\'s small runtime pieces and the schema, never ajv itself', () => {
    const imports = [...committed.matchAll(/^import .* from '([^']+)';$/gm)].map((match) => match[1]);
    expect(imports).toEqual(['ajv/dist/runtime/ucs2length.js', './config-schema.js']);
    expect(committed).not.toMatch(/\brequire\(/);
  });

  it('reports the errors ajv compiling the schema at run time reports, in the same order', () => {
    const { code: _code, ...options } = CONFIG_VALIDATOR_OPTIONS;
    const compiled = new Ajv(options).compile(CONFIG_SCHEMA);
    const validate = generatedValidator as unknown as typeof compiled;
    const samples: unknown[] = [
      { devices: [{ handle: 'pci/0000:08:00.0', sfs: [{ pfnum: 0, sfnum: 1, hw_addr: '00:11:22:33:44:55', rate: { tx_max: '1gbit' } }] }] },
      { devices: [{ handle: 'x', bogus: 1, sfs: [{ pfnum: -1, sfnum: 'one', roce: 'yes', state: 'up' }], params: [{ name: '' }] }], extra: true },
      { devices: [{ match: {}, health: [{ grace_period: 1.5 }], rate_nodes: [{ name: 'a/b', tx_weight: 2 ** 33 }] }] },
      { devices: [{ sf_ranges: [{ pfnum: 0, sfnum: { from: 0, count: 0 }, hw_addr_base: 'nope' }], eswitch: { mode: 'on' } }] },
      { devices: 'all', allow_disruption: 'yes' },
      [],
    ];
    for (const sample of samples) {
      expect(validate(sample)).toBe(compiled(sample));
      expect(validate.errors ?? null).toEqual(compiled.errors ?? null);
    }
  });
});
