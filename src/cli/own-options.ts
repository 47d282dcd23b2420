/**
 * Options of the commands that have no iproute2 counterpart (`daemon`, `status`, `wait-ready`):
 * GNU-style long options read by yargs-parser, every unknown option an error naming it.
 */
import type yargsParser from 'yargs-parser';

/** A bad command line (the caller prints it with its usage and exits 1). */
export class UsageError extends Error {}

/** Parses `argv`; `help` (-h) is always known; positionals come back in `_`. */
export async function parseOwnOptions(
  argv: readonly string[],
  spec: { strings: readonly string[]; booleans: readonly string[]; aliases?: Record<string, string> },
): Promise<{ options: Record<string, string | boolean>; positionals: string[] }> {
  const Parser: typeof yargsParser = (await import('yargs-parser')).default;
  const parsed = Parser.detailed([...argv], {
    boolean: [...spec.booleans, 'help'],
    string: [...spec.strings],
    alias: { help: 'h', ...(spec.aliases ?? {}) },
    configuration: { 'camel-case-expansion': false, 'parse-numbers': false, 'parse-positional-numbers': false, 'duplicate-arguments-array': false, 'boolean-negation': false },
  });
  if (parsed.error) throw new UsageError(parsed.error.message);
  const args = parsed.argv as Record<string, unknown> & { _: unknown[] };
  const known = new Set(['_', '--', 'help', 'h', ...spec.strings, ...spec.booleans, ...Object.keys(spec.aliases ?? {}), ...Object.values(spec.aliases ?? {})]);
  const unknown = Object.keys(args).find((key) => !known.has(key));
  if (unknown !== undefined) throw new UsageError(`unknown option "${unknown.length === 1 ? '-' : '--'}${unknown}"`);
  for (const name of spec.strings) {
    if (args[name] === '') throw new UsageError(`--${name} needs a value`);
  }
  const { _: positionals, ...options } = args;
  return { options: options as Record<string, string | boolean>, positionals: positionals.map(String) };
}
