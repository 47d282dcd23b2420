/**
 * Small typed getters over decoded attribute trees.
 *
 * Why: the typed decoders read dozens of fields; these getters give one rule for a value that has
 * an unexpected JS type (treated as absent: it is still in the tree for printers) and for repeated
 * values (the last one wins, as in the kernel's own nla_parse).
 */
import type { AttributeTree, AttributeValue, Bitfield32 } from './codec.js';
import type { EnumSpec } from './spec/types.js';
import type { UnknownEnumValue } from './types.js';

function single(tree: AttributeTree, name: string): AttributeValue | undefined {
  const value = tree.values[name];
  if (Array.isArray(value)) return value[value.length - 1] as AttributeValue | undefined;
  return value as AttributeValue | undefined;
}

/** A number-typed attribute. */
export function num(tree: AttributeTree, name: string): number | undefined {
  const value = single(tree, name);
  return typeof value === 'number' ? value : undefined;
}

/** A bigint-typed (u64) attribute. */
export function big(tree: AttributeTree, name: string): bigint | undefined {
  const value = single(tree, name);
  return typeof value === 'bigint' ? value : undefined;
}

/** A string attribute. */
export function str(tree: AttributeTree, name: string): string | undefined {
  const value = single(tree, name);
  return typeof value === 'string' ? value : undefined;
}

/** A u8 used as a boolean (0/1). */
export function bool(tree: AttributeTree, name: string): boolean | undefined {
  const value = num(tree, name);
  return value === undefined ? undefined : value !== 0;
}

/** A flag attribute: true when present. */
export function flag(tree: AttributeTree, name: string): boolean {
  return single(tree, name) === true;
}

/** A binary attribute. */
export function bytes(tree: AttributeTree, name: string): Uint8Array | undefined {
  const value = single(tree, name);
  return value instanceof Uint8Array ? value : undefined;
}

/** A bitfield32 attribute. */
export function bitfield(tree: AttributeTree, name: string): Bitfield32 | undefined {
  const value = single(tree, name);
  if (typeof value === 'object' && value !== null && 'selector' in value) return value as Bitfield32;
  return undefined;
}

function isTree(value: unknown): value is AttributeTree {
  return typeof value === 'object' && value !== null && 'values' in value && 'unknown' in value && 'set' in value;
}

/** A nested attribute's tree. */
export function nest(tree: AttributeTree, name: string): AttributeTree | undefined {
  const value = single(tree, name);
  return isTree(value) ? value : undefined;
}

/** All occurrences of a nested multi-attribute. */
export function nests(tree: AttributeTree, name: string): AttributeTree[] {
  const value = tree.values[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter(isTree);
}

/** An enum-typed integer, as its name or `unknown-<n>`. */
export function enumValue<T extends string>(tree: AttributeTree, name: string, spec: EnumSpec): T | UnknownEnumValue | undefined {
  const value = num(tree, name);
  if (value === undefined) return undefined;
  return nameOf<T>(spec, value);
}

/** An enum name or `unknown-<n>`. */
export function nameOf<T extends string>(spec: EnumSpec, value: number): T | UnknownEnumValue {
  return (spec.byValue.get(value) as T | undefined) ?? `unknown-${value}`;
}

/**
 * Whether an enum name is nameOf's `unknown-<n>` for a value newer than the spec's table: the one
 * place that knows the form, so callers need not parse it.
 */
export function isUnknownEnumValue(name: string): name is UnknownEnumValue {
  return /^unknown-\d+$/.test(name);
}
