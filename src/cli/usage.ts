/**
 * Usage texts, worded as iproute2's so `devlink-ts port help` reads like `devlink port help`,
 * plus the options devlink-ts adds (`--wait`, `rate` shorthand, `monitor rate`).
 */

/**
 * `devlink-ts help` / no arguments. Names every object the CLI dispatches, in iproute2's words:
 * scripts detect features from it (the kernel's devlink selftests skip unless `devlink help`
 * mentions `resource` and `trap`).
 */
export const MAIN_USAGE = [
  'Usage: devlink-ts [ OPTIONS ] OBJECT { COMMAND | help }',
  '       devlink-ts [ -f[orce] ] -b[atch] filename -N[etns] netnsname',
  'where  OBJECT := { dev | port | rate | lc | sb | monitor | dpipe | resource | region | health | trap | slice }',
  '       OPTIONS := { -V[ersion] | -n[o-nice-names] | -j[son] | -p[retty] | -v[erbose] -s[tatistics] -[he]x | -i[ec] }',
];

/** `devlink-ts dev help`. */
export const DEV_USAGE = [
  'Usage: devlink dev show [ DEV ]',
  '       devlink dev eswitch set DEV [ mode { legacy | switchdev | switchdev_inactive } ]',
  '                               [ inline-mode { none | link | network | transport } ]',
  '                               [ encap-mode { none | basic } ]',
  '       devlink dev eswitch show DEV',
  '       devlink dev param set DEV name PARAMETER [ value VALUE | default ] cmode { permanent | driverinit | runtime }',
  '       devlink dev param show [DEV name PARAMETER]',
  '       devlink dev reload DEV [ netns { PID | NAME | ID } ]',
  '                              [ action { driver_reinit | fw_activate } ] [ limit no_reset ]',
  '       devlink dev info [ DEV ]',
  '       devlink dev flash DEV file PATH [ component NAME ] [ overwrite SECTION ]',
  '       devlink dev selftests show [DEV]',
  '       devlink dev selftests run DEV [id TESTNAME ]',
];

/** `devlink-ts port help`. */
export const PORT_USAGE = [
  'Usage: devlink port show [ DEV/PORT_INDEX ]',
  '       devlink port set DEV/PORT_INDEX [ type { eth | ib | auto} ]',
  '       devlink port split DEV/PORT_INDEX count COUNT',
  '       devlink port unsplit DEV/PORT_INDEX',
  '       devlink port function set DEV/PORT_INDEX [ hw_addr ADDR ] [ state { active | inactive } ]',
  '                      [ roce { enable | disable } ] [ migratable { enable | disable } ]',
  '                      [ ipsec_crypto { enable | disable } ] [ ipsec_packet { enable | disable } ]',
  '                      [ max_io_eqs EQS ] [ --wait[=SECONDS] ]',
  '       devlink port function rate { help | show | add | del | set }',
  '       devlink port param set DEV/PORT_INDEX name PARAMETER value VALUE cmode { permanent | driverinit | runtime }',
  '       devlink port param show [DEV/PORT_INDEX name PARAMETER]',
  '       devlink port health show [ DEV/PORT_INDEX reporter REPORTER_NAME ]',
  '       devlink port add DEV/PORT_INDEX flavour FLAVOUR pfnum PFNUM',
  '                      [ sfnum SFNUM ][ controller CNUM ] [ --wait[=SECONDS] ]',
  '       devlink port del DEV/PORT_INDEX',
];

/** `devlink-ts port function help`. */
export const PORT_FUNCTION_USAGE = [
  'Usage: devlink port function set DEV/PORT_INDEX [ hw_addr ADDR ] [ state { active | inactive } ]',
  '                      [ roce { enable | disable } ] [ migratable { enable | disable } ]',
  '                      [ ipsec_crypto { enable | disable } ] [ ipsec_packet { enable | disable } ]',
  '                      [ max_io_eqs EQS ] [ --wait[=SECONDS] ]',
  '       devlink port function rate { help | show | add | del | set }',
];

/** `devlink-ts port function rate help`. */
export const RATE_USAGE = [
  'Usage: devlink port function rate help',
  '       devlink port function rate show [ DEV/{ PORT_INDEX | NODE_NAME } ]',
  '       devlink port function rate add DEV/NODE_NAME',
  '               [ tx_share VAL ][ tx_max VAL ][ tx_priority N ][ tx_weight N ][ tc-bw INDEX:N ... INDEX:N ][ { parent NODE_NAME | noparent } ]',
  '       devlink port function rate del DEV/NODE_NAME',
  '       devlink port function rate set DEV/{ PORT_INDEX | NODE_NAME }',
  '               [ tx_share VAL ][ tx_max VAL ][ tx_priority N ][ tx_weight N ][ tc-bw INDEX:N ... INDEX:N ][ { parent NODE_NAME | noparent } ]',
  '',
  '       VAL - float or integer value in units of bits or bytes per second (bit|bps)',
  '       N - integer representing priority/weight of the node among siblings',
  '       INDEX - integer representing traffic class index in the tc-bw option, ranging from 0 to 7',
  '       and SI (k-, m-, g-, t-) or IEC (ki-, mi-, gi-, ti-) case-insensitive prefix.',
  '       Bare number, means bits per second, is possible.',
  '',
  '       For details refer to devlink-rate(8) man page.',
];

/** `devlink-ts monitor help`. */
export const MONITOR_USAGE = [
  'Usage: devlink monitor [ all | OBJECT-LIST ]',
  'where  OBJECT-LIST := { dev | port | rate | param | lc | health | trap | trap-group | trap-policer | region | flash }',
  'With -j each event is printed as one JSON object on its own line: {"command":"new","port":{...}}',
];

/** Joins usage lines into text. */
export function usageText(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}
