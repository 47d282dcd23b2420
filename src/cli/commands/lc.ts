import type { ArgCursor } from '../args/cursor.js';
import { parseDeviceArg, type DeviceArg } from '../args/handles.js';
import { requireString, requireUnsigned, U32_MAX } from '../args/values.js';
import type { CliContext, Command } from '../context.js';
import { CliError } from '../errors.js';
import { linecardStateName, printLinecard } from '../output/print-linecard.js';
import { commandNotFound, inSection, printUsage } from './common.js';

/** `devlink-ts lc help` (iproute2's words). */
export const LC_USAGE = [
  'Usage: devlink lc show [ DEV [ lc LC_INDEX ] ]',
  '       devlink lc set DEV lc LC_INDEX [ { type LC_TYPE | notype } ]',
];

interface LcOptions {
  index?: number;
  /** The type to provision; null for `notype`. */
  type?: string | null;
}

/**
 * Reads `lc N`, `type T` and `notype` as iproute2's option loop does: by prefix, only the
 * allowed ones, stopping at the first word it does not know with `Unknown option "X"`; then
 * names a missing required option in iproute2's words.
 */
function readLcOptions(cursor: ArgCursor, withType: boolean): LcOptions {
  const options: LcOptions = {};
  while (!cursor.atEnd) {
    if (cursor.accept('lc')) options.index = Number(requireUnsigned(cursor.next(), U32_MAX));
    else if (withType && cursor.accept('type')) options.type = requireString(cursor.next());
    else if (withType && cursor.accept('notype')) options.type = null;
    else throw new CliError(`Unknown option "${cursor.peek() ?? ''}"`);
  }
  if (withType && options.index === undefined) throw new CliError('Linecard index expected.');
  if (withType && options.type === undefined) throw new CliError('Linecard type expected.');
  return options;
}

/** `devlink-ts lc ...`: line card slots (show, set type|notype). */
export const lcCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, LC_USAGE);
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    return lcShow(cursor, context);
  }
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = readLcOptions(cursor, true);
    const linecards = await (await context.backend()).linecard();
    await linecards.setLinecardType(dev, options.index ?? 0, options.type ?? null);
    if (context.options.waitMs !== undefined) await waitForOutcome(context, dev, options.index ?? 0, options.type ?? null);
    return;
  }
  throw commandNotFound(cursor);
};

/**
 * devlink-ts's `lc set ... --wait[=SECONDS]`: waits until the slot is provisioned (`type`) or
 * unprovisioned (`notype`), then prints `DEV lc N: state S [type T]`; a failed provisioning or a
 * timeout (naming the awaited state) fails the command.
 */
async function waitForOutcome(context: CliContext, dev: DeviceArg, index: number, type: string | null): Promise<void> {
  const linecards = await (await context.backend()).linecard();
  const card = await linecards.waitForLinecardState(dev, index, type === null ? 'unprovisioned' : 'provisioned', context.options.waitMs ?? 0);
  context.io.stdout(`${dev.busName}/${dev.devName} lc ${index}: state ${linecardStateName(card.state)}${card.type !== undefined ? ` type ${card.type}` : ''}\n`);
}

/**
 * `lc show [DEV [lc N]]`: every slot (dump), one device's slots (a dump with the device as
 * selector, as iproute2 6.15 sends it; 6.1 asks for a slot without an index and gets EINVAL),
 * or one slot.
 */
async function lcShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let dev: DeviceArg | undefined;
  let index: number | undefined;
  if (!cursor.atEnd) {
    dev = parseDeviceArg(cursor.next());
    index = readLcOptions(cursor, false).index;
  }
  const linecards = await (await context.backend()).linecard();
  await inSection(context, 'lc', async () => {
    const cards = dev && index !== undefined ? [await linecards.getLinecard(dev, index)] : await linecards.listLinecards(dev);
    for (const card of cards) printLinecard(context.printer, card);
  });
}
