import type { Devlink } from '../../../devlink/client.js';
import type { DevlinkPort, PortFunctionState } from '../../../devlink/types.js';
import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceArg, parsePortArg } from '../../grammar/handles.js';
import { readKeywords, type KeywordRule } from '../../grammar/keywords.js';
import { keywordRules, parseKeywordOptions, throwIfMissing, type KeywordValues, type OptionId } from '../../grammar/options.js';
import { requireUnsigned, U32_MAX } from '../../grammar/values.js';
import type { CliContext, Command } from '../../context.js';
import { CliError } from '../../errors.js';
import { PCI_FLAVOURS } from '../port/print.js';
import { printSlice } from './print.js';
import { commandNotFound, expectNoMoreWords, inSection, printUsage } from '../common.js';

/**
 * `devlink-ts slice ...`: the commands of the 2020 devlink-slice proposal, which Linux merged
 * (5.12) as `port add` + `port function set`. A slice is a port with a PCI function (PF, VF or
 * SF); each command is a thin alias over the library's port and port-function operations, so
 * scripts and notes written against the proposal run unchanged. See src/cli/README.md.
 */
export const SLICE_USAGE = [
  'Usage: devlink slice show [ DEV/SLICE_INDEX ]',
  '       devlink slice add DEV flavour pcisf pfnum PFNUM sfnum SFNUM [ index SLICE_INDEX ]',
  '       devlink slice set DEV/SLICE_INDEX [ hw_addr ADDR ] [ state { active | inactive } ]',
  '       devlink slice del DEV/SLICE_INDEX',
];


export const sliceCommand: Command = async (cursor, context) => {
  if (cursor.matches('help')) return printUsage(context, SLICE_USAGE);
  if (cursor.matches('show') || cursor.matches('list') || cursor.atEnd) {
    cursor.skip();
    return sliceShow(cursor, context);
  }
  if (cursor.accept('add')) return sliceAdd(cursor, context);
  if (cursor.accept('set')) return sliceSet(cursor, context);
  if (cursor.accept('del')) return sliceDel(cursor, context);
  throw commandNotFound(cursor);
};

/** `slice show [DEV | DEV/INDEX]`: every port with a PCI function, or the one named. */
async function sliceShow(cursor: ArgCursor, context: CliContext): Promise<void> {
  const word = cursor.next();
  const one = word !== undefined && word.split('/').length !== 2 ? word : undefined;
  const device = word !== undefined && one === undefined ? parseDeviceArg(word) : undefined;
  const named = one !== undefined ? await sliceHandle(context, one) : undefined;
  expectNoMoreWords(cursor);
  const devlink = await context.devlink();
  await inSection(context, 'slice', async () => {
    const ports = named
      ? [await devlink.getPort(named)]
      : (await devlink.listPorts(device)).filter(isSlice);
    for (const port of ports) printSlice(context.printer, port);
  });
}

interface SliceAddValues extends KeywordValues {
  index?: number;
}

const SLICE_ADD_RULES: readonly KeywordRule<OptionId | 'index', SliceAddValues>[] = [
  ...keywordRules(['flavour', 'pfnum', 'sfnum']),
  { id: 'index', keyword: 'index', read: (c, v) => { v.index = Number(requireUnsigned(c.next(), U32_MAX)); } },
];

/** `slice add DEV flavour pcisf pfnum N sfnum N [index N]` = `port add DEV[/INDEX] ...`; prints the new slice. */
async function sliceAdd(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, SLICE_USAGE);
  const device = parseDeviceArg(cursor.next());
  const { values, found, unknown } = readKeywords(cursor, SLICE_ADD_RULES, new Set(['flavour', 'pfnum', 'sfnum', 'index'] as const));
  if (unknown !== undefined) throw new CliError(`Unknown option "${unknown}"`);
  throwIfMissing(['flavour', 'pfnum'], found);
  const flavour = values.flavour === 'pcisf' || values.flavour === 'pcipf' ? values.flavour : undefined;
  if (flavour === undefined) throw new CliError('Only slices of flavour pcisf or pcipf can be added');
  const devlink = await context.devlink();
  const created = await devlink.addPort(device, {
    flavour,
    pfnum: values.pfnum ?? 0,
    ...(values.sfnum !== undefined ? { sfnum: values.sfnum } : {}),
    ...(values.index !== undefined ? { portIndex: values.index } : {}),
  });
  await inSection(context, 'slice', async () => printSlice(context.printer, created));
}

/** `slice set DEV/INDEX [hw_addr MAC] [state active|inactive]` = `port function set` in one request. */
async function sliceSet(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, SLICE_USAGE);
  const handle = await sliceHandle(context, cursor.next());
  const options = parseKeywordOptions(cursor, ['hwAddr', 'fnState']);
  if (options.hwAddr === undefined && options.fnState === undefined) throw new CliError('Need to set at least one option: hw_addr or state');
  const state: PortFunctionState | undefined = options.fnState;
  await (await context.devlink()).setPortFunction(handle, {
    ...(options.hwAddr !== undefined ? { hwAddr: options.hwAddr } : {}),
    ...(state !== undefined ? { state } : {}),
  });
}

/** `slice del DEV/INDEX` = `port del DEV/INDEX`. */
async function sliceDel(cursor: ArgCursor, context: CliContext): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) return printUsage(context, SLICE_USAGE);
  const handle = await sliceHandle(context, cursor.next());
  expectNoMoreWords(cursor);
  await (await context.devlink()).deletePort(handle);
}

function isSlice(port: DevlinkPort): boolean {
  return port.flavour !== undefined && PCI_FLAVOURS.includes(port.flavour);
}

/** A slice handle `DEV/INDEX` (or a netdev name, looked up among the ports as `port` does). */
async function sliceHandle(context: CliContext, word: string | undefined): Promise<string> {
  const port = parsePortArg(word);
  if (!('ifname' in port)) return `${port.busName}/${port.deviceName}/${port.portIndex}`;
  return (await portOfNetdev(await context.devlink(), port.ifname)).handle;
}

async function portOfNetdev(devlink: Devlink, ifname: string): Promise<DevlinkPort> {
  const found = (await devlink.listPorts()).find((candidate) => candidate.netdevName === ifname);
  if (!found) throw new CliError(`Netdevice "${ifname}" not found`);
  return found;
}
