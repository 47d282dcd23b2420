import { CliError } from '../errors.js';
import type { ArgCursor } from './cursor.js';
import { requireBoolean, requireString, requireUnsigned, U16_MAX, U32_MAX } from './values.js';

/** Values of the keyword options of the `sb` and `dpipe` commands (iproute2's `struct dl_opts`). */
export interface SbOptionValues {
  sb?: number;
  pool?: number;
  size?: number;
  /** Wire pool type: 0 ingress, 1 egress. */
  type?: number;
  /** Wire threshold type: 0 static, 1 dynamic. */
  thtype?: number;
  th?: number;
  tc?: number;
  /** dpipe table name. */
  name?: string;
  counters?: boolean;
}

/** One option of these commands. */
export type SbOptionId = keyof SbOptionValues;

interface Rule {
  readonly id: SbOptionId;
  readonly keywords: readonly string[];
  readonly read: (cursor: ArgCursor, values: SbOptionValues) => void;
}

function wordOf(list: readonly string[], word: string, what: string): number {
  const index = list.indexOf(word);
  if (index < 0) throw new CliError(`Unknown ${what} "${word}"`);
  return index;
}

const u32 = (cursor: ArgCursor): number => Number(requireUnsigned(cursor.next(), U32_MAX));
const u16 = (cursor: ArgCursor): number => Number(requireUnsigned(cursor.next(), U16_MAX));

/** In iproute2's `dl_argv_parse` order: the first keyword a prefix matches wins (`t` is `type`). */
const RULES: readonly Rule[] = [
  { id: 'sb', keywords: ['sb'], read: (c, v) => { v.sb = u32(c); } },
  { id: 'pool', keywords: ['pool'], read: (c, v) => { v.pool = u16(c); } },
  { id: 'size', keywords: ['size'], read: (c, v) => { v.size = u32(c); } },
  { id: 'type', keywords: ['type'], read: (c, v) => { v.type = wordOf(['ingress', 'egress'], requireString(c.next()), 'pool type'); } },
  { id: 'thtype', keywords: ['thtype'], read: (c, v) => { v.thtype = wordOf(['static', 'dynamic'], requireString(c.next()), 'threshold type'); } },
  { id: 'th', keywords: ['th'], read: (c, v) => { v.th = u32(c); } },
  { id: 'tc', keywords: ['tc'], read: (c, v) => { v.tc = u16(c); } },
  { id: 'name', keywords: ['name'], read: (c, v) => { v.name = requireString(c.next()); } },
  { id: 'counters', keywords: ['counters', 'counters_enabled'], read: (c, v) => { v.counters = requireBoolean(c.next()); } },
];

/** iproute2's messages for missing required options, in its `dl_args_required` order. */
const REQUIRED_MESSAGES: readonly (readonly [SbOptionId, string])[] = [
  ['pool', 'Pool index option expected.'],
  ['size', 'Pool size option expected.'],
  ['type', 'Pool type option expected.'],
  ['thtype', 'Pool threshold type option expected.'],
  ['th', 'Threshold option expected.'],
  ['tc', 'TC index option expected.'],
  ['name', 'Dpipe table name expected.'],
  ['counters', 'Dpipe table counter state expected.'],
];

/**
 * Reads the keyword options after the handle of an `sb` or `dpipe` command as iproute2 6.1 does:
 * each word matched by prefix against the allowed options in iproute2's order; a malformed value
 * or a word no allowed option takes stops at once (`Unknown option "X"`); then the first missing
 * required option is named. `sb` defaults to 0 when allowed and not given (iproute2 always
 * sends an sb index for these commands).
 */
export function parseSbOptions(cursor: ArgCursor, required: readonly SbOptionId[], optional: readonly SbOptionId[] = []): SbOptionValues {
  const allowed = new Set<SbOptionId>([...required, ...optional]);
  const values: SbOptionValues = {};
  const found = new Set<SbOptionId>();
  while (!cursor.atEnd) {
    const rule = RULES.find((candidate) => allowed.has(candidate.id) && candidate.keywords.some((k) => cursor.matches(k)));
    if (!rule) throw new CliError(`Unknown option "${cursor.peek() ?? ''}"`);
    cursor.skip();
    rule.read(cursor, values);
    found.add(rule.id);
  }
  const missing = REQUIRED_MESSAGES.find(([id]) => required.includes(id) && !found.has(id));
  if (missing) throw new CliError(missing[1]);
  if (allowed.has('sb') && values.sb === undefined) values.sb = 0;
  return values;
}
