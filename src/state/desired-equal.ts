/**
 * Equality of two desired states, value by value.
 *
 * Why not compare JSON texts: a desired state holds bigints (rates), which need a replacer, and a
 * replacer function called once per key made the daemon's "is this reload a change?" check one of
 * its costs that grew with every SF declared. Objects a validation reused (an unchanged SF range
 * hands back the same SF objects, see config-validate) compare by identity at once.
 */
import type { DesiredState } from './desired.js';

/** True when the two states declare the same values (positions included: they name lines in errors). */
export function sameDesiredState(a: DesiredState, b: DesiredState): boolean {
  return sameValue(a, b);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) if (!Object.hasOwn(right, key) || !sameValue(left[key], right[key])) return false;
  return true;
}
