import type { DeviceHandle } from '../../../devlink/handles.js';
import type { DevlinkParam, ParamModeValue, ParamType, ParamValue } from '../../../devlink/types.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceArg } from '../../grammar/handles.js';
import { parseKeywordOptions } from '../../grammar/options.js';
import { parseBoolean, parseUnsigned, U16_MAX, U32_MAX, U64_MAX, U8_MAX } from '../../grammar/values.js';
import type { CliContext, Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { infoHasContent, printDevice, printEswitch, printInfo, printReloadResult } from './print.js';
import { PARAM_VALUE_NAMES, printParam } from './param-print.js';
import { DEV_USAGE } from '../../usage.js';
import { commandNotFound, expectNoMoreWords, inSection, printUsage } from '../common.js';
import { nameNestedNetns } from '../../print/netns-names.js';

/** `devlink-ts dev ...`: show, eswitch, param, reload, info. */
export const devCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, DEV_USAGE);
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    return devShow(cursor, context);
  }
  if (cursor.accept('eswitch')) return devEswitch(cursor, context);
  if (cursor.accept('reload')) return devReload(cursor, context);
  if (cursor.accept('param')) return devParam(cursor, context);
  if (cursor.accept('info')) return devInfo(cursor, context);
  if (cursor.accept('flash')) {
    return (await import('../flash/command.js')).devFlash(cursor, context, () => printUsage(context, DEV_USAGE));
  }
  if (cursor.accept('selftests')) return (await import('../selftests/command.js')).devSelftests(cursor, context);
  throw commandNotFound(cursor);
};

async function devShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let dev: DeviceHandle | undefined;
  if (!cursor.atEnd) {
    dev = parseDeviceArg(cursor.next());
    expectNoMoreWords(cursor);
  }
  const devlink = await context.devlink();
  await inSection(context, 'dev', async () => {
    const devices = dev ? [await devlink.getDevice(dev)] : await devlink.listDevices();
    const netnsNames = await nameNestedNetns(devices.flatMap((device) => device.nestedDevlinks));
    for (const device of devices) printDevice(context.printer, device, context.options.statistics, netnsNames);
  });
}

async function devEswitch(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, DEV_USAGE);
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = parseKeywordOptions(cursor, ['eswitchMode', 'inlineMode', 'encapMode']);
    if (options.eswitchMode === undefined && options.inlineMode === undefined && options.encapMode === undefined) {
      throw new CliError('Need to set at least one option');
    }
    await (await context.devlink()).setEswitch(dev, {
      ...(options.eswitchMode !== undefined ? { mode: options.eswitchMode } : {}),
      ...(options.inlineMode !== undefined ? { inlineMode: options.inlineMode } : {}),
      ...(options.encapMode !== undefined ? { encapMode: options.encapMode } : {}),
    });
    return;
  }
  if (cursor.accept('show')) {
    const dev = parseDeviceArg(cursor.next());
    expectNoMoreWords(cursor);
    const devlink = await context.devlink();
    await inSection(context, 'dev', async () => {
      printEswitch(context.printer, await devlink.getEswitch(dev));
    });
    return;
  }
  throw commandNotFound(cursor);
}

async function devReload(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, DEV_USAGE);
  const dev = parseDeviceArg(cursor.next());
  const options = parseKeywordOptions(cursor, ['netns', 'reloadAction', 'reloadLimit']);
  const result = await (await context.devlink()).reload(dev, {
    ...(options.netns !== undefined ? { netns: options.netns } : {}),
    ...(options.reloadAction !== undefined ? { action: options.reloadAction } : {}),
    ...(options.reloadLimit !== undefined ? { limit: options.reloadLimit } : {}),
  });
  printReloadResult(context.printer, result);
  context.flush();
}

