import type {
  DevlinkDpipeEntry, DevlinkDpipeTable, DpipeAction, DpipeField, DpipeHeader, DpipeMatch, DpipeValue,
} from '../../../devlink/ops/dpipe.js';
import type { DevlinkResource } from '../../../devlink/ops/resources.js';
import { DPIPE_HEADER_ID } from '../../../devlink/spec/enums.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';

/** A match or an action of a table: the header field it refers to, and its type. */
type DpipeRef = DpipeMatch | DpipeAction;

/**
 * The fields iproute2 prints as addresses: field 0 of the global ethernet, ipv4 and ipv6 headers
 * (uapi's DEVLINK_DPIPE_FIELD_{ETHERNET_DST_MAC,IPV4_DST_IP,IPV6_DST_IP}, each the first of its header).
 */
const FIELD_DST = 0;

/**
 * Header and field names for a device's tables, looked up as iproute2 does: by header id among
 * the global or the driver-local headers, and a field by its position in the header. iproute2
 * keeps each list newest first (it prepends), which is also the order `dpipe header show`
 * prints: local headers, then global ones, each in reverse order of the kernel's message.
 */
export class DpipeNames {
  private readonly local: DpipeHeader[];
  private readonly global: DpipeHeader[];

  constructor(headers: readonly DpipeHeader[]) {
    this.local = headers.filter((h) => !h.global).reverse();
    this.global = headers.filter((h) => h.global).reverse();
  }

  /** The headers in `dpipe header show` order. */
  get ordered(): DpipeHeader[] {
    return [...this.local, ...this.global];
  }

  private header(id: number, global: boolean): DpipeHeader | undefined {
    return (global ? this.global : this.local).find((h) => h.id === id);
  }

  /** The header's name; C's `(null)` when the device did not describe it. */
  headerName(ref: DpipeRef): string {
    return this.header(ref.headerId, ref.global)?.name ?? '(null)';
  }

  /** The field's name; C's `(null)` when unknown. */
  fieldName(ref: DpipeRef): string {
    return this.header(ref.headerId, ref.global)?.fields[ref.fieldId]?.name ?? '(null)';
  }

  /** `ifindex` (or `<unknown>`) when the field's values map to something; undefined for none. */
  mapping(ref: DpipeRef): string | undefined {
    const header = this.header(ref.headerId, ref.global);
    if (!header) return undefined;
    return mappingName(header.fields[ref.fieldId]?.mappingType ?? 'none');
  }
}

/** iproute2's word for a field's mapping type: none for `none`, `<unknown>` for a newer one. */
function mappingName(type: DpipeField['mappingType']): string | undefined {
  return type === 'none' ? undefined : enumText(type, '<unknown>');
}

/** iproute2 reads these u64 attributes through 32-bit variables: it prints the low 32 bits. */
function low32(value: bigint): bigint {
  return value & 0xffff_ffffn;
}

/** One header as `devlink dpipe header show` prints it (`-v` adds ids and `global`). */
export function printDpipeHeader(p: Printer, busName: string, deviceName: string, header: DpipeHeader, verbose: boolean): void {
  p.handleStart(busName, deviceName, true, true);
  p.beginItem();
  p.string('name', header.name, 'name %s');
  if (verbose) {
    p.uint('id', header.id, ' id %s');
    p.bool('global', header.global, ' global %s');
  }
  p.arrayStart('field');
  for (const field of header.fields) {
    p.entryStart();
    p.beginItem();
    p.string('name', field.name, 'name %s');
    if (verbose) p.uint('id', field.id, ' id %s');
    p.uint('bitwidth', field.bitwidth, ' bitwidth %s');
    const mapping = mappingName(field.mappingType);
    if (mapping !== undefined) p.string('mapping_type', mapping, ' mapping_type %s');
    p.entryEnd();
  }
  p.arrayEnd();
  p.handleEnd();
}

/** A match or an action: type, header, field, mapping. */
function printRef(p: Printer, ref: DpipeRef, names: DpipeNames): void {
  p.beginItem();
  p.string('type', enumText(ref.type, '<unknown>'), 'type %s');
  p.string('header', names.headerName(ref), ' header %s');
  p.string('field', names.fieldName(ref), ' field %s');
  const mapping = names.mapping(ref);
  if (mapping !== undefined) p.string('mapping', mapping, ' mapping %s');
}

