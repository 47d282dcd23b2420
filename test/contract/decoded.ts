/**
 * Decoded library objects as contracts compare them: without the raw attribute trees
 * (`attributes`, kept for unknown attributes), without the values the kernel chooses freely (a
 * netdev's ifindex and name, which contracts check for presence instead) and without deprecated
 * aliases of the library's public API.
 */

const FREE_VALUES = new Set(['attributes', 'netdevIfindex', 'netdevName']);
/** Deprecated aliases kept for source compatibility (`index` = `portIndex`): not part of the contract. */
const DEPRECATED_ALIASES = new Set(['index']);

/** A deep copy of `value` without the raw trees and the freely chosen netdev fields. */
export function decoded(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decoded);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !FREE_VALUES.has(key) && !DEPRECATED_ALIASES.has(key) && v !== undefined)
      .map(([key, v]) => [key, decoded(v)]),
  );
}
