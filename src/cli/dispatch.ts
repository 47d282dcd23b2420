import { ArgCursor } from './grammar/cursor.js';
import type { CliContext, Command } from './context.js';
import { CliError } from './errors.js';
import { MAIN_USAGE, usageText } from './usage.js';

/**
 * The objects, in iproute2's matching order (`p` is `port`, `r` is `resource`), each loaded only
 * when used so that `devlink-ts -V` or `dev show` never load the monitor or the rate code.
 * `rate` is devlink-ts shorthand for `port function rate`; `slice` is the 2020 devlink-slice
 * proposal's object, an alias over ports and port functions (last, so `s` stays `sb`).
 */
const OBJECTS: readonly (readonly [string, () => Promise<Command>])[] = [
  ['dev', async () => (await import('./objects/dev/command.js')).devCommand],
  ['port', async () => (await import('./objects/port/command.js')).portCommand],
  ['sb', async () => (await import('./objects/sb/command.js')).sbCommand],
  ['monitor', async () => (await import('./objects/monitor/command.js')).monitorCommand],
  ['dpipe', async () => (await import('./objects/dpipe/command.js')).dpipeCommand],
  ['resource', async () => (await import('./objects/resource/command.js')).resourceCommand],
  ['region', async () => (await import('./objects/region/command.js')).regionCommand],
  ['health', async () => (await import('./objects/health/command.js')).healthCommand],
  ['trap', async () => (await import('./objects/trap/command.js')).trapCommand],
  ['lc', async () => (await import('./objects/lc/command.js')).lcCommand],
  ['rate', async () => (await import('./objects/rate/command.js')).rateCommand],
  ['slice', async () => (await import('./objects/slice/command.js')).sliceCommand],
];

/**
 * Runs one command line (the words after the global options), like iproute2's `dl_cmd`:
 * no words or `help` prints the usage to stderr and succeeds; an unknown object fails with
 * `Object "X" not found`.
 */
export async function runCommandLine(words: readonly string[], context: CliContext): Promise<void> {
  const cursor = new ArgCursor(words);
  context.printer.resetCommandState();
  if (cursor.atEnd || cursor.matches('help')) {
    context.io.stderr(usageText(MAIN_USAGE));
    return;
  }
  const entry = OBJECTS.find(([name]) => cursor.matches(name));
  if (!entry) throw new CliError(`Object "${cursor.peek() ?? ''}" not found`);
  cursor.skip();
  const command = await entry[1]();
  await command(cursor, context);
}

/** The objects' names, in matching order (the usage must name each of them). */
export const OBJECT_NAMES: readonly string[] = OBJECTS.map(([name]) => name);

/** The object a command line names (for `-h OBJECT`), or undefined. */
export function objectOf(words: readonly string[]): string | undefined {
  const first = words[0];
  if (first === undefined) return undefined;
  return OBJECTS.find(([name]) => first.length <= name.length && name.startsWith(first))?.[0];
}
