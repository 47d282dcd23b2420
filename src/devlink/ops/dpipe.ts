/**
 * dpipe: a driver's description of its hardware pipeline as tables (what a table matches on,
 * what it does, how big it is, which resource its entries use), the packet headers and fields
 * those refer to, the tables' current entries, and per-table entry counters.
 *
 * Why typed ops: matches and actions refer to headers and fields by number only; a caller needs
 * the headers (`getDpipeHeaders`) to name them, and the values come as raw bytes whose meaning
 * depends on the field. These decoders keep the numbers and the bytes; naming is left to the
 * caller (the CLI prints them as iproute2 does).
 */
import type { AttributeTree } from '../codec.js';
import { identity } from '../decode.js';
import { DevlinkReplyError } from '../errors.js';
import { formatDeviceHandle, toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { DPIPE_ACTION_TYPE, DPIPE_FIELD_MAPPING_TYPE, DPIPE_MATCH_TYPE } from '../spec/enums.js';
import { big, bool, bytes, enumValue, nest, nests, num, str } from '../tree.js';
import type { CallOptions, DeviceIdentity, UnknownEnumValue } from '../types.js';
import { boolean, name as checkName } from '../validate.js';
import { deviceSelector } from './selectors.js';

/** A field of a header; `id` is its position in the header's field list. */
export interface DpipeField {
  readonly name: string;
  readonly id: number;
  readonly bitwidth: number;
  /** What the field's values stand for (`ifindex`: a value maps to a netdev). */
  readonly mappingType: 'none' | 'ifindex' | UnknownEnumValue;
}

/** A packet header a device's tables refer to; global headers have the ids of the uapi enum. */
export interface DpipeHeader {
  readonly name: string;
  readonly id: number;
  readonly global: boolean;
  readonly fields: readonly DpipeField[];
}

/** Where a match or action points: a header (by id, global or driver-local) and one of its fields. */
export interface DpipeFieldRef {
  readonly headerId: number;
  readonly headerIndex: number;
  readonly global: boolean;
  readonly fieldId: number;
}

/** What a table matches on. */
export interface DpipeMatch extends DpipeFieldRef {
  readonly type: 'field_exact' | UnknownEnumValue;
}

/** What a table does. */
export interface DpipeAction extends DpipeFieldRef {
  readonly type: 'field_modify' | UnknownEnumValue;
}

/** A dpipe table. */
export interface DevlinkDpipeTable extends DeviceIdentity {
  readonly name: string;
  readonly size: bigint;
  readonly countersEnabled: boolean;
  /** The resource the table's entries use (see `getResources`), when it has one. */
  readonly resourceId?: bigint;
  /** Resource units one entry takes. */
  readonly resourceUnits?: bigint;
  readonly matches: readonly DpipeMatch[];
  readonly actions: readonly DpipeAction[];
  readonly attributes: AttributeTree;
}

/** A value of an entry: the bytes, an optional mask and an optional mapping (an ifindex). */
export interface DpipeValue<Ref> {
  readonly ref: Ref;
  readonly value: Uint8Array;
  readonly mask?: Uint8Array;
  readonly mapping?: number;
}

/** One entry of a table. */
export interface DevlinkDpipeEntry extends DeviceIdentity {
  readonly index: bigint;
  /** Packets that hit the entry, when the table's counters are enabled. */
  readonly counter?: bigint;
  readonly matchValues: readonly DpipeValue<DpipeMatch>[];
  readonly actionValues: readonly DpipeValue<DpipeAction>[];
  readonly attributes: AttributeTree;
}

/** A device's dpipe headers. */
export interface DevlinkDpipeHeaders extends DeviceIdentity {
  readonly headers: readonly DpipeHeader[];
}


function need<T>(value: T | undefined, what: string, attribute: string): T {
  if (value === undefined) throw new DevlinkReplyError(`devlink ${what} without ${attribute}`);
  return value;
}

function fieldRef(tree: AttributeTree, what: string): DpipeFieldRef {
  return {
    headerId: need(num(tree, 'dpipe-header-id'), what, 'dpipe-header-id'),
    headerIndex: need(num(tree, 'dpipe-header-index'), what, 'dpipe-header-index'),
    global: bool(tree, 'dpipe-header-global') ?? false,
    fieldId: need(num(tree, 'dpipe-field-id'), what, 'dpipe-field-id'),
  };
}

function decodeMatch(tree: AttributeTree): DpipeMatch {
  return { type: need(enumValue<'field_exact'>(tree, 'dpipe-match-type', DPIPE_MATCH_TYPE), 'dpipe match', 'dpipe-match-type'), ...fieldRef(tree, 'dpipe match') };
}

function decodeAction(tree: AttributeTree): DpipeAction {
  return { type: need(enumValue<'field_modify'>(tree, 'dpipe-action-type', DPIPE_ACTION_TYPE), 'dpipe action', 'dpipe-action-type'), ...fieldRef(tree, 'dpipe action') };
}

function decodeValue<Ref>(tree: AttributeTree, refName: string, decodeRef: (t: AttributeTree) => Ref): DpipeValue<Ref> {
  const mask = bytes(tree, 'dpipe-value-mask');
  const mapping = num(tree, 'dpipe-value-mapping');
  return {
    ref: decodeRef(need(nest(tree, refName), 'dpipe value', refName)),
    value: need(bytes(tree, 'dpipe-value'), 'dpipe value', 'dpipe-value'),
    ...(mask !== undefined ? { mask } : {}),
    ...(mapping !== undefined ? { mapping } : {}),
  };
}

/** The device of a table or entry: its identity, or (older callers) its `bus/device` text. */
function ownerOf(device: string | DeviceHandle): DeviceIdentity {
  const handle = toDeviceHandle(device);
  return { busName: handle.busName, deviceName: handle.deviceName, handle: formatDeviceHandle(handle) };
}

/** Decodes one table of a DPIPE_TABLE_GET reply (`device`: the reply's device). */
export function decodeDpipeTable(device: string | DeviceHandle, tree: AttributeTree): DevlinkDpipeTable {
  const what = 'dpipe table';
  const resourceId = big(tree, 'dpipe-table-resource-id');
  const resourceUnits = big(tree, 'dpipe-table-resource-units');
  const matches = nest(tree, 'dpipe-table-matches');
  const actions = nest(tree, 'dpipe-table-actions');
  return {
    ...ownerOf(device),
    name: need(str(tree, 'dpipe-table-name'), what, 'dpipe-table-name'),
    size: need(big(tree, 'dpipe-table-size'), what, 'dpipe-table-size'),
    countersEnabled: bool(tree, 'dpipe-table-counters-enabled') ?? false,
    ...(resourceId !== undefined ? { resourceId } : {}),
    ...(resourceUnits !== undefined ? { resourceUnits } : {}),
    matches: matches ? nests(matches, 'dpipe-match').map(decodeMatch) : [],
    actions: actions ? nests(actions, 'dpipe-action').map(decodeAction) : [],
    attributes: tree,
  };
}

/** Decodes one entry of a DPIPE_ENTRIES_GET reply. */
export function decodeDpipeEntry(device: string | DeviceHandle, tree: AttributeTree): DevlinkDpipeEntry {
  const counter = big(tree, 'dpipe-entry-counter');
  const matchValues = nest(tree, 'dpipe-entry-match-values');
  const actionValues = nest(tree, 'dpipe-entry-action-values');
  return {
    ...ownerOf(device),
    index: need(big(tree, 'dpipe-entry-index'), 'dpipe entry', 'dpipe-entry-index'),
    ...(counter !== undefined ? { counter } : {}),
    matchValues: matchValues ? nests(matchValues, 'dpipe-match-value').map((v) => decodeValue(v, 'dpipe-match', decodeMatch)) : [],
    actionValues: actionValues ? nests(actionValues, 'dpipe-action-value').map((v) => decodeValue(v, 'dpipe-action', decodeAction)) : [],
    attributes: tree,
  };
}

/** Decodes one header of a DPIPE_HEADERS_GET reply. */
export function decodeDpipeHeader(tree: AttributeTree): DpipeHeader {
  const what = 'dpipe header';
  const fields = nest(tree, 'dpipe-header-fields');
  return {
    name: need(str(tree, 'dpipe-header-name'), what, 'dpipe-header-name'),
    id: need(num(tree, 'dpipe-header-id'), what, 'dpipe-header-id'),
    global: bool(tree, 'dpipe-header-global') ?? false,
    fields: fields ? nests(fields, 'dpipe-field').map((field) => ({
      name: need(str(field, 'dpipe-field-name'), 'dpipe field', 'dpipe-field-name'),
      id: need(num(field, 'dpipe-field-id'), 'dpipe field', 'dpipe-field-id'),
      bitwidth: need(num(field, 'dpipe-field-bitwidth'), 'dpipe field', 'dpipe-field-bitwidth'),
      mappingType: enumValue<'none' | 'ifindex'>(field, 'dpipe-field-mapping-type', DPIPE_FIELD_MAPPING_TYPE) ?? 'none',
    })) : [],
  };
}

/**
 * Reads a device's dpipe tables, or the one named `table`. The kernel answers with one or more
 * messages (a multi-part reply to a single request).
 */
export async function getDpipeTables(session: DevlinkSession, dev: string | DeviceHandle, table?: string, call?: CallOptions): Promise<DevlinkDpipeTable[]> {
  const handle = toDeviceHandle(dev);
  const replies = await session.request(DEVLINK_CMD['dpipe-table-get'], {
    ...deviceSelector(handle), ...(table !== undefined ? { 'dpipe-table-name': checkName('table', table) } : {}),
  }, call);
  const out: DevlinkDpipeTable[] = [];
  for (const reply of replies) {
    const tables = nest(reply.attributes, 'dpipe-tables');
    for (const tree of tables ? nests(tables, 'dpipe-table') : []) out.push(decodeDpipeTable(identity(reply.attributes, 'dpipe table'), tree));
  }
  return out;
}

/** Reads the entries of one table. */
export async function getDpipeEntries(session: DevlinkSession, dev: string | DeviceHandle, table: string, call?: CallOptions): Promise<DevlinkDpipeEntry[]> {
  const replies = await session.request(DEVLINK_CMD['dpipe-entries-get'], { ...deviceSelector(toDeviceHandle(dev)), 'dpipe-table-name': checkName('table', table) }, call);
  const out: DevlinkDpipeEntry[] = [];
  for (const reply of replies) {
    const entries = nest(reply.attributes, 'dpipe-entries');
    for (const tree of entries ? nests(entries, 'dpipe-entry') : []) out.push(decodeDpipeEntry(identity(reply.attributes, 'dpipe entries'), tree));
  }
  return out;
}

/** Reads the headers (with their fields) that a device's tables refer to. */
export async function getDpipeHeaders(session: DevlinkSession, dev: string | DeviceHandle, call?: CallOptions): Promise<DevlinkDpipeHeaders> {
  const handle = toDeviceHandle(dev);
  const replies = await session.request(DEVLINK_CMD['dpipe-headers-get'], deviceSelector(handle), call);
  const headers: DpipeHeader[] = [];
  for (const reply of replies) {
    const list = nest(reply.attributes, 'dpipe-headers');
    if (list) headers.push(...nests(list, 'dpipe-header').map(decodeDpipeHeader));
  }
  return { ...ownerOf(handle), headers };
}

/** Turns a table's entry counters on or off. */
export async function setDpipeTableCounters(session: DevlinkSession, dev: string | DeviceHandle, table: string, enabled: boolean, call?: CallOptions): Promise<void> {
  await session.request(DEVLINK_CMD['dpipe-table-counters-set'], {
    ...deviceSelector(toDeviceHandle(dev)),
    'dpipe-table-name': checkName('table', table),
    'dpipe-table-counters-enabled': boolean('enabled', enabled) ? 1 : 0,
  }, call);
}
