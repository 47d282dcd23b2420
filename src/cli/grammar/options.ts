import type { ReloadNetns } from '../../devlink/ops/reload.js';
import {
  ESWITCH_INLINE_MODE, ESWITCH_MODE, PARAM_CMODE, PORT_FLAVOUR, PORT_FN_STATE, PORT_TYPE, RELOAD_ACTION, RELOAD_LIMIT,
} from '../../devlink/spec/enums.js';
import type { EnumSpec } from '../../devlink/spec/types.js';
import type {
  EswitchEncapMode, EswitchInlineMode, EswitchMode, ParamCmode, PortFlavour, PortFunctionState, PortType, ReloadAction,
  ReloadLimit,
} from '../../devlink/types.js';
import { CliError, invalidArgument } from '../errors.js';
import { readReloadNetns } from './netns.js';
import type { ArgCursor } from './cursor.js';
import { readKeywords, type KeywordRule } from './keywords.js';
import {
  parseHardwareAddress,
  requireBoolean,
  requireSmallUnsigned,
  requireString,
  strtoull,
  U16_MAX,
  U32_MAX,
} from './values.js';
import { parseRate } from '../../devlink/rate-units.js';

/** Values the keyword options of the devlink grammar produce (iproute2's `struct dl_opts`). */
export interface KeywordValues {
  portType?: PortType;
  count?: number;
  eswitchMode?: EswitchMode;
  inlineMode?: EswitchInlineMode;
  encapMode?: EswitchEncapMode;
  paramName?: string;
  paramValue?: string;
  cmode?: ParamCmode;
  paramDefault?: true;
  netns?: ReloadNetns;
  reloadAction?: ReloadAction;
  reloadLimit?: ReloadLimit;
  hwAddr?: Uint8Array;
  fnState?: PortFunctionState;
  flavour?: PortFlavour;
  pfnum?: number;
  sfnum?: number;
  controller?: number;
  txShare?: bigint;
  txMax?: bigint;
  txPriority?: number;
  txWeight?: number;
  /** Parent node name; '' means `noparent`. */
  parent?: string;
  tcBandwidths?: number[];
  /** Port function capabilities to change, as the library's settings name them. */
  caps?: Partial<Record<PortFunctionCap, boolean>>;
  maxIoEqs?: number;
}

/** Identifies one keyword option (several keywords can set the same value, e.g. parent/noparent). */
export type OptionId =
  | 'portType' | 'count' | 'eswitchMode' | 'inlineMode' | 'encapMode' | 'paramName' | 'paramValue'
  | 'cmode' | 'paramDefault' | 'netns' | 'reloadAction' | 'reloadLimit' | 'hwAddr' | 'fnState'
  | 'flavour' | 'pfnum' | 'sfnum' | 'controller' | 'txShare' | 'txMax' | 'txPriority' | 'txWeight'
  | 'parent' | 'tcBandwidths' | 'caps' | 'maxIoEqs';

export type OptionRule = KeywordRule<OptionId, KeywordValues>;

/** The port function capabilities, as `port function set` settings name them. */
type PortFunctionCap = 'roce' | 'migratable' | 'ipsecCrypto' | 'ipsecPacket';

/**
 * Reads an enum word by the spec's table (the one table of each enum, whose names are iproute2's
 * words); `refused` are names of the table iproute2 does not accept on its command line.
 * Returns undefined for any other word.
 */
function specName<T extends string>(spec: EnumSpec, word: string, refused: readonly string[] = []): T | undefined {
  return spec.byName.has(word) && !refused.includes(word) ? (word as T) : undefined;
}

function enumValue<T extends string>(cursor: ArgCursor, spec: EnumSpec, message: string, refused: readonly string[] = []): T {
  const word = requireString(cursor.next());
  const name = specName<T>(spec, word, refused);
  if (name === undefined) throw new CliError(message.replace('%s', word));
  return name;
}

function rateValue(cursor: ArgCursor): bigint {
  const word = requireString(cursor.next());
  const rate = parseRate(word);
  if (rate === undefined) throw new CliError(`Invalid rate value: "${word}"`);
  return rate;
}

function capability(name: PortFunctionCap) {
  return (cursor: ArgCursor, values: KeywordValues): void => {
    values.caps = { ...values.caps, [name]: requireBoolean(cursor.next()) };
  };
}

const TC_COUNT = 8;

