import type { CliIo } from './io.js';
import { objectOf } from './dispatch.js';
import {
  DEV_USAGE,
  MAIN_USAGE,
  MONITOR_USAGE,
  PORT_FUNCTION_USAGE,
  PORT_USAGE,
  RATE_USAGE,
  usageText,
} from './usage.js';

/**
 * `-h`/`--help`: with no object, the global options rendered by yargs; with an object (and
 * sub-object) the iproute2-style usage of that command, e.g. `devlink-ts port function rate -h`.
 * Printed to stdout (iproute2's `help` keyword keeps printing to stderr). Loaded only for help,
 * so yargs' full module never slows down normal commands.
 */
export async function printHelp(io: CliIo, words: readonly string[]): Promise<void> {
  const object = objectOf(words);
  const second = words[1] ?? '';
  const third = words[2] ?? '';
  const prefix = (word: string, keyword: string): boolean => word !== '' && keyword.startsWith(word);
  if (object === 'dev') return io.stdout(usageText(DEV_USAGE));
  if (object === 'monitor') return io.stdout(usageText(MONITOR_USAGE));
  if (object === 'rate') return io.stdout(usageText(RATE_USAGE));
  if (object === 'sb') return io.stdout(usageText((await import('./objects/sb/command.js')).SB_USAGE));
  if (object === 'dpipe') return io.stdout(usageText((await import('./objects/dpipe/command.js')).DPIPE_USAGE));
  if (object === 'health') return io.stdout(usageText((await import('./objects/health/command.js')).HEALTH_USAGE));
  if (object === 'trap') return io.stdout(usageText((await import('./objects/trap/command.js')).TRAP_USAGE));
  if (object === 'region') return io.stdout(usageText((await import('./objects/region/command.js')).REGION_USAGE));
  if (object === 'resource') return io.stdout(usageText((await import('./objects/resource/command.js')).RESOURCE_USAGE));
  if (object === 'lc') return io.stdout(usageText((await import('./objects/lc/command.js')).LC_USAGE));
  if (object === 'slice') return io.stdout(usageText((await import('./objects/slice/command.js')).SLICE_USAGE));
  if (object === 'port') {
    if (prefix(second, 'function')) return io.stdout(usageText(prefix(third, 'rate') ? RATE_USAGE : PORT_FUNCTION_USAGE));
    return io.stdout(usageText(PORT_USAGE));
  }
  const { default: yargs } = await import('yargs/yargs');
  const text = await yargs([])
    .scriptName('devlink-ts')
    .options({
      V: { alias: 'Version', type: 'boolean', description: 'print the version and exit' },
      j: { alias: 'json', type: 'boolean', description: 'JSON output (monitor: one object per line)' },
      p: { alias: 'pretty', type: 'boolean', description: 'pretty-print JSON output' },
      v: { alias: 'verbose', type: 'boolean', description: 'verbose output' },
      s: { alias: 'statistics', type: 'boolean', description: 'include statistics (dev show)' },
      n: { alias: 'no-nice-names', type: 'boolean', description: 'do not show netdev names in place of port handles' },
      i: { alias: 'iec', type: 'boolean', description: 'print rates in IEC units (Kibit, Mibit...)' },
      N: { alias: 'Netns', type: 'string', description: 'run in the named network namespace' },
      b: { alias: 'batch', type: 'string', description: 'read commands from FILE, or - for stdin' },
      f: { alias: 'force', type: 'boolean', description: 'batch: continue after a failed command' },
      wait: { type: 'string', description: 'port add / port function set state: wait up to SECONDS (default 30) until ready' },
      h: { alias: 'help', type: 'boolean', description: 'show help; "devlink-ts OBJECT -h" for an object\'s commands' },
    })
    .help(false)
    .version(false)
    .wrap(100)
    .getHelp();
  // The usage lines are printed as they are (yargs would strip their alignment).
  io.stdout(`${usageText(MAIN_USAGE)}\n${text}\n`);
}
