/**
 * Enum value -> name as iproute2 prints them, including its placeholders for values it does not
 * know (`<unknown flavour>`), which differ from the library's spec names in places (iproute2 has
 * no name for the `unused` flavour).
 */

function lookup(names: readonly (string | undefined)[], value: number | undefined, unknown: string): string {
  return (value !== undefined ? names[value] : undefined) ?? unknown;
}

/** DEVLINK_PORT_TYPE_*. */
export const portTypeName = (value: number | undefined): string =>
  lookup(['notset', 'auto', 'eth', 'ib'], value, '<unknown type>');

/** DEVLINK_PORT_FLAVOUR_* (iproute2 has no name for 6, `unused`). */
export const portFlavourName = (value: number | undefined): string =>
  lookup(['physical', 'cpu', 'dsa', 'pcipf', 'pcivf', 'virtual', undefined, 'pcisf'], value, '<unknown flavour>');

/** DEVLINK_PORT_FN_STATE_*. */
export const portFunctionStateName = (value: number | undefined): string =>
  lookup(['inactive', 'active'], value, '<unknown state>');

/** DEVLINK_PORT_FN_OPSTATE_*. */
export const portFunctionOpstateName = (value: number | undefined): string =>
  lookup(['detached', 'attached'], value, '<unknown state>');

/** DEVLINK_RATE_TYPE_*. */
export const rateTypeName = (value: number | undefined): string => lookup(['leaf', 'node'], value, '<unknown type>');

/** DEVLINK_ESWITCH_MODE_*. */
export const eswitchModeName = (value: number | undefined): string =>
  lookup(['legacy', 'switchdev', 'switchdev_inactive'], value, '<unknown mode>');

/** DEVLINK_ESWITCH_INLINE_MODE_*. */
export const eswitchInlineModeName = (value: number | undefined): string =>
  lookup(['none', 'link', 'network', 'transport'], value, '<unknown mode>');

/** DEVLINK_ESWITCH_ENCAP_MODE_*. */
export const eswitchEncapModeName = (value: number | undefined): string =>
  lookup(['none', 'basic'], value, '<unknown mode>');

/** DEVLINK_PARAM_CMODE_*. */
export const paramCmodeName = (value: number | undefined): string =>
  lookup(['runtime', 'driverinit', 'permanent'], value, '<unknown type>');

/** DEVLINK_RELOAD_ACTION_*. */
export const reloadActionName = (value: number | undefined): string =>
  lookup([undefined, 'driver_reinit', 'fw_activate'], value, '<unknown reload action>');

/** DEVLINK_RELOAD_LIMIT_*. */
export const reloadLimitName = (value: number | undefined): string =>
  lookup(['unspecified', 'no_reset'], value, '<unknown reload action>');

/** Port function capability bits, in the order iproute2 prints them. */
export const PORT_FUNCTION_CAPS: readonly (readonly [string, number])[] = [
  ['roce', 1 << 0],
  ['migratable', 1 << 1],
  ['ipsec_crypto', 1 << 2],
  ['ipsec_packet', 1 << 3],
];
