/**
 * The vocabulary the devlink protocol tables are written in: YNL's attribute types, attribute sets
 * and enums, as plain TypeScript data.
 *
 * Why data and not code: one generic codec walks these tables to decode and encode every devlink
 * message, to keep unknown attributes, and to turn an extended-ACK offset back into a readable
 * attribute path such as `port-function.hw-addr`. Adding an attribute the kernel learnt later is a
 * one-line change to a table, not a new parser.
 */

/**
 * Wire types, named as in the kernel's YNL specs.
 * - `uint`/`sint`: variable-width (4 or 8 bytes) integers, decoded as bigint.
 * - `dynamic`: a payload whose type is given by a sibling attribute (param values, fmsg values);
 *   the generic codec keeps it as bytes and a hand-written decoder interprets it.
 * - `pad`: alignment padding, decoded as bytes and never written.
 */
export type AttributeType =
  | 'u8' | 'u16' | 'u32' | 'u64'
  | 's8' | 's16' | 's32' | 's64'
  | 'uint' | 'sint'
  | 'string' | 'binary' | 'flag' | 'bitfield32'
  | 'nest' | 'dynamic' | 'pad';

/** One attribute of an attribute set. */
export interface AttributeSpec {
  /** YNL name, kebab-case (`port-function`, `hw-addr`): used in decoded trees and extack paths. */
  readonly name: string;
  /** Attribute type number on the wire. */
  readonly value: number;
  readonly type: AttributeType;
  /** For `nest`: the name of the attribute set its payload is written in. */
  readonly nestedSet?: string;
  /** True when the attribute legitimately repeats; decoded as an array, encoded from an array. */
  readonly multiAttr?: boolean;
  /** Name of the enum (in `DEVLINK_ENUMS`) giving meaning to an integer or bitfield32 value. */
  readonly enum?: string;
  /** For bitfield32/integers: the enum names bit numbers, not values. */
  readonly enumAsFlags?: boolean;
  /** A short note where the wire reality differs from what the name suggests. */
  readonly doc?: string;
}

/** A named attribute set with lookup tables both ways. */
export interface AttributeSet {
  readonly name: string;
  readonly attributes: readonly AttributeSpec[];
  readonly byValue: ReadonlyMap<number, AttributeSpec>;
  readonly byName: ReadonlyMap<string, AttributeSpec>;
}

/** A named enum: value <-> name, in YNL spelling (`pcisf`, `switchdev`, `driver_reinit`...). */
export interface EnumSpec {
  readonly name: string;
  readonly entries: readonly { readonly name: string; readonly value: number }[];
  readonly byValue: ReadonlyMap<number, string>;
  readonly byName: ReadonlyMap<string, number>;
}

/** Options accepted by the compact table rows below. */
export interface AttributeOptions {
  readonly nestedSet?: string;
  readonly multiAttr?: boolean;
  readonly enum?: string;
  readonly enumAsFlags?: boolean;
  readonly doc?: string;
}

/** A compact table row: `[name, type, options?]`, or `null` for a reserved number. */
export type AttributeRow = readonly [string, AttributeType, AttributeOptions?] | null;

/**
 * Builds an attribute set from rows numbered consecutively from `firstValue`, mirroring how the
 * uapi header declares its enums (order is ABI), so the numbers cannot drift from the header's.
 */
export function sequentialSet(name: string, firstValue: number, rows: readonly AttributeRow[]): AttributeSet {
  const attributes: AttributeSpec[] = [];
  rows.forEach((row, index) => {
    if (row === null) return;
    const [attrName, type, options] = row;
    attributes.push({ name: attrName, value: firstValue + index, type, ...options });
  });
  return makeSet(name, attributes);
}

/** Builds an attribute set from fully specified attributes, checking names and numbers are unique. */
export function makeSet(name: string, attributes: readonly AttributeSpec[]): AttributeSet {
  const byValue = new Map<number, AttributeSpec>();
  const byName = new Map<string, AttributeSpec>();
  for (const attribute of attributes) {
    if (byValue.has(attribute.value)) throw new Error(`attribute set ${name}: duplicate value ${attribute.value}`);
    if (byName.has(attribute.name)) throw new Error(`attribute set ${name}: duplicate name ${attribute.name}`);
    byValue.set(attribute.value, attribute);
    byName.set(attribute.name, attribute);
  }
  return { name, attributes, byValue, byName };
}

/**
 * Builds a YNL "subset-of" set: the listed attributes of `parent`, with the parent's numbers and
 * types. Used for the many nests of the devlink protocol that reuse the top-level numbering.
 */
export function subsetOf(name: string, parent: AttributeSet, names: readonly string[]): AttributeSet {
  return makeSet(
    name,
    names.map((attrName) => {
      const spec = parent.byName.get(attrName);
      if (!spec) throw new Error(`attribute set ${name}: ${attrName} is not in ${parent.name}`);
      return spec;
    }),
  );
}

/** Builds an enum from names numbered from `firstValue` (or explicit `[name, value]` pairs). */
export function makeEnum(name: string, entries: readonly (string | readonly [string, number])[], firstValue = 0): EnumSpec {
  const list: { name: string; value: number }[] = [];
  let next = firstValue;
  for (const entry of entries) {
    const [entryName, value] = typeof entry === 'string' ? [entry, next] : entry;
    list.push({ name: entryName, value });
    next = value + 1;
  }
  return {
    name,
    entries: list,
    byValue: new Map(list.map((e) => [e.value, e.name])),
    byName: new Map(list.map((e) => [e.name, e.value])),
  };
}
