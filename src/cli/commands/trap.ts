import type { ArgCursor } from '../args/cursor.js';
import type { DeviceHandle } from '../../devlink/handles.js';
import { parseDeviceArg } from '../args/handles.js';
import { parseObjectOptions } from '../args/object-options.js';
import type { CliContext, Command } from '../context.js';
import { printTrap, printTrapGroup, printTrapPolicer } from '../output/print-trap.js';
import { commandNotFound, inSection, printUsage } from './common.js';

/** `devlink-ts trap help` (iproute2's words). */
export const TRAP_USAGE = [
  'Usage: devlink trap set DEV trap TRAP [ action { trap | drop | mirror } ]',
  '       devlink trap show [ DEV trap TRAP ]',
  '       devlink trap group set DEV group GROUP [ action { trap | drop | mirror } ]',
  '                              [ policer POLICER ] [ nopolicer ]',
  '       devlink trap group show [ DEV group GROUP ]',
  '       devlink trap policer set DEV policer POLICER [ rate RATE ] [ burst BURST ]',
  '       devlink trap policer show DEV policer POLICER',
];

function isShow(cursor: ArgCursor): boolean {
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    return true;
  }
  return false;
}

/** `devlink-ts trap ...`: traps, `trap group ...`, `trap policer ...`. */
export const trapCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, TRAP_USAGE);
  if (isShow(cursor)) return trapShow(cursor, context);
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = parseObjectOptions(cursor, ['action'], ['trap']);
    return (await (await import('../devlink-backend-trap.js')).trapBackend(await context.devlink())).setTrap(dev, options.trap ?? '', options.action);
  }
  if (cursor.accept('group')) return trapGroup(cursor, context);
  if (cursor.accept('policer')) return trapPolicer(cursor, context);
  throw commandNotFound(cursor);
};

async function trapShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  let selected: [DeviceHandle, string] | undefined;
  if (!cursor.atEnd) {
    const dev = parseDeviceArg(cursor.next());
    selected = [dev, parseObjectOptions(cursor, [], ['trap']).trap ?? ''];
  }
  const traps = await (await import('../devlink-backend-trap.js')).trapBackend(await context.devlink());
  const options = { verbose: context.options.verbose, statistics: context.options.statistics };
  await inSection(context, 'trap', async () => {
    const list = selected ? [await traps.getTrap(...selected)] : await traps.listTraps();
    for (const trap of list) printTrap(context.printer, trap, options);
  });
}

async function trapGroup(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, TRAP_USAGE);
  if (isShow(cursor)) {
    let selected: [DeviceHandle, string] | undefined;
    if (!cursor.atEnd) {
      const dev = parseDeviceArg(cursor.next());
      selected = [dev, parseObjectOptions(cursor, [], ['group']).group ?? ''];
    }
    const traps = await (await import('../devlink-backend-trap.js')).trapBackend(await context.devlink());
    await inSection(context, 'trap_group', async () => {
      const list = selected ? [await traps.getGroup(...selected)] : await traps.listGroups();
      for (const group of list) printTrapGroup(context.printer, group, context.options.statistics);
    });
    return;
  }
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = parseObjectOptions(cursor, ['action', 'policer'], ['group']);
    const settings = {
      ...(options.action !== undefined ? { action: options.action } : {}),
      ...(options.policer !== undefined ? { policerId: options.policer } : {}),
    };
    return (await (await import('../devlink-backend-trap.js')).trapBackend(await context.devlink())).setGroup(dev, options.group ?? '', settings);
  }
  throw commandNotFound(cursor);
}

async function trapPolicer(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help')) return printUsage(context, TRAP_USAGE);
  if (isShow(cursor)) {
    let selected: [DeviceHandle, number] | undefined;
    if (!cursor.atEnd) {
      const dev = parseDeviceArg(cursor.next());
      selected = [dev, parseObjectOptions(cursor, [], ['policer']).policer ?? 0];
    }
    const traps = await (await import('../devlink-backend-trap.js')).trapBackend(await context.devlink());
    await inSection(context, 'trap_policer', async () => {
      const list = selected ? [await traps.getPolicer(...selected)] : await traps.listPolicers();
      for (const policer of list) printTrapPolicer(context.printer, policer, context.options.statistics);
    });
    return;
  }
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = parseObjectOptions(cursor, ['rate', 'burst'], ['policer']);
    const settings = {
      ...(options.rate !== undefined ? { rate: options.rate } : {}),
      ...(options.burst !== undefined ? { burst: options.burst } : {}),
    };
    return (await (await import('../devlink-backend-trap.js')).trapBackend(await context.devlink())).setPolicer(dev, options.policer ?? 0, settings);
  }
  throw commandNotFound(cursor);
}
