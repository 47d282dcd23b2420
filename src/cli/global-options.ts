import type yargsParser from 'yargs-parser';
import type { GlobalOptions } from './context.js';
import { CliError } from './errors.js';
import { DEFAULT_WAIT_MS } from './wait-default.js';
import { MAIN_USAGE } from './usage.js';

/** Long option names and their one-letter forms (iproute2's getopt table, plus --help/--wait). */
const FLAGS: readonly (readonly [string, string])[] = [
  ['Version', 'V'],
  ['force', 'f'],
  ['no-nice-names', 'n'],
  ['json', 'j'],
  ['pretty', 'p'],
  ['verbose', 'v'],
  ['statistics', 's'],
  ['iec', 'i'],
  ['hex', 'x'],
  ['help', 'h'],
];
const VALUED: readonly (readonly [string, string])[] = [
  ['batch', 'b'],
  ['Netns', 'N'],
];
const SHORT_LETTERS = new Set([...FLAGS, ...VALUED].map(([, short]) => short));
const LONG_NAMES = [...FLAGS, ...VALUED].map(([long]) => long);

/** The parsed command line: options, the command words, and what to do first. */
export interface ParsedCommandLine {
  options: GlobalOptions;
  words: string[];
  version: boolean;
  help: boolean;
}

/**
 * iproute2 documents single-dash long options (`-force`, `-batch`, `-Netns`, `-json`); turn
 * `-force` into `--force` when the word is a prefix of a long option and cannot be a group of
 * one-letter flags.
 */
function normaliseSingleDashLong(word: string): string {
  if (!/^-[A-Za-z][A-Za-z-]{2,}$/.test(word)) return word;
  const body = word.slice(1);
  const long = LONG_NAMES.find((name) => name.startsWith(body));
  if (!long) return word;
  const allFlags = [...body].every((letter) => SHORT_LETTERS.has(letter));
  return allFlags ? word : `--${long}`;
}

function parseWait(value: string): number {
  if (value === '') return DEFAULT_WAIT_MS;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError(`Invalid --wait timeout "${value}": expected a number of seconds greater than 0`);
  }
  return Math.round(seconds * 1000);
}

/**
 * Parses the global options with yargs' parser (short groups like `-jp`, `-N NS`, long forms),
 * wherever they appear on the line as iproute2's getopt allows, and returns the remaining words
 * for the keyword grammar. `--wait[=SECONDS]` is taken out first (its value is optional).
 * An unknown option fails as iproute2 does: `Unknown option.` and the usage.
 */
export async function parseCommandLine(argv: readonly string[]): Promise<ParsedCommandLine> {
  return parseSimpleCommandLine(argv) ?? parseWithYargsParser(argv);
}

/** {@link parseCommandLine} through yargs' parser, whatever the line (exported for the tests that hold the fast path to it). */
export async function parseWithYargsParser(argv: readonly string[]): Promise<ParsedCommandLine> {
  const Parser = await loadParser();
  let waitMs: number | undefined;
  const rest: string[] = [];
  let afterDoubleDash = false;
  for (const word of argv) {
    if (!afterDoubleDash && (word === '--wait' || word.startsWith('--wait='))) {
      waitMs = parseWait(word === '--wait' ? '' : word.slice('--wait='.length));
      continue;
    }
    if (word === '--') afterDoubleDash = true;
    rest.push(afterDoubleDash ? word : normaliseSingleDashLong(word));
  }
  const parsed = Parser.detailed(rest, {
    boolean: FLAGS.map(([long]) => long),
    string: VALUED.map(([long]) => long),
    alias: Object.fromEntries([...FLAGS, ...VALUED].map(([long, short]) => [long, short])),
    configuration: {
      'boolean-negation': false,
      'camel-case-expansion': false,
      'dot-notation': false,
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'duplicate-arguments-array': false,
      'unknown-options-as-args': true,
      'populate--': true,
    },
  });
  if (parsed.error) throw new CliError(`${parsed.error.message}`);
  const args = parsed.argv;
  const words = args._.map(String);
  const unknown = words.find((word) => word.startsWith('-') && word !== '-' && !/^-\d/.test(word));
  if (unknown !== undefined) {
    throw new CliError([`devlink-ts: invalid option -- '${unknown.replace(/^-+/, '')}'`, 'Unknown option.', ...MAIN_USAGE]);
  }
  words.push(...((args['--'] as string[] | undefined) ?? []).map(String));
  const text = (key: string): string | undefined => {
    const value: unknown = args[key];
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    return typeof last === 'string' ? last : undefined;
  };
  const missingValue = VALUED.find(([long]) => key(args, long) && text(long) === '');
  if (missingValue) {
    throw new CliError([`devlink-ts: option requires an argument -- '${missingValue[1]}'`, 'Unknown option.', ...MAIN_USAGE]);
  }
  const options: GlobalOptions = {
    json: args['json'] === true,
    pretty: args['pretty'] === true,
    verbose: args['verbose'] === true,
    statistics: args['statistics'] === true,
    noNiceNames: args['no-nice-names'] === true,
    iec: args['iec'] === true,
    force: args['force'] === true,
  };
  const netns = text('Netns');
  if (netns !== undefined) options.netns = netns;
  const batch = text('batch');
  if (batch !== undefined) options.batch = batch;
  if (waitMs !== undefined) options.waitMs = waitMs;
  return { options, words, version: args['Version'] === true, help: args['help'] === true };
}

const SHORT_FLAG_GROUP = new RegExp(`^-[${FLAGS.map(([, short]) => short).join('')}]+$`);
const LONG_FLAGS = new Map(FLAGS.map(([long, short]) => [`--${long}`, short]));

/**
 * The common command line without yargs' parser: words, and boolean flags as one-letter groups
 * (`-j`, `-jp`) or long names (`--json`). Returns undefined for anything else (`-b`, `-N`,
 * `--wait`, `--`, single-dash long forms, `--x=y`, a flag followed by `true`/`false`, which the
 * parser would take as its value...), which goes through the parser. Why: loading and running
 * the parser was a tenth of a `devlink-ts -j port show` call in the VM (issue 16); on the lines
 * this accepts its result is the parser's.
 */
export function parseSimpleCommandLine(argv: readonly string[]): ParsedCommandLine | undefined {
  const set = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (!word.startsWith('-') || word === '-') {
      words.push(word);
      continue;
    }
    const long = LONG_FLAGS.get(word);
    if (long !== undefined) set.add(long);
    else if (SHORT_FLAG_GROUP.test(word)) for (const letter of word.slice(1)) set.add(letter);
    else return undefined;
    const next = argv[i + 1];
    if (next === 'true' || next === 'false') return undefined;
  }
  return {
    options: {
      json: set.has('j'),
      pretty: set.has('p'),
      verbose: set.has('v'),
      statistics: set.has('s'),
      noNiceNames: set.has('n'),
      iec: set.has('i'),
      force: set.has('f'),
    },
    words,
    version: set.has('V'),
    help: set.has('h'),
  };
}

function key(args: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(args, name);
}


type YargsParser = typeof yargsParser;

/**
 * yargs' argument parser. Loaded from `yargs-parser` (the package yargs itself uses, ~15 ms)
 * when the install layout exposes it, else through `yargs/helpers`, which also loads yargs'
 * platform shims (~60 ms): startup time is most of what a `devlink-ts` call costs.
 */
async function loadParser(): Promise<YargsParser> {
  try {
    return (await import('yargs-parser')).default;
  } catch {
    return (await import('yargs/helpers')).Parser;
  }
}
