import { describe, expect, it } from 'vitest';
import { formatRate, parseRate } from '../../src/devlink/rate-units.js';

describe('parseRate (iproute2 get_rate64: bits/s in, bytes/s out)', () => {
  const table: [string, bigint | undefined][] = [
    ['0', 0n],
    ['8', 1n],
    ['1000', 125n],
    ['7', 0n],
    ['100bit', 12n],
    ['1kbit', 125n],
    ['10mbit', 1_250_000n],
    ['10Mbit', 1_250_000n],
    ['10MBIT', 1_250_000n],
    ['1gbit', 125_000_000n],
    ['1.5gbit', 187_500_000n],
    ['2tbit', 250_000_000_000n],
    ['1kibit', 128n],
    ['1Kibit', 128n],
    ['1mibit', 131_072n],
    ['1gibit', 134_217_728n],
    ['1tibit', 137_438_953_472n],
    ['100bps', 100n],
    ['100Bps', 100n],
    ['100kbps', 100_000n],
    ['1mbps', 1_000_000n],
    ['1MBps', 1_000_000n],
    ['1gbps', 1_000_000_000n],
    ['1tbps', 1_000_000_000_000n],
    ['1kibps', 1024n],
    ['1mibps', 1_048_576n],
    ['1gibps', 1_073_741_824n],
    ['1tibps', 1_099_511_627_776n],
    ['1e3kbit', 125_000n],
    ['.5mbit', 62_500n],
    [' 10mbit', 1_250_000n],
    ['+10mbit', 1_250_000n],
    ['', undefined],
    ['mbit', undefined],
    ['10xbit', undefined],
    ['10 mbit', undefined],
    ['10mbits', undefined],
    ['-10mbit', undefined],
    ['0x10', 2n], // strtod reads hex floats: iproute2 takes 0x10 as 16 bit/s
    ['1e30tbit', undefined],
  ];
  it.each(table)('%j -> %s', (text, expected) => {
    expect(parseRate(text)).toBe(expected);
  });
});

describe('formatRate (iproute2 print_rate: bytes/s in, scaled bits/s out)', () => {
  const table: [bigint, boolean, string][] = [
    [0n, false, '0bit'],
    [1n, false, '8bit'],
    [124n, false, '992bit'],
    [125n, false, '1Kbit'],
    [126n, false, '1008bit'],
    [1_250_000n, false, '10Mbit'],
    [1_500_000n, false, '12Mbit'],
    [125_000_000n, false, '1Gbit'],
    [187_500_000n, false, '1500Mbit'],
    [125_000_000_000n, false, '1Tbit'],
    [125_000_000_000_000n, false, '1000Tbit'],
    [128n, true, '1Kibit'],
    [131_072n, true, '1Mibit'],
    [125n, true, '1000bit'],
    [1_250_000n, true, '9765Kibit'],
    [0xffff_ffff_ffff_ffffn, false, '18446744Tbit'],
  ];
  it.each(table)('%s B/s (iec %s) -> %s', (bytes, iec, expected) => {
    expect(formatRate(bytes, iec)).toBe(expected);
  });

  it('round-trips what it prints for whole units', () => {
    for (const bytes of [125n, 1_250_000n, 125_000_000n, 3_750_000n]) {
      expect(parseRate(formatRate(bytes).toLowerCase())).toBe(bytes);
    }
  });
});
