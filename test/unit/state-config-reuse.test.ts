import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/state/config-source.js';
import { loadDesiredState } from '../../src/state/config-validate.js';
import { sameDesiredState } from '../../src/state/desired-equal.js';

// A daemon re-validates its whole config on every change: an sf_ranges entry whose text and place
// did not change gives back the same SF objects (downstream caches key on them), an entry that
// changed in any way is made again, and reusing never hides an error. The reload's "unchanged?"
// check compares states value by value.

const dir = mkdtempSync(join(tmpdir(), 'devlink-ts-config-reuse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'sfs.yaml');

function load(text: string) {
  writeFileSync(file, text);
  return loadDesiredState(file);
}

const range = (base: string, extra = '') => `devices:\n  - handle: pci/0000:08:00.0\n    sf_ranges:\n      - { pfnum: 0, sfnum: { from: 1, count: 3 }, hw_addr_base: ${base} }\n${extra}`;
const probe = '    sfs:\n      - { pfnum: 0, sfnum: 99, hw_addr: "02:00:00:00:01:00" }\n';

describe('config reuse across validations', () => {
  it('an unchanged range gives back the same SF objects; a changed one new ones', () => {
    const first = load(range('"02:00:00:00:00:10"'));
    const again = load(range('"02:00:00:00:00:10"'));
    expect(again.devices[0]!.sfs[0]).toBe(first.devices[0]!.sfs[0]);
    expect(sameDesiredState(first, again)).toBe(true);

    // An SF added after the range: the range's SFs are the same objects, the state differs.
    const added = load(range('"02:00:00:00:00:10"', probe));
    // (An entry's `sfs` come before its `sf_ranges`.)
    expect(added.devices[0]!.sfs.map((sf) => sf.sfnum)).toEqual([99, 1, 2, 3]);
    expect(added.devices[0]!.sfs.slice(1)).toEqual(first.devices[0]!.sfs);
    expect(added.devices[0]!.sfs[3]).toBe(first.devices[0]!.sfs[2]);
    expect(sameDesiredState(first, added)).toBe(false);

    const other = load(range('"02:00:00:00:00:20"'));
    expect(other.devices[0]!.sfs[0]).not.toBe(first.devices[0]!.sfs[0]);
    expect(other.devices[0]!.sfs.map((sf) => sf.hwAddr)).toEqual(['02:00:00:00:00:20', '02:00:00:00:00:21', '02:00:00:00:00:22']);
    expect(sameDesiredState(first, other)).toBe(false);
  });

  it('a range moved to another line is made again (its positions name that line)', () => {
    const first = load(range('"02:00:00:00:00:10"'));
    const moved = load(`# a comment\n${range('"02:00:00:00:00:10"')}`);
    expect(moved.devices[0]!.sfs[0]).not.toBe(first.devices[0]!.sfs[0]);
    expect(moved.devices[0]!.sfs[0]!.origin.line).toBe(first.devices[0]!.sfs[0]!.origin.line + 1);
    expect(sameDesiredState(first, moved)).toBe(false);
  });

  it('the same values unquoted, which YAML 1.1 reads as a number, are still refused', () => {
    expect(load(range('"12:34:56:00:00:10"')).devices[0]!.sfs[0]!.hwAddr).toBe('12:34:56:00:00:10');
    expect(() => load(range('12:34:56:00:00:10'))).toThrow(ConfigError);
    expect(() => load(range('12:34:56:00:00:10'))).toThrow(/hw_addr_base: 12:34:56:00:00:10 is read by YAML 1\.1 tools as the number/);
    expect(load(range('"12:34:56:00:00:10"')).devices[0]!.sfs[0]!.hwAddr).toBe('12:34:56:00:00:10');
  });
});

describe('sameDesiredState', () => {
  it('compares rates (bigints), lists and positions by value', () => {
    const text = `devices:\n  - handle: pci/0000:08:00.0\n    rate_nodes:\n      - { name: t, tx_max: 1gbit }\n    sfs:\n      - { pfnum: 0, sfnum: 1, rate: { tx_share: 10mbit } }\n`;
    const a = load(text);
    const b = load(text);
    expect(a).not.toBe(b);
    expect(sameDesiredState(a, b)).toBe(true);
    expect(sameDesiredState(a, load(text.replace('10mbit', '11mbit')))).toBe(false);
    expect(sameDesiredState(a, load(text.replace('1gbit', '2gbit')))).toBe(false);
    expect(sameDesiredState(a, load(text.replace('sfnum: 1,', 'sfnum: 2,')))).toBe(false);
    expect(sameDesiredState(a, load(`${text}    prune: true\n`))).toBe(false);
  });
});
