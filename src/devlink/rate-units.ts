/**
 * Rate units as iproute2 (tc, devlink) reads and prints them: the one reading and printing of
 * rate strings, used by the CLI's grammar and printer and by declared state (config `tx_max:
 * 10mbit`, plans rendered as iproute2 prints them).
 *
 * Why here and exact: `devlink port function rate set ... tx_max 10mbit` must send the same bytes
 * per second iproute2 sends, and `rate show` must print `tx_max 10Mbit` exactly as iproute2 does,
 * because scripts compare those strings. The kernel's rate attributes are bytes/s; the command
 * line speaks bits/s unless a `Bps` unit says bytes.
 */

/** Unit suffixes and their scale to bits per second (matched case-insensitively, whole suffix). */
const RATE_UNITS: readonly (readonly [string, number])[] = [
  ['bit', 1],
  ['Kibit', 1024],
  ['kbit', 1000],
  ['mibit', 1024 * 1024],
  ['mbit', 1_000_000],
  ['gibit', 1024 * 1024 * 1024],
  ['gbit', 1_000_000_000],
  ['tibit', 1024 * 1024 * 1024 * 1024],
  ['tbit', 1_000_000_000_000],
  ['Bps', 8],
  ['KiBps', 8 * 1024],
  ['KBps', 8000],
  ['MiBps', 8 * 1024 * 1024],
  ['MBps', 8_000_000],
  ['GiBps', 8 * 1024 * 1024 * 1024],
  ['GBps', 8_000_000_000],
  ['TiBps', 8 * 1024 * 1024 * 1024 * 1024],
  ['TBps', 8_000_000_000_000],
];

const TWO_TO_64 = 2 ** 64;
/** Leading blanks (C's isspace), sign, and a decimal or hex float, as glibc's strtod reads them. */
const DECIMAL_FLOAT = /^[ \t\n\v\f\r]*([+-]?)((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
const HEX_FLOAT = /^[ \t\n\v\f\r]*([+-]?)0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP]([+-]?\d+))?/;

/**
 * The number C's `strtod()` reads at the start of `text` (glibc): leading blanks, a sign, then a
 * decimal float (`1.5`, `.5`, `1e3`) or a hex float (`0x10`, `0x1.8p1`). `inf` and `nan` are
 * not read (iproute2 converts them to an integer, which C leaves undefined). Returns the value
 * and the length read, or undefined when no number starts the text.
 */
function strtod(text: string): { value: number; length: number } | undefined {
  const hex = HEX_FLOAT.exec(text);
  if (hex?.[2] !== undefined) {
    const [whole = '', fraction = ''] = hex[2].split('.');
    const mantissa = Number.parseInt(`${whole}${fraction}` || '0', 16) / 16 ** fraction.length;
    const value = mantissa * 2 ** Number(hex[3] ?? '0');
    return { value: hex[1] === '-' ? -value : value, length: hex[0].length };
  }
  const decimal = DECIMAL_FLOAT.exec(text);
  if (decimal?.[2] === undefined) return undefined;
  const value = Number(decimal[2]);
  return { value: decimal[1] === '-' ? -value : value, length: decimal[0].length };
}

/**
 * Parses a rate such as `10mbit`, `1.5gbit`, `100kbps`, `2MiBps` or a bare number of bits/s, and
 * returns it in bytes per second (truncated, as iproute2's `get_rate64()` does with its double):
 * the number as `strtod()` reads it (blanks, sign, hex floats; `-0` is 0, other negatives are
 * refused), then a unit matched case-insensitively over the whole rest of the word. IEC units
 * (`kibit`, `mibit`...) are always accepted; `-i` only changes how rates are printed. Returns
 * undefined for anything iproute2 would reject, and also for infinities, NaN and values beyond 64
 * bits (where iproute2's C conversion is undefined behaviour).
 */
export function parseRate(text: string): bigint | undefined {
  const number = strtod(text);
  if (!number) return undefined;
  let bitsPerSecond = number.value;
  const suffix = text.slice(number.length);
  if (suffix !== '') {
    const unit = RATE_UNITS.find(([name]) => name.toLowerCase() === suffix.toLowerCase());
    if (!unit) return undefined;
    bitsPerSecond *= unit[1];
  }
  if (bitsPerSecond < 0) return undefined;
  const bytesPerSecond = Math.trunc(bitsPerSecond / 8);
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond >= TWO_TO_64) return undefined;
  return BigInt(bytesPerSecond);
}

const UNIT_PREFIXES = ['', 'K', 'M', 'G', 'T'] as const;
const U64_MASK = (1n << 64n) - 1n;

/**
 * Formats a rate given in bytes per second the way iproute2's `print_rate()` does: in bits/s,
 * scaled by 1000 (or 1024 with `iec`) while the value divides evenly or is at least 1000 units,
 * e.g. 1250000 B/s -> `10Mbit`, 125 B/s -> `1Kbit`, with `iec` -> `1Kibit` style suffixes.
 */
export function formatRate(bytesPerSecond: bigint, iec = false): string {
  const kilo = iec ? 1024n : 1000n;
  let rate = (bytesPerSecond << 3n) & U64_MASK;
  let unit = 0;
  for (; unit < UNIT_PREFIXES.length - 1; unit += 1) {
    if (rate < kilo) break;
    if (rate % kilo !== 0n && rate < 1000n * kilo) break;
    rate /= kilo;
  }
  const digits = Number(rate).toFixed(0);
  return `${digits}${UNIT_PREFIXES[unit]}${unit > 0 && iec ? 'i' : ''}bit`;
}