function readTcBandwidths(cursor: ArgCursor, values: KeywordValues): void {
  const shares = new Array<number>(TC_COUNT).fill(0);
  const seen = new Set<number>();
  for (let i = 0; i < TC_COUNT; i += 1) {
    const word = cursor.next();
    if (word === undefined) {
      throw new CliError('Error parsing tc-bw: example usage: tc-bw 0:60 1:10 2:0 3:0 4:30 5:0 6:0 7:0');
    }
    const colon = word.lastIndexOf(':');
    if (colon < 0) throw new CliError(`Invalid format in token: ${word}`);
    const indexText = word.slice(0, colon);
    const shareText = word.slice(colon + 1);
    const indexValue = readTcNumber(indexText);
    if (indexValue === undefined) throw new CliError(`Invalid traffic class index: ${indexText}`);
    const index = Number(indexValue);
    if (indexValue >= BigInt(TC_COUNT)) {
      throw new CliError(`Error parsing tc-bw: invalid index: ${cInt(indexValue)}, use values between 0 and ${TC_COUNT - 1}`);
    }
    if (seen.has(index)) throw new CliError(`Error parsing tc-bw: duplicate index : ${index}`);
    seen.add(index);
    const shareValue = readTcNumber(shareText);
    if (shareValue === undefined || shareValue > U32_MAX) throw new CliError(`Invalid bandwidth value: ${shareText}`);
    const share = Number(shareValue);
    shares[index] = share;
  }
  values.tcBandwidths = shares;
}

/**
 * A tc-bw index or share as iproute2 reads it (`strtoul(text, &end, 10)`, refused only when text
 * is left over): an empty word is 0, blanks and a sign are read as strtoull does, an overflow
 * is ULONG_MAX. undefined when text is left over.
 */
function readTcNumber(text: string): bigint | undefined {
  if (text === '') return 0n;
  const read = strtoull(text);
  return read && read.rest === '' ? read.value : undefined;
}

/**
 * How iproute2 prints an out-of-range tc-bw index: C's `int` of the value (`-1` for `-1`); when
 * that `int` would fall in 0..7 (C then silently uses it) the full value is shown instead.
 */
function cInt(value: bigint): string {
  const asInt = BigInt.asIntN(32, value);
  return asInt >= 0n && asInt < BigInt(TC_COUNT) ? value.toString() : asInt.toString();
}


/**
 * The keyword options in iproute2's matching order (the order of its `dl_argv_parse` chain):
 * when a word is a prefix of several allowed keywords, the first one listed here wins.
 */
const RULES: readonly OptionRule[] = [
  { id: 'portType', keyword: 'type', read: (c, v) => { v.portType = enumValue<PortType>(c, PORT_TYPE, 'Unknown port type "%s"', ['notset']); } },
  { id: 'count', keyword: 'count', read: (c, v) => { v.count = requireSmallUnsigned(c.next(), U32_MAX); } },
  { id: 'eswitchMode', keyword: 'mode', read: (c, v) => { v.eswitchMode = enumValue<EswitchMode>(c, ESWITCH_MODE, 'Unknown eswitch mode "%s"'); } },
  { id: 'inlineMode', keyword: 'inline-mode', read: (c, v) => { v.inlineMode = enumValue<EswitchInlineMode>(c, ESWITCH_INLINE_MODE, 'Unknown eswitch inline mode "%s"'); } },
  { id: 'encapMode', keyword: 'encap', read: readEncap },
  { id: 'encapMode', keyword: 'encap-mode', read: readEncap },
  { id: 'paramName', keyword: 'name', read: (c, v) => { v.paramName = requireString(c.next()); } },
  { id: 'paramValue', keyword: 'value', read: (c, v) => { v.paramValue = requireString(c.next()); } },
  { id: 'cmode', keyword: 'cmode', read: (c, v) => { v.cmode = enumValue<ParamCmode>(c, PARAM_CMODE, 'Unknown configuration mode "%s"'); } },
  { id: 'paramDefault', keyword: 'default', read: (_c, v) => { v.paramDefault = true; } },
  { id: 'netns', keyword: 'netns', read: (c, v) => { v.netns = readReloadNetns(requireString(c.next())); } },
  { id: 'reloadAction', keyword: 'action', read: (c, v) => { v.reloadAction = enumValue<ReloadAction>(c, RELOAD_ACTION, 'Unknown reload action "%s"', ['unspec']); } },
  { id: 'reloadLimit', keyword: 'limit', read: (c, v) => { v.reloadLimit = enumValue<ReloadLimit>(c, RELOAD_LIMIT, 'Unknown reload limit "%s"', ['unspec']); } },
  { id: 'hwAddr', keyword: 'hw_addr', read: (c, v) => { v.hwAddr = parseHardwareAddress(requireString(c.next())); } },
  { id: 'fnState', keyword: 'state', read: readState },
  { id: 'flavour', keyword: 'flavour', read: readFlavour },
  { id: 'pfnum', keyword: 'pfnum', read: (c, v) => { v.pfnum = requireSmallUnsigned(c.next(), U16_MAX); } },
  { id: 'sfnum', keyword: 'sfnum', read: (c, v) => { v.sfnum = requireSmallUnsigned(c.next(), U32_MAX); } },
  { id: 'controller', keyword: 'controller', read: (c, v) => { v.controller = requireSmallUnsigned(c.next(), U32_MAX); } },
  { id: 'txShare', keyword: 'tx_share', read: (c, v) => { v.txShare = rateValue(c); } },
  { id: 'txMax', keyword: 'tx_max', read: (c, v) => { v.txMax = rateValue(c); } },
  { id: 'txPriority', keyword: 'tx_priority', read: (c, v) => { v.txPriority = requireSmallUnsigned(c.next(), U32_MAX); } },
  { id: 'txWeight', keyword: 'tx_weight', read: (c, v) => { v.txWeight = requireSmallUnsigned(c.next(), U32_MAX); } },
  { id: 'parent', keyword: 'parent', read: (c, v) => { v.parent = requireString(c.next()); } },
  { id: 'parent', keyword: 'noparent', read: (_c, v) => { v.parent = ''; } },
  { id: 'tcBandwidths', keyword: 'tc-bw', read: readTcBandwidths },
  { id: 'caps', keyword: 'roce', read: capability('roce') },
  { id: 'caps', keyword: 'migratable', read: capability('migratable') },
  { id: 'caps', keyword: 'ipsec_crypto', read: capability('ipsecCrypto') },
  { id: 'caps', keyword: 'ipsec_packet', read: capability('ipsecPacket') },
  { id: 'maxIoEqs', keyword: 'max_io_eqs', read: (c, v) => { v.maxIoEqs = requireSmallUnsigned(c.next(), U32_MAX); } },
];

