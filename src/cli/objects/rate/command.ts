import type { DeviceHandle, RateHandle } from '../../../devlink/handles.js';
import type { RateSettings } from '../../../devlink/ops/rates.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceArg, parseRateArg, parseRateNodeArg } from '../../grammar/handles.js';
import { parseKeywordOptions, type KeywordValues, type OptionId } from '../../grammar/options.js';
import type { CliContext, Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { printRate } from './print.js';
import { RATE_USAGE } from '../../usage.js';
import { commandNotFound, expectNoMoreWords, inSection, printUsage } from '../common.js';

const RATE_OPTIONS: readonly OptionId[] = ['txShare', 'txMax', 'txPriority', 'txWeight', 'parent', 'tcBandwidths'];

/** `devlink-ts port function rate ...` (and the `rate ...` shorthand): show, add, del, set. */
export const rateCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, RATE_USAGE);
  if (cursor.matches('show') || cursor.atEnd) {
    cursor.skip();
    return rateShow(cursor, context);
  }
  if (cursor.accept('add')) return rateAdd(cursor, context);
  if (cursor.accept('del')) return rateDel(cursor, context);
  if (cursor.accept('set')) return rateSet(cursor, context);
  throw commandNotFound(cursor);
};

async function rateShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let dev: DeviceHandle | undefined;
  let rate: RateHandle | undefined;
  if (!cursor.atEnd) {
    const word = cursor.next() ?? '';
    // `rate show DEV` lists one device's rate objects (iproute2 rejects a bare device here).
    if (word.split('/').length === 2) dev = parseDeviceArg(word);
    else rate = parseRateArg(word);
    expectNoMoreWords(cursor);
  }
  const devlink = await context.devlink();
  await inSection(context, 'rate', async () => {
    const rates = rate ? [await devlink.getRate(rate)] : await devlink.listRates(dev);
    for (const item of rates) printRate(context.printer, item, context.options.iec);
  });
}

function settings(options: KeywordValues): RateSettings {
  return {
    ...(options.txShare !== undefined ? { txShare: options.txShare } : {}),
    ...(options.txMax !== undefined ? { txMax: options.txMax } : {}),
    ...(options.txPriority !== undefined ? { txPriority: options.txPriority } : {}),
    ...(options.txWeight !== undefined ? { txWeight: options.txWeight } : {}),
    // `noparent` clears the parent.
    ...(options.parent !== undefined ? { parent: options.parent === '' ? null : options.parent } : {}),
    ...(options.tcBandwidths !== undefined ? { tcBandwidths: options.tcBandwidths.map((bw, index) => ({ index, bw })) } : {}),
  };
}

/** iproute2's client-side check: tx_share may not exceed a non-zero tx_max. */
function checkShareWithinMax(share: bigint, max: bigint): void {
  if (max !== 0n && share > max) throw new CliError('Invalid. Expected tx_share <= tx_max or tx_share == 0.');
}

async function rateAdd(cursor: ArgCursor, context: CliContext): Promise<void> {
  const node = parseRateNodeArg(cursor.next());
  const options = parseKeywordOptions(cursor, RATE_OPTIONS);
  if (options.txShare !== undefined && options.txMax !== undefined) checkShareWithinMax(options.txShare, options.txMax);
  await (await context.devlink()).addRateNode(node, settings(options));
}

async function rateDel(cursor: ArgCursor, context: CliContext): Promise<void> {
  const node = parseRateNodeArg(cursor.next());
  expectNoMoreWords(cursor);
  await (await context.devlink()).deleteRateNode(node);
}

async function rateSet(cursor: ArgCursor, context: CliContext): Promise<void> {
  const rate = parseRateArg(cursor.next());
  const options = parseKeywordOptions(cursor, RATE_OPTIONS);
  if (options.txShare !== undefined && options.txMax !== undefined) checkShareWithinMax(options.txShare, options.txMax);
  const devlink = await context.devlink();
  if ((options.txShare === undefined) !== (options.txMax === undefined)) {
    // Only one of the two given: check it against the other's current value, as iproute2 does.
    const current = await devlink.getRate(rate);
    checkShareWithinMax(options.txShare ?? current.txShare ?? 0n, options.txMax ?? current.txMax ?? 0n);
  }
  await devlink.setRate(rate, settings(options));
}
