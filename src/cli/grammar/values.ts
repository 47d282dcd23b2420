import { CliError } from '../errors.js';

/** The blanks C's `isspace()` skips in the "C" locale. */
const C_BLANKS = /^[ \t\n\v\f\r]*/;
const U64_LIMIT = 1n << 64n;

/** What C's `strtoull(text, &end, 10)` makes of a word (see {@link strtoull}). */
export interface StrtoullResult {
  /** The value, wrapped modulo 2^64 after a minus sign as C does (`-1` is all ones). */
  readonly value: bigint;
  /** The magnitude did not fit 64 bits (C returns ULLONG_MAX and sets ERANGE). */
  readonly overflow: boolean;
  /** The text after the number (C's `*end`); '' when the whole word was a number. */
  readonly rest: string;
}

/**
 * C's `strtoull(text, &end, 10)` (glibc, 64-bit `unsigned long` too, so also `strtoul`):
 * leading blanks, then an optional `+` or `-`, then decimal digits. A minus sign negates modulo
 * 2^64, so `-1` reads as 18446744073709551615. Base 10 reads no `0x` prefix (`0x10` is `0` and
 * the rest `x10`) and a leading 0 is not octal. Returns undefined when there are no digits
 * (C then leaves `end` at the start of the text).
 */
export function strtoull(text: string): StrtoullResult | undefined {
  const blanks = C_BLANKS.exec(text)?.[0].length ?? 0;
  const match = /^([+-]?)(\d+)/.exec(text.slice(blanks));
  if (!match || match[2] === undefined) return undefined;
  const magnitude = BigInt(match[2]);
  const rest = text.slice(blanks + match[0].length);
  if (magnitude >= U64_LIMIT) return { value: U64_LIMIT - 1n, overflow: true, rest };
  const value = match[1] === '-' ? (U64_LIMIT - magnitude) % U64_LIMIT : magnitude;
  return { value, overflow: false, rest };
}

/**
 * Parses an unsigned number no greater than `max` exactly as iproute2's `get_u64()`,
 * `get_u32()`, `get_u16()` and `get_u8()` do with base 10 (what every devlink keyword uses):
 * `strtoull` over the whole word (leading blanks, `+`, and `-` wrapping modulo 2^64; no trailing
 * text, no empty word), no overflow, then the width's range. So `' -1'` is 2^64-1 for a u64 (the
 * resource test's "unset" size) but out of range for a u32. Returns undefined when iproute2 would
 * refuse the word.
 */
export function parseUnsigned(word: string, max: bigint): bigint | undefined {
  if (word === '') return undefined;
  const read = strtoull(word);
  if (!read || read.rest !== '' || read.overflow) return undefined;
  return read.value <= max ? read.value : undefined;
}

/** Largest values of the unsigned widths the devlink attributes use. */
export const U8_MAX = 0xffn;
export const U16_MAX = 0xffffn;
export const U32_MAX = 0xffff_ffffn;
export const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * Reads the value word after a keyword as an unsigned number (iproute2's `dl_argv_uint32_t`),
 * with iproute2's messages: `Unsigned number argument expected` when the word is missing and
 * `"X" is not a number or not within range` when it is not a number of that width.
 */
export function requireUnsigned(word: string | undefined, max: bigint): bigint {
  if (word === undefined) throw new CliError('Unsigned number argument expected');
  const value = parseUnsigned(word, max);
  if (value === undefined) throw new CliError(`"${word}" is not a number or not within range`);
  return value;
}

/** Like requireUnsigned for widths up to 32 bits, returned as a number. */
export function requireSmallUnsigned(word: string | undefined, max: bigint): number {
  return Number(requireUnsigned(word, max));
}

/** iproute2's `dl_argv_str`: the word after a keyword, or `String parameter expected`. */
export function requireString(word: string | undefined): string {
  if (word === undefined) throw new CliError('String parameter expected');
  return word;
}

/**
 * Parses a boolean as iproute2's devlink does: true|1|enable and false|0|disable.
 * Returns undefined for anything else.
 */
export function parseBoolean(word: string): boolean | undefined {
  if (word === 'true' || word === '1' || word === 'enable') return true;
  if (word === 'false' || word === '0' || word === 'disable') return false;
  return undefined;
}

/** iproute2's `dl_argv_bool`: `Boolean argument expected` / `"X" is not a valid boolean value`. */
export function requireBoolean(word: string | undefined): boolean {
  if (word === undefined) throw new CliError('Boolean argument expected');
  const value = parseBoolean(word);
  if (value === undefined) throw new CliError(`"${word}" is not a valid boolean value`);
  return value;
}

/** Longest hardware address iproute2 accepts (MAX_ADDR_LEN). */
const MAX_ADDR_LEN = 32;
const HEX_BYTE = /^\s*(?:0[xX])?([0-9a-fA-F]+)$/;

/**
 * Parses a link-layer address written as hex bytes separated by colons (`00:11:22:33:44:55`),
 * like iproute2's `ll_addr_a2n()`: each part is one byte in hex. A bad part gives iproute2's
 * message `"PART" is invalid lladdr.`
 */
export function parseHardwareAddress(text: string): Uint8Array {
  const parts = text.split(':');
  if (parts.length > MAX_ADDR_LEN) {
    throw new CliError(`"${text}" is invalid lladdr: longer than ${MAX_ADDR_LEN} bytes.`);
  }
  const bytes = new Uint8Array(parts.length);
  parts.forEach((part, index) => {
    const match = HEX_BYTE.exec(part);
    const value = match?.[1] !== undefined ? Number.parseInt(match[1], 16) : Number.NaN;
    if (!(value >= 0 && value <= 255)) throw new CliError(`"${part}" is invalid lladdr.`);
    bytes[index] = value;
  });
  return bytes;
}

/** Formats a hardware address as iproute2 prints it: lowercase hex bytes joined by colons. */
export function formatHardwareAddress(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(':');
}
