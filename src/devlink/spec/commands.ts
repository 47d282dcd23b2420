/**
 * devlink generic-netlink commands (enum devlink_command), family constants and the multicast group.
 *
 * Why a table: requests, dump replies and notifications all carry a command number; the client,
 * the event decoder and the CLI's `monitor` need both directions (number -> name for unknown or
 * raw events, name -> number for requests) from one place.
 */

/** Generic netlink family name. */
export const DEVLINK_FAMILY_NAME = 'devlink';
/** Family version we speak (DEVLINK_GENL_VERSION). */
export const DEVLINK_FAMILY_VERSION = 1;
/**
 * The one multicast group (DEVLINK_GENL_MCGRP_CONFIG_NAME). It is defined in C, not in the kernel's
 * YNL spec, which is one of the gaps our tables fill.
 */
export const DEVLINK_MCGRP_CONFIG = 'config';

const COMMAND_NAMES = [
  'unspec', 'get', 'set', 'new', 'del',
  'port-get', 'port-set', 'port-new', 'port-del', 'port-split', 'port-unsplit',
  'sb-get', 'sb-set', 'sb-new', 'sb-del',
  'sb-pool-get', 'sb-pool-set', 'sb-pool-new', 'sb-pool-del',
  'sb-port-pool-get', 'sb-port-pool-set', 'sb-port-pool-new', 'sb-port-pool-del',
  'sb-tc-pool-bind-get', 'sb-tc-pool-bind-set', 'sb-tc-pool-bind-new', 'sb-tc-pool-bind-del',
  'sb-occ-snapshot', 'sb-occ-max-clear',
  'eswitch-get', 'eswitch-set',
  'dpipe-table-get', 'dpipe-entries-get', 'dpipe-headers-get', 'dpipe-table-counters-set',
  'resource-set', 'resource-dump',
  'reload',
  'param-get', 'param-set', 'param-new', 'param-del',
  'region-get', 'region-set', 'region-new', 'region-del', 'region-read',
  'port-param-get', 'port-param-set', 'port-param-new', 'port-param-del',
  'info-get',
  'health-reporter-get', 'health-reporter-set', 'health-reporter-recover', 'health-reporter-diagnose',
  'health-reporter-dump-get', 'health-reporter-dump-clear',
  'flash-update', 'flash-update-end', 'flash-update-status',
  'trap-get', 'trap-set', 'trap-new', 'trap-del',
  'trap-group-get', 'trap-group-set', 'trap-group-new', 'trap-group-del',
  'trap-policer-get', 'trap-policer-set', 'trap-policer-new', 'trap-policer-del',
  'health-reporter-test',
  'rate-get', 'rate-set', 'rate-new', 'rate-del',
  'linecard-get', 'linecard-set', 'linecard-new', 'linecard-del',
  'selftests-get', 'selftests-run',
  'notify-filter-set',
] as const;

/** A devlink command name in YNL spelling. */
export type DevlinkCommandName = (typeof COMMAND_NAMES)[number];

/** Command numbers by name (order is ABI; see the uapi header). */
export const DEVLINK_CMD: Readonly<Record<DevlinkCommandName, number>> = Object.freeze(
  Object.fromEntries(COMMAND_NAMES.map((name, index) => [name, index])) as Record<DevlinkCommandName, number>,
);

/** Command name for a number, or `cmd-<n>` for commands newer than this table. */
export function commandName(command: number): string {
  return COMMAND_NAMES[command] ?? `cmd-${command}`;
}

/**
 * Reply command numbers the kernel has used for port objects: NEW (3) before a 2024 fix, PORT_NEW (7)
 * after it (backported to stable kernels). Port replies are accepted with either.
 */
export const PORT_REPLY_COMMANDS: ReadonlySet<number> = new Set([DEVLINK_CMD.new, DEVLINK_CMD['port-new']]);
