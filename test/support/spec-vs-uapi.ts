/**
 * Holds the spec tables (src/devlink/spec) against the kernel's uapi devlink.h, number by number.
 *
 * Why: the fake kernel encodes its replies with the same tables as the library, so a wrong number
 * or type there is invisible to every unit test; only the kernel's own header can catch it. Every
 * enum of the header is either mapped to a table here or named in UNMAPPED_HEADER_ENUMS, so an
 * enum the header gains cannot be ignored silently.
 */
import {
  DEVLINK_ATTRIBUTES, DEVLINK_CMD, DEVLINK_SETS, DPIPE_ACTION_TYPE, DPIPE_FIELD_MAPPING_TYPE, DPIPE_HEADER_ID,
  DPIPE_MATCH_TYPE, ESWITCH_ENCAP_MODE, ESWITCH_INLINE_MODE, ESWITCH_MODE, FLASH_OVERWRITE, LINECARD_STATE,
  PARAM_CMODE, PORT_FLAVOUR, PORT_FN_CAP, PORT_FN_OPSTATE, PORT_FN_STATE, PORT_FUNCTION_SET, PORT_TYPE,
  RATE_TYPE, RELOAD_ACTION, RELOAD_LIMIT, RESOURCE_UNIT, SB_POOL_TYPE, SB_THRESHOLD_TYPE, SELFTEST_STATUS,
  TRAP_ACTION, TRAP_TYPE, type AttributeSet, type AttributeType, type EnumSpec,
} from '../../src/devlink/spec/index.js';
import type { CEnum, CEnumConstant } from './uapi-enums.js';

/** One table entry: name (as the table spells it), number and, for attributes, wire type. */
interface Entry {
  readonly name: string;
  readonly value: number;
  readonly type?: AttributeType;
}

/** How one header enum maps onto one of our tables. */
interface Mapping {
  /** What the report calls the table. */
  readonly table: string;
  /** The enum's tag, or for an anonymous enum the prefix of its first constant. */
  readonly header: string;
  /** Constant-name prefixes stripped before comparing (`DEVLINK_ATTR_`). */
  readonly prefixes: readonly string[];
  /** Suffix stripped before comparing (`_BIT` of bit-number enums). */
  readonly suffix?: string;
  readonly entries: readonly Entry[];
  /** Attribute tables: compare the header's type comment too. */
  readonly typed?: boolean;
}

/** The outcome: every difference found, and the table entries numbered past the header's end. */
export interface UapiComparison {
  readonly differences: string[];
  /** `table name=value` for entries newer than the header (kernels after it). */
  readonly newerThanHeader: string[];
  /** Header enums neither mapped nor listed as unmapped. */
  readonly unmappedEnums: string[];
}

/** Header enums with no table of ours, and why. */
export const UNMAPPED_HEADER_ENUMS: ReadonlyMap<string, string> = new Map([
  ['devlink_param_fw_load_policy_value', 'a param value meaning, printed as a number'],
  ['devlink_param_reset_dev_on_drv_probe_value', 'a param value meaning, printed as a number'],
  ['devlink_dpipe_field_ethernet_id', 'dpipe field ids are read from the kernel\'s header dump'],
  ['devlink_dpipe_field_ipv4_id', 'dpipe field ids are read from the kernel\'s header dump'],
  ['devlink_dpipe_field_ipv6_id', 'dpipe field ids are read from the kernel\'s header dump'],
]);

function setEntries(...sets: AttributeSet[]): Entry[] {
  return sets.flatMap((set) => set.attributes.map((a) => ({ name: a.name, value: a.value, type: a.type })));
}

function enumEntries(spec: EnumSpec): Entry[] {
  return spec.entries.map((e) => ({ name: e.name, value: e.value }));
}

function set(name: string): AttributeSet {
  const found = DEVLINK_SETS.get(name);
  if (!found) throw new Error(`no attribute set ${name}`);
  return found;
}

function enumMapping(table: EnumSpec, header: string, prefix: string, suffix?: string): Mapping {
  return { table: table.name, header, prefixes: [prefix], suffix, entries: enumEntries(table) };
}

