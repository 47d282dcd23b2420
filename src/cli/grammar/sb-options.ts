import type { SbPoolType, SbThresholdType } from '../../devlink/ops/shared-buffers.js';
import { SB_POOL_TYPE, SB_THRESHOLD_TYPE } from '../../devlink/spec/enums.js';
import type { EnumSpec } from '../../devlink/spec/types.js';
import { CliError } from '../errors.js';
import type { ArgCursor } from './cursor.js';
import { readKeywords, type KeywordRule } from './keywords.js';
import { requireBoolean, requireString, requireUnsigned, U16_MAX, U32_MAX } from './values.js';

/** Values of the keyword options of the `sb` and `dpipe` commands (iproute2's `struct dl_opts`). */
export interface SbOptionValues {
  sb?: number;
  pool?: number;
  size?: number;
  /** Pool type, by the spec's name. */
  type?: SbPoolType;
  /** Threshold type, by the spec's name. */
  thtype?: SbThresholdType;
  th?: number;
  tc?: number;
  /** dpipe table name. */
  name?: string;
  counters?: boolean;
}

/** One option of these commands. */
export type SbOptionId = keyof SbOptionValues;

/** A word the spec's enum table names, or iproute2's `Unknown <what> "WORD"`. */
function wordOf<Name extends string>(table: EnumSpec, word: string, what: string): Name {
  if (!table.byName.has(word)) throw new CliError(`Unknown ${what} "${word}"`);
  return word as Name;
}

const u32 = (cursor: ArgCursor): number => Number(requireUnsigned(cursor.next(), U32_MAX));
const u16 = (cursor: ArgCursor): number => Number(requireUnsigned(cursor.next(), U16_MAX));

/** In iproute2's `dl_argv_parse` order: the first keyword a prefix matches wins (`t` is `type`). */
const RULES: readonly KeywordRule<SbOptionId, SbOptionValues>[] = [
  { id: 'sb', keyword: 'sb', read: (c, v) => { v.sb = u32(c); } },
  { id: 'pool', keyword: 'pool', read: (c, v) => { v.pool = u16(c); } },
  { id: 'size', keyword: 'size', read: (c, v) => { v.size = u32(c); } },
  { id: 'type', keyword: 'type', read: (c, v) => { v.type = wordOf<SbPoolType>(SB_POOL_TYPE, requireString(c.next()), 'pool type'); } },
  { id: 'thtype', keyword: 'thtype', read: (c, v) => { v.thtype = wordOf<SbThresholdType>(SB_THRESHOLD_TYPE, requireString(c.next()), 'threshold type'); } },
  { id: 'th', keyword: 'th', read: (c, v) => { v.th = u32(c); } },
  { id: 'tc', keyword: 'tc', read: (c, v) => { v.tc = u16(c); } },
  { id: 'name', keyword: 'name', read: (c, v) => { v.name = requireString(c.next()); } },
  { id: 'counters', keyword: 'counters', read: (c, v) => { v.counters = requireBoolean(c.next()); } },
  { id: 'counters', keyword: 'counters_enabled', read: (c, v) => { v.counters = requireBoolean(c.next()); } },
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
  const { values, found, unknown } = readKeywords(cursor, RULES, new Set<SbOptionId>([...required, ...optional]));
  if (unknown !== undefined) throw new CliError(`Unknown option "${unknown}"`);
  const missing = REQUIRED_MESSAGES.find(([id]) => required.includes(id) && !found.has(id));
  if (missing) throw new CliError(missing[1]);
  if ((required.includes('sb') || optional.includes('sb')) && values.sb === undefined) values.sb = 0;
  return values;
}
