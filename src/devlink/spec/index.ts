/**
 * The devlink protocol as data: one registry of attribute sets, enums and commands.
 *
 * Why one registry: the codec resolves `nestedSet` references by name, so every set must be
 * reachable from here; tests check that no reference dangles.
 */
import { DEVLINK_ATTRIBUTES } from './devlink-attributes.js';
import {
  ATTR_STATS_SET, NESTED_HANDLE_SET, PORT_FUNCTION_SET, RATE_TC_BWS_SET, SELFTEST_ID_SET,
  SELFTEST_RESULT_ENTRY_SET, SELFTEST_RESULT_SET, SUBSETS, TRAP_METADATA_SET,
} from './nested-sets.js';
import type { AttributeSet } from './types.js';

export * from './types.js';
export * from './enums.js';
export * from './commands.js';
export { DEVLINK_ATTRIBUTES } from './devlink-attributes.js';
export { PORT_FUNCTION_SET, NESTED_HANDLE_SET, RATE_TC_BWS_SET } from './nested-sets.js';

/** Every devlink attribute set by name. */
export const DEVLINK_SETS: ReadonlyMap<string, AttributeSet> = new Map(
  [
    DEVLINK_ATTRIBUTES, PORT_FUNCTION_SET, NESTED_HANDLE_SET, RATE_TC_BWS_SET, SELFTEST_ID_SET,
    SELFTEST_RESULT_SET, SELFTEST_RESULT_ENTRY_SET, ATTR_STATS_SET, TRAP_METADATA_SET, ...SUBSETS,
  ].map((set) => [set.name, set]),
);

/** Looks up a set by name; a missing set is a bug in our tables, so this throws. */
export function attributeSet(name: string): AttributeSet {
  const set = DEVLINK_SETS.get(name);
  if (!set) throw new Error(`unknown devlink attribute set "${name}"`);
  return set;
}

/** Attribute number of a top-level devlink attribute, by YNL name (throws on a typo). */
export function attr(name: string): number {
  const spec = DEVLINK_ATTRIBUTES.byName.get(name);
  if (!spec) throw new Error(`unknown devlink attribute "${name}"`);
  return spec.value;
}
