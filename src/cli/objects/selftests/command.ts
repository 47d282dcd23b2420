import type { DeviceHandle } from '../../../devlink/handles.js';
import { SELFTEST_ID_SET } from '../../../devlink/spec/nested-sets.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceArg } from '../../grammar/handles.js';
import { requireString } from '../../grammar/values.js';
import type { CliContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { DEV_USAGE } from '../../usage.js';
import { commandNotFound, expectNoMoreWords, inSection, printUsage } from '../common.js';
import { printSelftestResults, printSelftests } from './print.js';

/** Every selftest the spec names (`flash`): `run` asks for all of them, with or without `id`. */
const KNOWN_TESTS: readonly string[] = [...SELFTEST_ID_SET.byName.keys()];

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
    const devlink = await context.devlink();
    await inSection(context, 'selftests', async () => {
      for (const device of await devlink.listDeviceSelftests(dev)) printSelftests(context.printer, device);
    });
    return;
  }
  if (cursor.accept('run')) {
    const dev = parseDeviceArg(cursor.next());
    readTestIds(cursor);
    printSelftestResults(context.printer, dev, await (await context.devlink()).runSelftests(dev, KNOWN_TESTS));
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
      if (!KNOWN_TESTS.includes(name)) throw new CliError(`Unknown selftest "${name}"`);
    }
  }
}
