/**
 * Decoded library objects as contracts compare them: without the raw attribute trees
 * (`attributes`, kept for unknown attributes) and without the values the kernel chooses freely
 * (a netdev's ifindex and name), which contracts check for presence instead.
 */

const FREE_VALUES = new Set(['attributes', 'netdevIfindex', 'netdevName']);

/** A deep copy of `value` without the raw trees and the freely chosen netdev fields. */
export function decoded(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decoded);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !FREE_VALUES.has(key) && v !== undefined)
      .map(([key, v]) => [key, decoded(v)]),
  );
}
