/**
 * Decoded library objects as contracts compare them: without the raw attribute trees
 * (`attributes`, kept for unknown attributes), without the values the kernel chooses freely (a
 * netdev's ifindex and name, which contracts check for presence instead) and without deprecated
 * aliases of the library's public API.
 */

const FREE_VALUES = new Set(['attributes', 'netdevIfindex', 'netdevName']);
/**
 * Deprecated aliases kept for source compatibility (`index` and `port` = `portIndex`, `index` =
 * `sbIndex`): not part of the contract. Only dropped beside the field they alias, since a line
 * card's or a dpipe entry's `index` is its own.
 */
const DEPRECATED_ALIASES: Readonly<Record<string, readonly string[]>> = { index: ['portIndex', 'sbIndex'], port: ['portIndex'] };

function isAlias(object: Record<string, unknown>, key: string): boolean {
  return (DEPRECATED_ALIASES[key] ?? []).some((name) => name in object && object[name] === object[key]);
}

/** A deep copy of `value` without the raw trees, the freely chosen netdev fields and deprecated aliases; bytes as Uint8Array. */
export function decoded(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decoded);
  // bytes as plain Uint8Array: replies from a real socket arrive as Node Buffers
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(object)
      .filter(([key, v]) => !FREE_VALUES.has(key) && !isAlias(object, key) && v !== undefined)
      .map(([key, v]) => [key, decoded(v)]),
  );
}
