/**
 * Input checks run before anything is sent.
 *
 * Why: the kernel's answer to a bad value is often a bare EINVAL or, worse, a silently truncated
 * number (the controller number is read as u16); checking here gives one clear line naming the
 * field and the value, with the same DevlinkInputError (code EINVAL) everywhere.
 */
import { DevlinkInputError, showValue } from './errors.js';
import type { EnumSpec } from './spec/types.js';

/** Checks an integer option within `min..max` and returns it. */
export function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DevlinkInputError(field, value, `invalid ${field} ${showValue(value)}: must be an integer ${min}..${max}`);
  }
  return value;
}

/** Checks a u8 option (0..255). */
export const u8 = (field: string, value: unknown): number => integer(field, value, 0, 0xff);
/** Checks a u16 option (0..65535). */
export const u16 = (field: string, value: unknown): number => integer(field, value, 0, 0xffff);
/** Checks a u32 option (0..4294967295). */
export const u32 = (field: string, value: unknown): number => integer(field, value, 0, 0xffffffff);

/** Checks a u64 option given as bigint (or a safe non-negative integer number) and returns a bigint. */
export function u64(field: string, value: unknown): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value !== 'bigint' || value < 0n || value > 0xffffffffffffffffn) {
    throw new DevlinkInputError(field, value, `invalid ${field} ${showValue(value)}: must be an integer 0..18446744073709551615 (a bigint)`);
  }
  return value;
}

/** Checks a boolean option. */
export function boolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new DevlinkInputError(field, value, `invalid ${field} ${showValue(value)}: must be true or false`);
  return value;
}

/** Checks an enum name (optionally one of a subset) and returns its number. */
export function enumName(field: string, value: unknown, spec: EnumSpec, allowed?: readonly string[]): number {
  const names = allowed ?? [...spec.byName.keys()].filter((n) => n !== 'unspec');
  const number = typeof value === 'string' && names.includes(value) ? spec.byName.get(value) : undefined;
  if (number === undefined) {
    throw new DevlinkInputError(field, value, `invalid ${field} ${showValue(value)}: expected one of ${names.join(', ')}`);
  }
  return number;
}

/**
 * Parses a hardware address: `aa:bb:cc:dd:ee:ff` (six hex pairs separated by colons) or raw bytes
 * (1..32 bytes, MAX_ADDR_LEN, for non-Ethernet functions).
 */
export function hwAddr(field: string, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) {
    if (value.length < 1 || value.length > 32) {
      throw new DevlinkInputError(field, value, `invalid ${field}: a hardware address has 1..32 bytes, got ${value.length}`);
    }
    return value;
  }
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(value)) {
    throw new DevlinkInputError(field, value, `invalid ${field} ${showValue(value)}: expected a MAC address like 00:11:22:33:44:55`);
  }
  return Uint8Array.from(value.split(':'), (pair) => parseInt(pair, 16));
}

/** Checks a name (rate node, parameter): non-empty, no '/', no NUL, at most `max` bytes. */
export function name(field: string, value: unknown, max = 255): string {
  if (typeof value !== 'string' || value === '' || value.includes('/') || value.includes('\0') || Buffer.byteLength(value) > max) {
    throw new DevlinkInputError(field, value, `invalid ${field} ${showValue(value)}: must be a non-empty name without "/" (at most ${max} bytes)`);
  }
  return value;
}

/** Refuses an options object with nothing in it (a request that would change nothing). */
export function notEmpty(field: string, options: object, keys: readonly string[]): void {
  if (!keys.some((key) => (options as Record<string, unknown>)[key] !== undefined)) {
    throw new DevlinkInputError(field, options, `nothing to set: give at least one of ${keys.join(', ')}`);
  }
}

/** Refuses option names the method does not know (a typo would otherwise be silently ignored). */
export function knownKeys(field: string, options: object, keys: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new DevlinkInputError(field, options, `invalid ${field} options ${showValue(options)}: expected an object`);
  }
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) {
      throw new DevlinkInputError(field, key, `unknown ${field} option ${JSON.stringify(key)}: expected ${keys.join(', ')}`);
    }
  }
}
