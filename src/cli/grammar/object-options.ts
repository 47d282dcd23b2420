import { FLASH_OVERWRITE, TRAP_ACTION } from '../../devlink/spec/enums.js';
import type { FlashOptions } from '../../devlink/ops/flash.js';
import type { TrapAction } from '../../devlink/ops/traps.js';
import { CliError } from '../errors.js';
import type { ArgCursor } from './cursor.js';
import { readKeywords, type KeywordRule } from './keywords.js';
import { requireBoolean, requireString, requireUnsigned, U32_MAX, U64_MAX } from './values.js';

/** Values of the keyword options of the flash, resource, region, health and trap commands (iproute2's `struct dl_opts`). */
export interface ObjectOptionValues {
  path?: string;
  size?: bigint;
  snapshot?: number;
  address?: bigint;
  length?: bigint;
  file?: string;
  component?: string;
  /** Sections flash may overwrite, by the spec's names (`settings`, `identifiers`). */
  overwrite?: FlashOptions['overwrite'];
  reporter?: string;
  gracePeriod?: bigint;
  autoRecover?: boolean;
  autoDump?: boolean;
  trap?: string;
  group?: string;
  action?: TrapAction;
  /** Policer id; 0 for `nopolicer`. */
  policer?: number;
  rate?: bigint;
  burst?: bigint;
}

/** One option of these commands; `policer` and `nopolicer` share an id. */
export type ObjectOptionId = keyof ObjectOptionValues;

type Rule = KeywordRule<ObjectOptionId, ObjectOptionValues>;

/** In iproute2's `dl_argv_parse` order: the first keyword a prefix matches wins. */
const RULES: readonly Rule[] = [
  { id: 'path', keyword: 'path', read: (c, v) => { v.path = requireString(c.next()); } },
  { id: 'size', keyword: 'size', read: (c, v) => { v.size = requireUnsigned(c.next(), U64_MAX); } },
  { id: 'snapshot', keyword: 'snapshot', read: (c, v) => { v.snapshot = Number(requireUnsigned(c.next(), U32_MAX)); } },
  { id: 'address', keyword: 'address', read: (c, v) => { v.address = requireUnsigned(c.next(), U64_MAX); } },
  { id: 'length', keyword: 'length', read: (c, v) => { v.length = requireUnsigned(c.next(), U64_MAX); } },
  { id: 'file', keyword: 'file', read: (c, v) => { v.file = requireString(c.next()); } },
  { id: 'component', keyword: 'component', read: (c, v) => { v.component = requireString(c.next()); } },
  { id: 'overwrite', keyword: 'overwrite', read: readOverwrite },
  { id: 'reporter', keyword: 'reporter', read: (c, v) => { v.reporter = requireString(c.next()); } },
  { id: 'gracePeriod', keyword: 'grace_period', read: (c, v) => { v.gracePeriod = requireUnsigned(c.next(), U64_MAX); } },
  { id: 'autoRecover', keyword: 'auto_recover', read: (c, v) => { v.autoRecover = requireBoolean(c.next()); } },
  { id: 'autoDump', keyword: 'auto_dump', read: (c, v) => { v.autoDump = requireBoolean(c.next()); } },
  { id: 'trap', keyword: 'trap', read: (c, v) => { v.trap = requireString(c.next()); } },
  { id: 'group', keyword: 'group', read: (c, v) => { v.group = requireString(c.next()); } },
  { id: 'action', keyword: 'action', read: readAction },
  { id: 'policer', keyword: 'policer', read: (c, v) => { v.policer = Number(requireUnsigned(c.next(), U32_MAX)); } },
  { id: 'policer', keyword: 'nopolicer', read: (_c, v) => { v.policer = 0; } },
  { id: 'rate', keyword: 'rate', read: (c, v) => { v.rate = requireUnsigned(c.next(), U64_MAX); } },
  { id: 'burst', keyword: 'burst', read: (c, v) => { v.burst = requireUnsigned(c.next(), U64_MAX); } },
];

function readOverwrite(cursor: ArgCursor, values: ObjectOptionValues): void {
  const word = requireString(cursor.next());
  if (!FLASH_OVERWRITE.byName.has(word)) throw new CliError(`Unknown overwrite section "${word}"`);
  values.overwrite = [...(values.overwrite ?? []), word as 'settings' | 'identifiers'];
}

function readAction(cursor: ArgCursor, values: ObjectOptionValues): void {
  const word = requireString(cursor.next());
  if (!TRAP_ACTION.byName.has(word)) throw new CliError(`Unknown trap action "${word}"`);
  values.action = word as TrapAction;
}

/** iproute2's messages for missing required options (its `dl_args_required` table). */
const REQUIRED_MESSAGES: Partial<Record<ObjectOptionId, string>> = {
  path: 'Resource path expected.',
  size: 'Resource size expected.',
  snapshot: 'Region snapshot id expected.',
  address: 'Region address value expected.',
  length: 'Region length value expected.',
  reporter: "Reporter's name is expected.",
  trap: "Trap's name is expected.",
  group: "Trap group's name is expected.",
};

/**
 * Reads the keyword options of the health and trap commands, as the CLI's main option reader
 * does for the other objects: only the allowed options are recognised, by prefix in iproute2's
 * order; the first unknown word fails at once (`Unknown option "X"`), then the first missing
 * required option is named (iproute2 6.1's words; it has none for a policer id and says
 * `BUG: unknown argument required but not found`).
 */
export function parseObjectOptions(
  cursor: ArgCursor,
  allowed: readonly ObjectOptionId[],
  required: readonly ObjectOptionId[] = [],
): ObjectOptionValues {
  const { values, found, unknown } = readKeywords(cursor, RULES, new Set<ObjectOptionId>([...allowed, ...required]));
  if (unknown !== undefined) throw new CliError(`Unknown option "${unknown}"`);
  const missing = required.filter((id) => !found.has(id));
  const named = missing.find((id) => REQUIRED_MESSAGES[id] !== undefined);
  if (named !== undefined) throw new CliError(REQUIRED_MESSAGES[named] ?? '');
  if (missing.length > 0) throw new CliError('BUG: unknown argument required but not found');
  return values;
}