const MAPPINGS: readonly Mapping[] = [
  {
    table: 'commands', header: 'devlink_command', prefixes: ['DEVLINK_CMD_'],
    entries: Object.entries(DEVLINK_CMD).map(([name, value]) => ({ name, value })),
  },
  { table: 'devlink', header: 'devlink_attr', prefixes: ['DEVLINK_ATTR_'], entries: setEntries(DEVLINK_ATTRIBUTES), typed: true },
  {
    table: 'dl-port-function', header: 'devlink_port_function_attr',
    prefixes: ['DEVLINK_PORT_FUNCTION_ATTR_', 'DEVLINK_PORT_FN_ATTR_'], entries: setEntries(PORT_FUNCTION_SET), typed: true,
  },
  { table: 'dl-selftest-id', header: 'devlink_attr_selftest_id', prefixes: ['DEVLINK_ATTR_SELFTEST_ID_'], entries: setEntries(set('dl-selftest-id')), typed: true },
  {
    // DEVLINK_ATTR_SELFTEST_RESULT (the repeated nest) is 'result'; its ID and STATUS live in the entry set
    table: 'dl-selftest-result(+entry)', header: 'devlink_attr_selftest_result',
    prefixes: ['DEVLINK_ATTR_SELFTEST_RESULT_', 'DEVLINK_ATTR_SELFTEST_'],
    entries: setEntries(set('dl-selftest-result'), set('dl-selftest-result-entry')), typed: true,
  },
  { table: 'dl-attr-stats', header: 'DEVLINK_ATTR_STATS_', prefixes: ['DEVLINK_ATTR_STATS_'], entries: setEntries(set('dl-attr-stats')), typed: true },
  {
    table: 'dl-trap-metadata', header: 'DEVLINK_ATTR_TRAP_METADATA_TYPE_', prefixes: ['DEVLINK_ATTR_TRAP_METADATA_TYPE_'],
    entries: setEntries(set('dl-trap-metadata')),
  },
  enumMapping(PORT_TYPE, 'devlink_port_type', 'DEVLINK_PORT_TYPE_'),
  enumMapping(SB_POOL_TYPE, 'devlink_sb_pool_type', 'DEVLINK_SB_POOL_TYPE_'),
  enumMapping(SB_THRESHOLD_TYPE, 'devlink_sb_threshold_type', 'DEVLINK_SB_THRESHOLD_TYPE_'),
  enumMapping(ESWITCH_MODE, 'devlink_eswitch_mode', 'DEVLINK_ESWITCH_MODE_'),
  enumMapping(ESWITCH_INLINE_MODE, 'devlink_eswitch_inline_mode', 'DEVLINK_ESWITCH_INLINE_MODE_'),
  enumMapping(ESWITCH_ENCAP_MODE, 'devlink_eswitch_encap_mode', 'DEVLINK_ESWITCH_ENCAP_MODE_'),
  enumMapping(PORT_FLAVOUR, 'devlink_port_flavour', 'DEVLINK_PORT_FLAVOUR_'),
  enumMapping(RATE_TYPE, 'devlink_rate_type', 'DEVLINK_RATE_TYPE_'),
  enumMapping(PARAM_CMODE, 'devlink_param_cmode', 'DEVLINK_PARAM_CMODE_'),
  enumMapping(FLASH_OVERWRITE, 'devlink_flash_overwrite', 'DEVLINK_FLASH_OVERWRITE_', '_BIT'),
  enumMapping(SELFTEST_STATUS, 'devlink_selftest_status', 'DEVLINK_SELFTEST_STATUS_'),
  enumMapping(TRAP_ACTION, 'devlink_trap_action', 'DEVLINK_TRAP_ACTION_'),
  enumMapping(TRAP_TYPE, 'devlink_trap_type', 'DEVLINK_TRAP_TYPE_'),
  enumMapping(RELOAD_ACTION, 'devlink_reload_action', 'DEVLINK_RELOAD_ACTION_'),
  enumMapping(RELOAD_LIMIT, 'devlink_reload_limit', 'DEVLINK_RELOAD_LIMIT_'),
  enumMapping(LINECARD_STATE, 'devlink_linecard_state', 'DEVLINK_LINECARD_STATE_'),
  enumMapping(DPIPE_FIELD_MAPPING_TYPE, 'devlink_dpipe_field_mapping_type', 'DEVLINK_DPIPE_FIELD_MAPPING_TYPE_'),
  enumMapping(DPIPE_MATCH_TYPE, 'devlink_dpipe_match_type', 'DEVLINK_DPIPE_MATCH_TYPE_'),
  enumMapping(DPIPE_ACTION_TYPE, 'devlink_dpipe_action_type', 'DEVLINK_DPIPE_ACTION_TYPE_'),
  enumMapping(DPIPE_HEADER_ID, 'devlink_dpipe_header_id', 'DEVLINK_DPIPE_HEADER_'),
  enumMapping(RESOURCE_UNIT, 'devlink_resource_unit', 'DEVLINK_RESOURCE_UNIT_'),
  enumMapping(PORT_FN_CAP, 'devlink_port_fn_attr_cap', 'DEVLINK_PORT_FN_ATTR_CAP_', '_BIT'),
  enumMapping(PORT_FN_STATE, 'devlink_port_fn_state', 'DEVLINK_PORT_FN_STATE_'),
  enumMapping(PORT_FN_OPSTATE, 'devlink_port_fn_opstate', 'DEVLINK_PORT_FN_OPSTATE_'),
];

