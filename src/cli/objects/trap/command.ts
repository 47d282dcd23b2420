import type { DeviceHandle } from '../../../devlink/handles.js';
import { deviceSelector } from '../../../devlink/ops/selectors.js';
import { TRAP_ACTION } from '../../../devlink/spec/enums.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceArg } from '../../grammar/handles.js';
import { parseObjectOptions } from '../../grammar/object-options.js';
import { commandNotFound, inSection, printUsage } from '../common.js';
import type { CliContext, Command } from '../../context.js';
import { printTrap, printTrapGroup, printTrapPolicer } from './print.js';

/**
 * The trap sets go out as iproute2 sends them: an option not given is not sent, even when none is
 * given (the kernel then answers), so they use the client's generic request.
 */
async function trapSet(context: CliContext, command: 'trap-set' | 'trap-group-set' | 'trap-policer-set', attributes: Record<string, unknown>): Promise<void> {
  const defined = Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
  await (await context.devlink()).request(command, defined as Parameters<import('../../../devlink/client.js').Devlink['request']>[1]);
}

/** The wire number of a trap action (the spec's table) for the generic request. */
const actionNumber = (action: string | undefined): number | undefined => (action === undefined ? undefined : TRAP_ACTION.byName.get(action));

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
    return trapSet(context, 'trap-set', { ...deviceSelector(dev), 'trap-name': options.trap ?? '', 'trap-action': actionNumber(options.action) });
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
  const devlink = await context.devlink();
  const options = { verbose: context.options.verbose, statistics: context.options.statistics };
  await inSection(context, 'trap', async () => {
    const list = selected ? [await devlink.getTrap(...selected)] : await devlink.listTraps();
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
    const devlink = await context.devlink();
    await inSection(context, 'trap_group', async () => {
      const list = selected ? [await devlink.getTrapGroup(...selected)] : await devlink.listTrapGroups();
      for (const group of list) printTrapGroup(context.printer, group, context.options.statistics);
    });
    return;
  }
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = parseObjectOptions(cursor, ['action', 'policer'], ['group']);
    return trapSet(context, 'trap-group-set', {
      ...deviceSelector(dev),
      'trap-group-name': options.group ?? '',
      'trap-action': actionNumber(options.action),
      'trap-policer-id': options.policer,
    });
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
    const devlink = await context.devlink();
    await inSection(context, 'trap_policer', async () => {
      const list = selected ? [await devlink.getTrapPolicer(...selected)] : await devlink.listTrapPolicers();
      for (const policer of list) printTrapPolicer(context.printer, policer, context.options.statistics);
    });
    return;
  }
  if (cursor.accept('set')) {
    const dev = parseDeviceArg(cursor.next());
    const options = parseObjectOptions(cursor, ['rate', 'burst'], ['policer']);
    return trapSet(context, 'trap-policer-set', {
      ...deviceSelector(dev),
      'trap-policer-id': options.policer ?? 0,
      'trap-policer-rate': options.rate,
      'trap-policer-burst': options.burst,
    });
  }
  throw commandNotFound(cursor);
}
