import type { ArgCursor } from './cursor.js';

/** One keyword option: the option it sets, the word that names it, and how its value is read. */
export interface KeywordRule<Id, Values> {
  readonly id: Id;
  readonly keyword: string;
  readonly read: (cursor: ArgCursor, values: Values) => void;
}

/** What `readKeywords` saw: the values, which options were given, and the first word no rule took. */
export interface KeywordsRead<Id, Values> {
  values: Values;
  found: Set<Id>;
  unknown: string | undefined;
}

/**
 * Reads keyword options until the words run out, as iproute2's `dl_argv_parse` does: each word is
 * matched by prefix against the rules of the `known` options in table order (the first match
 * wins); a word no rule takes is skipped and remembered. A malformed value throws from its rule at
 * once. Callers report missing and unknown options in their own words.
 */
export function readKeywords<Id, Values extends object>(
  cursor: ArgCursor,
  rules: readonly KeywordRule<Id, Values>[],
  known: ReadonlySet<Id>,
): KeywordsRead<Id, Values> {
  const values = {} as Values;
  const found = new Set<Id>();
  let unknown: string | undefined;
  while (!cursor.atEnd) {
    const rule = rules.find((candidate) => known.has(candidate.id) && cursor.matches(candidate.keyword));
    if (!rule) {
      unknown ??= cursor.peek();
      cursor.skip();
      continue;
    }
    cursor.skip();
    rule.read(cursor, values);
    found.add(rule.id);
  }
  return { values, found, unknown };
}