async function devInfo(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, DEV_USAGE);
  let dev: DeviceHandle | undefined;
  if (!cursor.atEnd) {
    dev = parseDeviceArg(cursor.next());
    expectNoMoreWords(cursor);
  }
  const devlink = await context.devlink();
  await inSection(context, 'info', async () => {
    for (const info of dev ? [await devlink.getInfo(dev)] : await devlink.listInfo()) {
      if (infoHasContent(info)) printInfo(context.printer, info);
    }
  });
}

async function devParam(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, DEV_USAGE);
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    return paramShow(cursor, context);
  }
  if (cursor.accept('set')) return paramSet(cursor, context);
  throw commandNotFound(cursor);
}

async function paramShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let dev: DeviceHandle | undefined;
  let name: string | undefined;
  if (!cursor.atEnd) {
    dev = parseDeviceArg(cursor.next());
    name = parseKeywordOptions(cursor, ['paramName']).paramName;
  }
  const devlink = await context.devlink();
  await inSection(context, 'param', async () => {
    const params = dev && name !== undefined ? [await devlink.getParam(dev, name)] : await devlink.listParams(dev);
    for (const param of params) printParam(context.printer, param, true);
  });
}

async function paramSet(cursor: ArgCursor, context: CliContext): Promise<void> {
  const dev = parseDeviceArg(cursor.next());
  const options = parseKeywordOptions(cursor, ['paramValue', 'paramDefault'], ['paramName', 'cmode']);
  if (options.paramValue !== undefined && options.paramDefault) {
    throw new CliError('Cannot specify both value and default');
  }
  if (options.paramValue === undefined && !options.paramDefault) {
    throw new CliError('Either value or default must be specified');
  }
  const name = options.paramName ?? '';
  const cmode = options.cmode ?? 'runtime';
  const devlink = await context.devlink();
  const current = await devlink.getParam(dev, name);
  const currentValue = current.values.find((value) => value.cmode === cmode);
  if (!currentValue) throw new CliError('Configuration mode not supported');
  if (options.paramDefault) throw new CliError(PARAM_DEFAULT_UNSUPPORTED);
  const wanted = parseParamValue(current, options.paramValue ?? '');
  if (sameValue(wanted, currentValue, current)) return;
  // parseParamValue refused types it does not know, so the type is one the library names.
  await devlink.setParam(dev, name, { value: wanted, cmode, type: current.type as ParamType });
}

/** `param set ... default` (resetting to the driver's default) is not implemented yet. */
export const PARAM_DEFAULT_UNSUPPORTED = 'Resetting a parameter to its default ("default") is not supported by devlink-ts yet';

/** A `value` word typed by the parameter's type, with iproute2's messages (also for port params). */
export function parseParamValue(param: DevlinkParam, text: string): ParamValue {
  const bad = (): never => {
    throw new CliError(`Value "${text}" is not a number or not within range`);
  };
  const names = PARAM_VALUE_NAMES.get(param.name);
  const widths: Record<string, bigint> = { u8: U8_MAX, u16: U16_MAX, u32: U32_MAX };
  switch (param.type) {
    case 'u8':
    case 'u16':
    case 'u32': {
      if (names) return names.find(([label]) => label === text)?.[1] ?? bad();
      const value = parseUnsigned(text, widths[param.type] ?? U32_MAX);
      return value === undefined ? bad() : Number(value);
    }
    case 'u64': {
      if (names) return BigInt(names.find(([label]) => label === text)?.[1] ?? bad());
      return parseUnsigned(text, U64_MAX) ?? bad();
    }
    case 'bool':
      return parseBoolean(text) ?? bad();
    case 'string':
      return text;
    default:
      throw new CliError('Value type not supported');
  }
}

/** Whether the wanted value is already set (iproute2 then sends nothing). */
export function sameValue(wanted: ParamValue, currentValue: ParamModeValue, param: DevlinkParam): boolean {
  const current = currentValue.value;
  if (param.type === 'bool') return wanted === (current === true);
  if (current === undefined) return false;
  if (typeof wanted === 'string' || typeof current === 'string') return wanted === current;
  return BigInt(wanted as number | bigint) === BigInt(current as number | bigint);
}
