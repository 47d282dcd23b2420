/**
 * Every devlink enum, value <-> name.
 *
 * Names are spelt the way iproute2's `devlink` prints and parses them (`pcisf`, `switchdev_inactive`,
 * `driver_reinit`, `ipsec_crypto`), because those spellings are what users, scripts and our CLI
 * already speak; the numbers come from include/uapi/linux/devlink.h (6.12 and later additions).
 */
import { makeEnum, type EnumSpec } from './types.js';

/** Port type (DEVLINK_PORT_TYPE_*). */
export const PORT_TYPE = makeEnum('port-type', ['notset', 'auto', 'eth', 'ib']);

/** Port flavour (DEVLINK_PORT_FLAVOUR_*). */
export const PORT_FLAVOUR = makeEnum('port-flavour', [
  'physical', 'cpu', 'dsa', 'pcipf', 'pcivf', 'virtual', 'unused', 'pcisf',
]);

/** Port function administrative state (DEVLINK_PORT_FN_STATE_*). */
export const PORT_FN_STATE = makeEnum('port-fn-state', ['inactive', 'active']);

/** Port function operational state (DEVLINK_PORT_FN_OPSTATE_*): attached once a driver bound it. */
export const PORT_FN_OPSTATE = makeEnum('port-fn-opstate', ['detached', 'attached']);

/** Port function capability bits (DEVLINK_PORT_FN_ATTR_CAP_*_BIT), carried in a bitfield32. */
export const PORT_FN_CAP = makeEnum('port-fn-attr-cap', ['roce', 'migratable', 'ipsec_crypto', 'ipsec_packet']);

/** Rate object type (DEVLINK_RATE_TYPE_*). */
export const RATE_TYPE = makeEnum('rate-type', ['leaf', 'node']);

/** Shared buffer pool type. */
export const SB_POOL_TYPE = makeEnum('sb-pool-type', ['ingress', 'egress']);

/** Shared buffer threshold type. */
export const SB_THRESHOLD_TYPE = makeEnum('sb-threshold-type', ['static', 'dynamic']);

/** Eswitch mode; `switchdev_inactive` (2) exists in kernels newer than 6.12. */
export const ESWITCH_MODE = makeEnum('eswitch-mode', ['legacy', 'switchdev', 'switchdev_inactive']);

/** Eswitch minimum inline mode. */
export const ESWITCH_INLINE_MODE = makeEnum('eswitch-inline-mode', ['none', 'link', 'network', 'transport']);

/** Eswitch encapsulation mode. */
export const ESWITCH_ENCAP_MODE = makeEnum('eswitch-encap-mode', ['none', 'basic']);

/** dpipe header ids. */
export const DPIPE_HEADER_ID = makeEnum('dpipe-header-id', ['ethernet', 'ipv4', 'ipv6']);

/** dpipe match types. */
export const DPIPE_MATCH_TYPE = makeEnum('dpipe-match-type', ['field_exact']);

/** dpipe action types. */
export const DPIPE_ACTION_TYPE = makeEnum('dpipe-action-type', ['field_modify']);

/** dpipe field mapping types. */
export const DPIPE_FIELD_MAPPING_TYPE = makeEnum('dpipe-field-mapping-type', ['none', 'ifindex']);

/** Resource units. */
export const RESOURCE_UNIT = makeEnum('resource-unit', ['entry']);

/** Reload actions (DEVLINK_RELOAD_ACTION_*); 0 is "unspecified". */
export const RELOAD_ACTION = makeEnum('reload-action', ['unspec', 'driver_reinit', 'fw_activate']);

/** Reload limits (DEVLINK_RELOAD_LIMIT_*); 0 is "no constraint". */
export const RELOAD_LIMIT = makeEnum('reload-limit', ['unspec', 'no_reset']);

/** Parameter configuration modes (DEVLINK_PARAM_CMODE_*). */
export const PARAM_CMODE = makeEnum('param-cmode', ['runtime', 'driverinit', 'permanent']);

/**
 * Parameter value types. The kernel reuses netlink policy type numbers (NLA_U8 1, NLA_U16 2,
 * NLA_U32 3, NLA_U64 4, NLA_STRING 5, NLA_FLAG 6); `u64` appeared after 6.12.
 */
export const PARAM_TYPE = makeEnum('param-type', [['u8', 1], ['u16', 2], ['u32', 3], ['u64', 4], ['string', 5], ['bool', 6]]);

/** Flash overwrite section bits. */
export const FLASH_OVERWRITE = makeEnum('flash-overwrite', ['settings', 'identifiers']);

/** Trap actions. */
export const TRAP_ACTION = makeEnum('trap-action', ['drop', 'trap', 'mirror']);

/** Trap types. */
export const TRAP_TYPE = makeEnum('trap-type', ['drop', 'exception', 'control']);

/** Health reporter states (DEVLINK_HEALTH_REPORTER_STATE_*, defined in include/net/devlink.h). */
export const HEALTH_REPORTER_STATE = makeEnum('health-reporter-state', ['healthy', 'error']);

/** Line card states. */
export const LINECARD_STATE = makeEnum('linecard-state', [
  'unspec', 'unprovisioned', 'unprovisioning', 'provisioning', 'provisioning_failed', 'provisioned', 'active',
]);

/** Selftest result status. */
export const SELFTEST_STATUS = makeEnum('selftest-status', ['skip', 'pass', 'fail']);

/**
 * Health fmsg value types: netlink policy type numbers (NLA_U8 1, NLA_U32 3, NLA_U64 4,
 * NLA_FLAG 6, NLA_NUL_STRING 10, NLA_BINARY 11).
 */
export const FMSG_VALUE_TYPE = makeEnum('fmsg-value-type', [['u8', 1], ['u32', 3], ['u64', 4], ['flag', 6], ['string', 10], ['binary', 11]]);

/** All enums by name, for attributes that reference one through `AttributeSpec.enum`. */
export const DEVLINK_ENUMS: ReadonlyMap<string, EnumSpec> = new Map(
  [
    PORT_TYPE, PORT_FLAVOUR, PORT_FN_STATE, PORT_FN_OPSTATE, PORT_FN_CAP, RATE_TYPE, SB_POOL_TYPE,
    SB_THRESHOLD_TYPE, ESWITCH_MODE, ESWITCH_INLINE_MODE, ESWITCH_ENCAP_MODE, DPIPE_HEADER_ID,
    DPIPE_MATCH_TYPE, DPIPE_ACTION_TYPE, DPIPE_FIELD_MAPPING_TYPE, RESOURCE_UNIT, RELOAD_ACTION,
    RELOAD_LIMIT, PARAM_CMODE, PARAM_TYPE, FLASH_OVERWRITE, TRAP_ACTION, TRAP_TYPE,
    HEALTH_REPORTER_STATE, LINECARD_STATE, SELFTEST_STATUS, FMSG_VALUE_TYPE,
  ].map((e) => [e.name, e]),
);

/** Name of an enum value, or undefined when the kernel sent a value newer than our table. */
export function enumName(spec: EnumSpec, value: number): string | undefined {
  return spec.byValue.get(value);
}

/** Names of the set bits of a flags value, in bit order; unknown bits are named `bit<N>`. */
export function flagNames(spec: EnumSpec, bits: number): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if ((bits >>> bit) & 1) names.push(spec.byValue.get(bit) ?? `bit${bit}`);
  }
  return names;
}
