import type { ArgCursor } from '../../grammar/cursor.js';
import { readKeywords, type KeywordRule } from '../../grammar/keywords.js';
import type { DeviceHandle } from '../../../devlink/handles.js';
import { parseDeviceArg } from '../../grammar/handles.js';
import { requireString, requireUnsigned, U32_MAX } from '../../grammar/values.js';
import type { CliContext, Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { linecardStateText, printLinecard } from './print.js';
import { commandNotFound, inSection, printUsage } from '../common.js';

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

type LcOptionId = 'index' | 'type';

/** In iproute2's option order; `notype` sets the type to null (unprovision). */
const LC_RULES: readonly KeywordRule<LcOptionId, LcOptions>[] = [
  { id: 'index', keyword: 'lc', read: (c, v) => { v.index = Number(requireUnsigned(c.next(), U32_MAX)); } },
  { id: 'type', keyword: 'type', read: (c, v) => { v.type = requireString(c.next()); } },
  { id: 'type', keyword: 'notype', read: (_c, v) => { v.type = null; } },
];

/**
 * Reads `lc N`, `type T` and `notype` with the shared keyword reader (iproute2 6.1's rule: the
 * first word it does not know fails with `Unknown option "X"`); `set` then names a missing index
 * or type in iproute2's words.
 */
function readLcOptions(cursor: ArgCursor, withType: boolean): LcOptions {
  const { values, unknown } = readKeywords(cursor, LC_RULES, new Set<LcOptionId>(withType ? ['index', 'type'] : ['index']));
  if (unknown !== undefined) throw new CliError(`Unknown option "${unknown}"`);
  if (withType && values.index === undefined) throw new CliError('Linecard index expected.');
  if (withType && values.type === undefined) throw new CliError('Linecard type expected.');
  return values;
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
    await (await context.devlink()).setLinecardType(dev, options.index ?? 0, options.type ?? null);
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
async function waitForOutcome(context: CliContext, dev: DeviceHandle, index: number, type: string | null): Promise<void> {
  const state = type === null ? 'unprovisioned' : 'provisioned';
  const card = await (await context.devlink()).waitForLinecardState(dev, index, state, { timeoutMs: context.options.waitMs ?? 0 });
  context.io.stdout(`${dev.busName}/${dev.deviceName} lc ${index}: state ${linecardStateText(card.state)}${card.type !== undefined ? ` type ${card.type}` : ''}\n`);
}

/**
 * `lc show [DEV [lc N]]`: every slot (dump), one device's slots (a dump with the device as
 * selector, as iproute2 6.15 sends it; 6.1 asks for a slot without an index and gets EINVAL),
 * or one slot.
 */
async function lcShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let dev: DeviceHandle | undefined;
  let index: number | undefined;
  if (!cursor.atEnd) {
    dev = parseDeviceArg(cursor.next());
    index = readLcOptions(cursor, false).index;
  }
  const devlink = await context.devlink();
  await inSection(context, 'lc', async () => {
    const cards = dev && index !== undefined ? [await devlink.getLinecard(dev, index)] : await devlink.listLinecards(dev);
    for (const card of cards) printLinecard(context.printer, card);
  });
}
