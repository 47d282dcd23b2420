import type { ParamType } from '../../../devlink/types.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseKeywordOptions } from '../../grammar/options.js';
import type { CliContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { printParam } from '../dev/param-print.js';
import { PORT_USAGE } from '../../usage.js';
import { commandNotFound, inSection, printUsage, readPort } from '../common.js';
import { parseParamValue, sameValue } from '../dev/command.js';
import { healthCommand, healthShow } from '../health/command.js';

/**
 * `devlink-ts port param { show [DEV/PORT_INDEX name NAME] | set DEV/PORT_INDEX name NAME value V
 * cmode C }`: the requests iproute2 sends (a dump, a get; set gets the type first). Kernels since
 * 6.4 answer "Port params are not supported" (and an empty dump), printed as iproute2 prints it.
 */
export async function portParam(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, PORT_USAGE);
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    let selected: [Awaited<ReturnType<typeof readPort>>, string] | undefined;
    if (!cursor.atEnd) {
      const port = await readPort(cursor, context);
      selected = [port, options61(() => parseKeywordOptions(cursor, [], ['paramName'])).paramName ?? ''];
    }
    const devlink = await context.devlink();
    await inSection(context, 'param', async () => {
      // Kernels since 6.4 end the dump with "Port params are not supported" as a warning on DONE,
      // which iproute2 does not print; neither does devlink-ts.
      const list = selected ? [await devlink.getPortParam(...selected)] : await devlink.listPortParams(undefined, { onWarning: () => undefined });
      for (const param of list) printParam(context.printer, param, true);
    });
    return;
  }
  if (cursor.accept('set')) return portParamSet(cursor, context);
  throw commandNotFound(cursor);
}

/**
 * Reads options as iproute2 6.1 reports them: an unknown word at once, else only the first missing
 * required option (the shared reader names every problem, as iproute2 6.15 does).
 */
function options61<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const lines = error.text.split('\n').filter((line) => line !== '');
    throw new CliError(lines.find((line) => line.startsWith('Unknown option')) ?? lines[0] ?? '', error.exitCode, error.abrupt);
  }
}

/**
 * iproute2 6.1's port param set: the value is typed by the parameter's type (u8/u16/u32 with the
 * named values of a few generic parameters, bool, string); nothing is sent when the value in that
 * cmode is already the wanted one; u64 parameters are refused ("Value type not supported").
 */
async function portParamSet(cursor: ArgCursor, context: CliContext): Promise<void> {
  const port = await readPort(cursor, context);
  const options = options61(() => parseKeywordOptions(cursor, [], ['paramName', 'paramValue', 'cmode']));
  const name = options.paramName ?? '';
  const cmode = options.cmode ?? 'runtime';
  const devlink = await context.devlink();
  const current = await devlink.getPortParam(port, name);
  if (current.type === 'u64') throw new CliError('Value type not supported');
  const wanted = parseParamValue(current, options.paramValue ?? '');
  const currentValue = current.values.find((value) => value.cmode === cmode);
  if (currentValue && sameValue(wanted, currentValue, current)) return;
  // parseParamValue refused types it does not know, so the type is one the library names.
  await devlink.setPortParam(port, name, { value: wanted, cmode, type: current.type as ParamType });
}

/**
 * `devlink-ts port health ...`: `port health [list | show]` lists the reporters of ports only
 * (iproute2's show_device=false; `list` may name one reporter); every other form is `health ...`.
 */
export async function portHealth(cursor: ArgCursor, context: CliContext): Promise<void> {
  const onlyShow = cursor.matches('show') && cursor.remaining === 1;
  if (cursor.matches('list') || cursor.atEnd || onlyShow) {
    cursor.skip();
    return healthShow(cursor, context, true);
  }
  return healthCommand(cursor, context);
}
