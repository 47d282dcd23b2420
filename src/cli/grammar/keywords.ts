import type { ArgCursor } from './cursor.js';

/** One keyword option: the option it sets, the word that names it, and how its value is read. */
export interface KeywordRule<Id, Values> {
  readonly id: Id;
  readonly keyword: string;
  readonly read: (cursor: ArgCursor, values: Values) => void;
}

/** What `readKeywords` saw: the values, which options were given, and the word no rule took (reading stopped there). */
export interface KeywordsRead<Id, Values> {
  values: Values;
  found: Set<Id>;
  unknown: string | undefined;
}

/**
 * Reads keyword options as iproute2 6.1's `dl_argv_parse` does: each word is matched by prefix
 * against the rules of the `known` options in table order (the first match wins); a malformed
 * value throws from its rule at once, and reading stops at the first word no rule takes (returned
 * as `unknown`, which iproute2 reports before any missing option). Callers word the messages.
 */
export function readKeywords<Id, Values extends object>(
  cursor: ArgCursor,
  rules: readonly KeywordRule<Id, Values>[],
  known: ReadonlySet<Id>,
): KeywordsRead<Id, Values> {
  const values = {} as Values;
  const found = new Set<Id>();
  while (!cursor.atEnd) {
    const rule = rules.find((candidate) => known.has(candidate.id) && cursor.matches(candidate.keyword));
    if (!rule) return { values, found, unknown: cursor.peek() };
    cursor.skip();
    rule.read(cursor, values);
    found.add(rule.id);
  }
  return { values, found, unknown: undefined };
}