/** The header's type comments in our type vocabulary; comments naming no type are not compared. */
const HEADER_TYPES: Readonly<Record<string, AttributeType>> = {
  string: 'string', u8: 'u8', u16: 'u16', u32: 'u32', u64: 'u64', flag: 'flag', nested: 'nest',
  binary: 'binary', bitfield32: 'bitfield32', dynamic: 'dynamic',
};

/** Names compared without case, `_` or `-` (`PCI_SF` = `pcisf`, `PORT_INDEX` = `port-index`). */
function key(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

function headerName(constant: CEnumConstant, mapping: Mapping): string {
  let name = constant.name;
  const prefix = mapping.prefixes.find((p) => name.startsWith(p));
  if (prefix) name = name.slice(prefix.length);
  else if (mapping.prefixes.some((p) => name === p.replace(/_$/, ''))) name = 'result';
  if (mapping.suffix && name.endsWith(mapping.suffix)) name = name.slice(0, -mapping.suffix.length);
  return name;
}

function findEnum(enums: readonly CEnum[], header: string): CEnum | undefined {
  return enums.find((e) => e.tag === header) ?? enums.find((e) => e.tag === undefined && e.constants[0]?.name.startsWith(header));
}

/** Compares every mapped table with the parsed header. */
export function compareSpecWithUapi(enums: readonly CEnum[]): UapiComparison {
  const differences: string[] = [];
  const newerThanHeader: string[] = [];
  const used = new Set<CEnum>();
  for (const mapping of MAPPINGS) {
    const found = findEnum(enums, mapping.header);
    if (!found) {
      differences.push(`${mapping.table}: the header has no enum ${mapping.header}`);
      continue;
    }
    used.add(found);
    const constants = found.constants.filter((c) => !c.alias);
    const byKey = new Map(mapping.entries.map((e) => [key(e.name), e]));
    const headerKeys = new Set<string>();
    for (const constant of constants) {
      const name = headerName(constant, mapping);
      headerKeys.add(key(name));
      const entry = byKey.get(key(name));
      if (!entry) {
        // the header's UNSPEC 0 of an attribute set is not an attribute
        if (!(key(name) === 'unspec' && constant.value === 0 && mapping.table !== 'commands')) {
          differences.push(`${mapping.table}: ${constant.name} = ${constant.value} is missing`);
        }
        continue;
      }
      if (entry.value !== constant.value) {
        differences.push(`${mapping.table}: ${entry.name} is ${entry.value}, the header's ${constant.name} is ${constant.value}`);
      }
      const headerType = mapping.typed ? HEADER_TYPES[constant.comment?.split(/\s+/)[0] ?? ''] : undefined;
      if (headerType && entry.type !== headerType) {
        differences.push(`${mapping.table}: ${entry.name} is typed ${entry.type}, the header says ${constant.comment}`);
      }
    }
    const last = Math.max(...constants.map((c) => c.value));
    for (const entry of mapping.entries) {
      if (headerKeys.has(key(entry.name))) continue;
      if (entry.value > last) newerThanHeader.push(`${mapping.table} ${entry.name}=${entry.value}`);
      else differences.push(`${mapping.table}: ${entry.name} = ${entry.value} is not in the header's ${mapping.header}`);
    }
  }
  const unmappedEnums = enums
    .filter((e) => !used.has(e) && !(e.tag !== undefined && UNMAPPED_HEADER_ENUMS.has(e.tag)))
    .map((e) => e.tag ?? `(anonymous, first ${e.constants[0]?.name})`);
  return { differences, newerThanHeader, unmappedEnums };
}