function findResourcePath(resources: readonly DevlinkResource[], id: bigint): string | undefined {
  for (const resource of resources) {
    if (resource.id === id) return resource.path;
    const found = findResourcePath(resource.children, id);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * One table as `devlink dpipe table show` prints it. `resources` is the device's resource tree,
 * or undefined when reading it failed (iproute2 then prints no resource fields).
 */
export function printDpipeTable(p: Printer, busName: string, deviceName: string, table: DevlinkDpipeTable, names: DpipeNames, resources: readonly DevlinkResource[] | undefined): void {
  p.handleStart(busName, deviceName, true, true);
  p.beginItem();
  p.string('name', table.name, 'name %s');
  p.uint('size', low32(table.size), ' size %s');
  p.bool('counters_enabled', table.countersEnabled, ' counters_enabled %s');
  if (table.resourceId !== undefined && resources !== undefined) {
    const path = findResourcePath(resources, table.resourceId);
    if (path !== undefined) {
      p.beginItem();
      p.string('resource_path', path, 'resource_path %s');
    }
    p.uint('resource_units', low32(table.resourceUnits ?? 0n), ' resource_units %s');
  }
  p.arrayStart('match');
  for (const match of table.matches) {
    p.entryStart();
    printRef(p, match, names);
    p.entryEnd();
  }
  p.arrayEnd();
  p.arrayStart('action');
  for (const action of table.actions) {
    p.entryStart();
    printRef(p, action, names);
    p.entryEnd();
  }
  p.arrayEnd();
  p.handleEnd();
}

function u32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}

/** glibc's ether_ntoa: hex bytes without zero padding. */
function etherNtoa(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 6), (byte) => byte.toString(16)).join(':');
}

/** inet_ntoa of a host-order u32 (iproute2 converts it with htonl first). */
function ipv4(bytes: Uint8Array): string {
  const value = u32(bytes);
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/** inet_ntop for IPv6: the shortest form (runs of zero groups compressed). */
function ipv6(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

/** A value printed as an address by iproute2 (global ethernet/ipv4/ipv6 destination fields). */
function addressText(ref: DpipeRef, bytes: Uint8Array): string | undefined {
  if (!ref.global || ref.fieldId !== FIELD_DST) return undefined;
  const header = DPIPE_HEADER_ID.byValue.get(ref.headerId);
  if (header === 'ipv4' && bytes.length >= 4) return ipv4(bytes);
  if (header === 'ethernet' && bytes.length >= 6) return etherNtoa(bytes);
  if (header === 'ipv6' && bytes.length >= 16) return ipv6(bytes);
  return undefined;
}

function printValue(p: Printer, name: 'value' | 'value_mask', ref: DpipeRef, bytes: Uint8Array): void {
  const address = addressText(ref, bytes);
  if (address !== undefined) {
    p.beginItem();
    p.nameValue(name, address);
  } else if (bytes.length === 4) {
    p.beginItem();
    p.uintNameValue(name, u32(bytes));
  }
}

/**
 * A match or action value of an entry. iproute2 prints the mask from the value's bytes (it reads
 * the wrong attribute); kept, for identical output.
 */
function printEntryValue(p: Printer, item: DpipeValue<DpipeRef>, names: DpipeNames): void {
  p.entryStart();
  printRef(p, item.ref, names);
  if (item.mapping !== undefined) {
    p.beginItem();
    p.uint('mapping_value', item.mapping, 'mapping_value %s');
  }
  if (item.mask !== undefined) printValue(p, 'value_mask', item.ref, item.value);
  printValue(p, 'value', item.ref, item.value);
  p.entryEnd();
}

/** One entry as `devlink dpipe table dump` prints it. */
export function printDpipeEntry(p: Printer, busName: string, deviceName: string, entry: DevlinkDpipeEntry, names: DpipeNames): void {
  p.handleStart(busName, deviceName, true, true);
  p.beginItem();
  p.uint('index', low32(entry.index), 'index %s');
  if (entry.counter !== undefined) p.uint('counter', low32(entry.counter), ' counter %s');
  p.arrayStart('match_value');
  for (const item of entry.matchValues) printEntryValue(p, item, names);
  p.arrayEnd();
  p.arrayStart('action_value');
  for (const item of entry.actionValues) printEntryValue(p, item, names);
  p.arrayEnd();
  p.handleEnd();
}