function readEncap(cursor: ArgCursor, values: KeywordValues): void {
  const word = requireString(cursor.next());
  // iproute2 still accepts the original enable/disable spelling.
  if (word === 'none' || word === 'disable') values.encapMode = 'none';
  else if (word === 'basic' || word === 'enable') values.encapMode = 'basic';
  else throw new CliError(`Unknown eswitch encap mode "${word}"`);
}

function readState(cursor: ArgCursor, values: KeywordValues): void {
  const word = requireString(cursor.next());
  const state = specName<PortFunctionState>(PORT_FN_STATE, word);
  if (state === undefined) throw invalidArgument('unknown state', word);
  values.fnState = state;
}

function readFlavour(cursor: ArgCursor, values: KeywordValues): void {
  const word = requireString(cursor.next());
  // iproute2 has no word for the `unused` flavour.
  const flavour = specName<PortFlavour>(PORT_FLAVOUR, word, ['unused']);
  if (flavour === undefined) throw invalidArgument('unknown flavour', word);
  values.flavour = flavour;
}

/** iproute2's messages for required options that were not given, in its order. */
const REQUIRED_MESSAGES: readonly (readonly [OptionId, string])[] = [
  ['portType', 'Port type not set.'],
  ['count', 'Port split count option expected.'],
  ['eswitchMode', 'E-Switch mode option expected.'],
  ['inlineMode', 'E-Switch inline-mode option expected.'],
  ['encapMode', 'E-Switch encapsulation option expected.'],
  ['paramName', 'Parameter name expected.'],
  ['paramValue', 'Value to set expected.'],
  ['cmode', 'Configuration mode expected.'],
  ['hwAddr', "Port function's hardware address is expected."],
  ['flavour', 'Port flavour is expected.'],
  ['pfnum', 'Port PCI PF number is expected.'],
];

/**
 * Reads keyword options (`name VALUE` pairs and bare keywords) as iproute2 6.1's `dl_argv_parse`
 * does: only the `allowed` options are recognised, by prefix in iproute2's order; the first word
 * none takes fails with `Unknown option "WORD"`, a malformed value with its own message, and then
 * the first required option not given is named (6.15 names them all; see src/cli/README.md).
 */
export function parseKeywordOptions(
  cursor: ArgCursor,
  allowed: readonly OptionId[],
  required: readonly OptionId[] = [],
): KeywordValues {
  const { values, found, unknown } = readKeywords(cursor, RULES, new Set<OptionId>([...allowed, ...required]));
  if (unknown !== undefined) throw new CliError(`Unknown option "${unknown}"`);
  throwIfMissing(required, found);
  return values;
}

/** The keyword rules of these options, for a command that reads them alongside rules of its own. */
export function keywordRules(ids: readonly OptionId[]): OptionRule[] {
  return RULES.filter((rule) => ids.includes(rule.id));
}

/** Throws iproute2's message for the first required option (in its order) that was not found. */
export function throwIfMissing(required: readonly OptionId[], found: ReadonlySet<unknown>): void {
  const missing = REQUIRED_MESSAGES.find(([id]) => required.includes(id) && !found.has(id));
  if (missing) throw new CliError(missing[1]);
}
