import type { DeviceHandle, PortHandle } from '../../../devlink/handles.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceArg, parseDeviceOrPortArg, parsePortArg } from '../../grammar/handles.js';
import { parseKeywordOptions } from '../../grammar/options.js';
import type { CliContext, Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { printPort } from './print.js';
import { PORT_FUNCTION_USAGE, PORT_USAGE } from '../../usage.js';
import { commandNotFound, expectNoMoreWords, inSection, printUsage, readPort, resolvePort } from '../common.js';
import { nameNestedNetns } from '../../print/netns-names.js';

/** `devlink-ts port ...`: show, set, split, unsplit, function, add, del. */
export const portCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, PORT_USAGE);
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    return portShow(cursor, context);
  }
  if (cursor.accept('set')) return portSet(cursor, context);
  if (cursor.accept('split')) return portSplit(cursor, context);
  if (cursor.accept('unsplit')) return portUnsplit(cursor, context);
  if (cursor.accept('param')) return (await import('./param-health.js')).portParam(cursor, context);
  if (cursor.accept('function')) return portFunction(cursor, context);
  if (cursor.accept('health')) return (await import('./param-health.js')).portHealth(cursor, context);
  if (cursor.accept('add')) return portAdd(cursor, context);
  if (cursor.accept('del')) return portDel(cursor, context);
  throw commandNotFound(cursor);
};

async function portShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let dev: DeviceHandle | undefined;
  let port: PortHandle | undefined;
  if (!cursor.atEnd) {
    const word = cursor.next() ?? '';
    if (word.split('/').length === 2) dev = parseDeviceArg(word);
    else port = await resolvePort(context, parsePortArg(word));
    expectNoMoreWords(cursor);
  }
  const devlink = await context.devlink();
  await inSection(context, 'port', async () => {
    const ports = port ? [await devlink.getPort(port)] : await devlink.listPorts(dev);
    const netnsNames = await nameNestedNetns(ports.map((item) => item.function?.devlink));
    for (const item of ports) printPort(context.printer, item, netnsNames);
  });
}

async function portSet(cursor: ArgCursor, context: CliContext): Promise<void> {
  // A netdev name is resolved before the options are checked, as iproute2 does.
  const ref = await readPort(cursor, context);
  const options = parseKeywordOptions(cursor, [], ['portType']);
  await (await context.devlink()).setPortType(ref, options.portType ?? 'auto');
}

async function portSplit(cursor: ArgCursor, context: CliContext): Promise<void> {
  const ref = await readPort(cursor, context);
  const options = parseKeywordOptions(cursor, [], ['count']);
  await (await context.devlink()).splitPort(ref, options.count ?? 0);
}

async function portUnsplit(cursor: ArgCursor, context: CliContext): Promise<void> {
  const ref = await readPort(cursor, context);
  expectNoMoreWords(cursor);
  await (await context.devlink()).unsplitPort(ref);
}

async function portAdd(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) {
    return printUsage(context, [
      '       devlink port add DEV/PORT_INDEX flavour FLAVOUR pfnum PFNUM',
      '                      [ sfnum SFNUM ][ controller CNUM ] [ --wait[=SECONDS] ]',
    ]);
  }
  const target = parseDeviceOrPortArg(cursor.next());
  let dev: DeviceHandle;
  let portIndex: number | undefined;
  if ('device' in target) dev = target.device;
  else {
    const ref = await resolvePort(context, target.port);
    dev = { busName: ref.busName, deviceName: ref.deviceName };
    portIndex = ref.portIndex;
  }
  const options = parseKeywordOptions(cursor, ['sfnum', 'controller'], ['flavour', 'pfnum']);
  const devlink = await context.devlink();
  const created = await devlink.addPort(dev, {
    // The library names the flavours it can add; any other is refused there, naming it.
    flavour: (options.flavour ?? 'pcisf') as 'pcisf' | 'pcipf',
    pfnum: options.pfnum ?? 0,
    ...(portIndex !== undefined ? { portIndex } : {}),
    ...(options.sfnum !== undefined ? { sfnum: options.sfnum } : {}),
    ...(options.controller !== undefined ? { controller: options.controller } : {}),
  });
  const shown = context.options.waitMs !== undefined ? await (await import('./wait.js')).waitForPortReady(context, created) : created;
  await inSection(context, 'port', async () => printPort(context.printer, shown));
}

async function portDel(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) {
    return printUsage(context, ['       devlink port del DEV/PORT_INDEX']);
  }
  const port = await readPort(cursor, context);
  expectNoMoreWords(cursor);
  await (await context.devlink()).deletePort(port);
}

async function portFunction(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, PORT_FUNCTION_USAGE);
  if (cursor.accept('set')) return portFunctionSet(cursor, context);
  if (cursor.accept('rate')) {
    const { rateCommand } = await import('../rate/command.js');
    return rateCommand(cursor, context);
  }
  throw commandNotFound(cursor);
}

async function portFunctionSet(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.atEnd) return printUsage(context, PORT_FUNCTION_USAGE);
  const ref = await readPort(cursor, context);
  const options = parseKeywordOptions(cursor, ['hwAddr', 'fnState', 'caps', 'maxIoEqs']);
  const waitFor = context.options.waitMs !== undefined ? options.fnState : undefined;
  if (context.options.waitMs !== undefined && waitFor === undefined) {
    throw new CliError('--wait needs "state active" or "state inactive" on "port function set"');
  }
  await (await context.devlink()).setPortFunction(ref, {
    ...(options.hwAddr !== undefined ? { hwAddr: options.hwAddr } : {}),
    ...options.caps,
    ...(options.maxIoEqs !== undefined ? { maxIoEqs: options.maxIoEqs } : {}),
    ...(options.fnState !== undefined ? { state: options.fnState } : {}),
  });
  if (waitFor === undefined) return;
  const wait = await import('./wait.js');
  if (waitFor === 'active') await wait.waitForFunctionAttached(context, ref);
  else await wait.waitForFunctionDetached(context, ref);
}
