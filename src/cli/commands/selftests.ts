import type { ArgCursor } from '../grammar/cursor.js';
import type { DeviceHandle } from '../../devlink/handles.js';
import { parseDeviceArg } from '../grammar/handles.js';
import { requireString } from '../grammar/values.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { printSelftestResults, printSelftests } from '../output/print-selftests.js';
import { DEV_USAGE } from '../usage.js';
import { commandNotFound, expectNoMoreWords, inSection, printUsage } from '../objects/common.js';

/** Selftest names iproute2 accepts after `id`. */
const KNOWN = new Set(['flash']);

/** `devlink-ts dev selftests { show [DEV] | run DEV [id TESTNAME...] }`. */
export async function devSelftests(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, DEV_USAGE);
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    let dev: DeviceHandle | undefined;
    if (!cursor.atEnd) {
      dev = parseDeviceArg(cursor.next());
      expectNoMoreWords(cursor);
    }
    const selftests = await (await import('../devlink-backend-selftests.js')).selftestsBackend(await context.devlink());
    await inSection(context, 'selftests', async () => {
      for (const view of await selftests.listSelftests(dev)) printSelftests(context.printer, view);
    });
    return;
  }
  if (cursor.accept('run')) {
    const dev = parseDeviceArg(cursor.next());
    readTestIds(cursor);
    const results = await (await (await import('../devlink-backend-selftests.js')).selftestsBackend(await context.devlink())).runSelftests(dev);
    printSelftestResults(context.printer, dev, results);
    context.flush();
    return;
  }
  throw commandNotFound(cursor);
}

/**
 * `[id TESTNAME...]`: every word after `id` names a test, and an unknown one is refused. As in
 * iproute2 the run then asks for every known test either way (its selection never narrows it).
 */
function readTestIds(cursor: ArgCursor): void {
  while (!cursor.atEnd) {
    if (!cursor.accept('id')) throw new CliError(`Unknown option "${cursor.peek() ?? ''}"`);
    while (!cursor.atEnd) {
      const name = requireString(cursor.next());
      if (!KNOWN.has(name)) throw new CliError(`Unknown selftest "${name}"`);
    }
  }
}
