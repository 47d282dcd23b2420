/**
 * Bad config files and the one message each must produce (file:line:column, key, value), for
 * state-config.test.ts. Each case is one or more files; a directory's files are read in lexical
 * order, so cases with several files name them a.yaml, b.yaml.
 */
export interface BadConfigCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly errors: readonly string[];
}

const DEV = 'devices:\n  - handle: pci/0000:08:00.0\n';

export const BAD_CONFIGS: readonly BadConfigCase[] = [
  { name: 'misspelled SF key', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 1, hw_adr: "02:00:00:00:00:01" }\n` }, errors: [
    'a.yaml:4:31: unknown key "hw_adr" in devices[0].sfs[0] (did you mean "hw_addr"?); allowed: controller, pfnum, roce, migratable, ipsec_crypto, ipsec_packet, max_io_eqs, rate, state, params, netns, adopt, sfnum, hw_addr',
  ] },
  { name: 'misspelled device key', files: { 'a.yaml': `${DEV}    eswich: { mode: switchdev }\n` }, errors: [
    'a.yaml:3:5: unknown key "eswich" in devices[0] (did you mean "eswitch"?); allowed: handle, match, eswitch, params, health, rate_nodes, sfs, sf_ranges, prune, allow_disruption',
  ] },
  { name: 'misspelled top-level key', files: { 'a.yaml': 'device:\n  - handle: pci/0000:08:00.0\n' }, errors: [
    'a.yaml:1:1: unknown key "device" in the top level (did you mean "devices"?); allowed: devices, allow_disruption',
  ] },
  { name: 'unquoted MAC that YAML 1.1 reads as a number', files: { 'a.yaml': `${DEV}    sfs:\n      - pfnum: 0\n        sfnum: 1\n        hw_addr: 12:34:56:00:00:58\n` }, errors: [
    'a.yaml:6:18: hw_addr: 12:34:56:00:00:58 is read by YAML 1.1 tools as the number 9783936058: quote it ("12:34:56:00:00:58")',
  ] },
  { name: 'MAC too short', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 1, hw_addr: "02:00:00:00:01" }\n` }, errors: [
    'a.yaml:4:40: hw_addr: "02:00:00:00:01" is invalid: expected MAC address of the function, a quoted string "aa:bb:cc:dd:ee:ff"',
  ] },
  { name: 'multicast MAC', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 1, hw_addr: "01:00:5e:00:00:01" }\n` }, errors: [
    'a.yaml:4:40: hw_addr: "01:00:5e:00:00:01" is a multicast address: a function needs a unicast MAC (even first byte)',
  ] },
  { name: 'rate without unit (number)', files: { 'a.yaml': `${DEV}    sfs:\n      - pfnum: 0\n        sfnum: 1\n        rate: { tx_max: 100 }\n` }, errors: [
    'a.yaml:6:25: tx_max: 100 has no unit: write e.g. 100mbit (bits/s) or 100MBps (bytes/s)',
  ] },
  { name: 'rate without unit (string)', files: { 'a.yaml': `${DEV}    rate_nodes:\n      - { name: t1, tx_share: "500" }\n` }, errors: [
    'a.yaml:4:31: tx_share: "500" has no unit: write e.g. 500mbit (bits/s) or 500MBps (bytes/s)',
  ] },
  { name: 'rate with an unknown unit', files: { 'a.yaml': `${DEV}    rate_nodes:\n      - { name: t1, tx_max: 10gbits }\n` }, errors: [
    'a.yaml:4:29: tx_max: "10gbits" is not a rate: expected a number with a unit such as 100mbit, 1gbit or 125MBps',
  ] },
  { name: 'tx_share above tx_max', files: { 'a.yaml': `${DEV}    rate_nodes:\n      - { name: t1, tx_share: 2gbit, tx_max: 1gbit }\n` }, errors: [
    'a.yaml:4:31: tx_share: "2gbit" is above tx_max "1gbit"',
  ] },
  { name: 'undeclared parent node of an SF', files: { 'a.yaml': `${DEV}    rate_nodes:\n      - { name: tenant1 }\n    sfs:\n      - pfnum: 0\n        sfnum: 1\n        rate: { parent: tenant2 }\n` }, errors: [
    'a.yaml:8:25: parent: "tenant2" is not a rate node declared for this device (did you mean "tenant1"?)',
  ] },
  { name: 'undeclared parent node of a node', files: { 'a.yaml': `${DEV}    rate_nodes:\n      - { name: t1, parent: root }\n` }, errors: [
    'a.yaml:4:29: parent: "root" is not a rate node declared for this device',
  ] },
  { name: 'rate node parents in a cycle', files: { 'a.yaml': `${DEV}    rate_nodes:\n      - { name: a, parent: b }\n      - { name: b, parent: a }\n` }, errors: [
    'a.yaml:4:9: rate node a: its parents form a cycle (a -> b -> a)',
    'a.yaml:5:9: rate node b: its parents form a cycle (b -> a -> b)',
  ] },
  { name: 'same SF declared twice in two files', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 7 }\n`, 'b.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 7 }\n` }, errors: [
    'b.yaml:4:28: SF controller 0 pfnum 0 sfnum 7 is declared twice: also at a.yaml:4:9',
  ] },
  { name: 'SF inside a range declared again', files: { 'a.yaml': `${DEV}    sf_ranges:\n      - { pfnum: 0, sfnum: { from: 10, count: 5 } }\n    sfs:\n      - { pfnum: 0, sfnum: 12 }\n` }, errors: [
    'a.yaml:4:28: SF controller 0 pfnum 0 sfnum 12 is declared twice: also at a.yaml:6:9',
  ] },
  { name: 'rate node declared twice in two files', files: { 'a.yaml': `${DEV}    rate_nodes:\n      - { name: t1 }\n`, 'b.yaml': `${DEV}    rate_nodes:\n      - { name: t1 }\n` }, errors: [
    'b.yaml:4:17: rate node t1 is declared twice: also at a.yaml:4:9',
  ] },
  { name: 'eswitch mode conflicting across files', files: { 'a.yaml': `${DEV}    eswitch: { mode: switchdev }\n`, 'b.yaml': `${DEV}    eswitch: { mode: legacy }\n` }, errors: [
    'b.yaml:3:22: eswitch mode: "legacy" conflicts with "switchdev" declared for the same device at a.yaml:3:22',
  ] },
  { name: 'unknown eswitch mode', files: { 'a.yaml': `${DEV}    eswitch: { mode: switchdevv }\n` }, errors: [
    'a.yaml:3:22: mode: "switchdevv" is not one of legacy, switchdev, switchdev_inactive',
  ] },
  { name: 'unknown SF state', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 1, state: up }\n` }, errors: [
    'a.yaml:4:38: state: "up" is not one of active, inactive',
  ] },
  { name: 'missing sfnum', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0 }\n` }, errors: [
    'a.yaml:4:9: devices[0].sfs[0]: missing key "sfnum"',
  ] },
  { name: 'pfnum out of range', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 70000, sfnum: 1 }\n` }, errors: [
    'a.yaml:4:18: pfnum: 70000 is out of range (maximum 65535)',
  ] },
  { name: 'negative sfnum', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: -1 }\n` }, errors: [
    'a.yaml:4:28: sfnum: -1 is out of range (minimum 0)',
  ] },
  { name: 'sfnum as a string', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: "88" }\n` }, errors: [
    'a.yaml:4:28: sfnum: expected integer, got "88"',
  ] },
  { name: 'roce as yes', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 1, roce: yes }\n` }, errors: [
    'a.yaml:4:37: roce: expected boolean, got "yes" (YAML 1.2 reads yes as a string: write true or false)',
  ] },
  { name: 'max_io_eqs zero', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 1, max_io_eqs: 0 }\n` }, errors: [
    'a.yaml:4:43: max_io_eqs: 0 is out of range (minimum 1)',
  ] },
  { name: 'device without handle or match', files: { 'a.yaml': 'devices:\n  - eswitch: { mode: switchdev }\n' }, errors: [
    'a.yaml:2:5: devices[0]: missing key "handle" (or "match: { serial_number: ... }")',
  ] },
  { name: 'device with both handle and match', files: { 'a.yaml': `${DEV}    match: { serial_number: MT1 }\n` }, errors: [
    'a.yaml:3:5: devices[0]: give either handle or match, not both',
  ] },
  { name: 'malformed handle', files: { 'a.yaml': 'devices:\n  - handle: pci-0000:08:00.0\n' }, errors: [
    'a.yaml:2:13: handle: "pci-0000:08:00.0" is invalid: expected devlink handle `bus/device`, e.g. pci/0000:08:00.0',
  ] },
  { name: 'param without cmode', files: { 'a.yaml': `${DEV}    params:\n      - { name: flow_steering_mode, value: smfs }\n` }, errors: [
    'a.yaml:4:9: devices[0].params[0]: missing key "cmode"',
  ] },
  { name: 'param with an unknown cmode', files: { 'a.yaml': `${DEV}    params:\n      - { name: enable_roce, value: true, cmode: boot }\n` }, errors: [
    'a.yaml:4:50: cmode: "boot" is not one of runtime, driverinit, permanent',
  ] },
  { name: 'param declared twice', files: { 'a.yaml': `${DEV}    params:\n      - { name: enable_roce, value: true, cmode: driverinit }\n      - { name: enable_roce, value: false, cmode: driverinit }\n` }, errors: [
    'a.yaml:5:17: param enable_roce (cmode driverinit) is declared twice: also at a.yaml:4:9',
  ] },
  { name: 'health reporter without name', files: { 'a.yaml': `${DEV}    health:\n      - { grace_period: 500 }\n` }, errors: [
    'a.yaml:4:9: devices[0].health[0]: missing key "reporter"',
  ] },
  { name: 'health grace period as text', files: { 'a.yaml': `${DEV}    health:\n      - { reporter: fw_fatal, grace_period: 1m }\n` }, errors: [
    'a.yaml:4:45: grace_period: expected integer, got "1m"',
  ] },
  { name: 'instance params on an inactive SF', files: { 'a.yaml': `${DEV}    sfs:\n      - pfnum: 0\n        sfnum: 1\n        state: inactive\n        netns: blue\n` }, errors: [
    'a.yaml:6:16: state: inactive SFs have no devlink instance of their own: params and netns need state active',
  ] },
  { name: 'range MACs past the last address', files: { 'a.yaml': `${DEV}    sf_ranges:\n      - { pfnum: 0, sfnum: { from: 0, count: 3 }, hw_addr_base: "fe:ff:ff:ff:ff:fe" }\n` }, errors: [
    'a.yaml:4:65: hw_addr_base: "fe:ff:ff:ff:ff:fe" plus 2 carries into the first byte (ff:00:00:00:00:00 is a multicast address): choose a lower base',
  ] },
  { name: 'range without count', files: { 'a.yaml': `${DEV}    sf_ranges:\n      - { pfnum: 0, sfnum: { from: 0 } }\n` }, errors: [
    'a.yaml:4:28: devices[0].sf_ranges[0].sfnum: missing key "count"',
  ] },
  { name: 'range with hw_addr instead of hw_addr_base', files: { 'a.yaml': `${DEV}    sf_ranges:\n      - { pfnum: 0, sfnum: { from: 0, count: 2 }, hw_addr: "02:00:00:00:00:01" }\n` }, errors: [
    'a.yaml:4:51: unknown key "hw_addr" in devices[0].sf_ranges[0]; allowed: controller, pfnum, roce, migratable, ipsec_crypto, ipsec_packet, max_io_eqs, rate, state, params, netns, adopt, sfnum, hw_addr_base',
  ] },
  { name: 'sfs is a map', files: { 'a.yaml': `${DEV}    sfs:\n      pfnum: 0\n` }, errors: [
    'a.yaml:4:7: sfs: expected array, got a map',
  ] },
  { name: 'YAML syntax error', files: { 'a.yaml': `${DEV}    sfs: [ { pfnum: 0, sfnum: 1 }\n` }, errors: [
    'a.yaml:4:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ] },
  { name: 'duplicate key in one map', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 1, sfnum: 2 }\n` }, errors: [
    'a.yaml:4:31: YAML: Map keys must be unique',
  ] },
  { name: 'netns with a slash', files: { 'a.yaml': `${DEV}    sfs:\n      - { pfnum: 0, sfnum: 1, netns: /run/netns/blue }\n` }, errors: [
    'a.yaml:4:38: netns: "/run/netns/blue" is invalid: expected network namespace (`ip netns` name) to move the SF\'s own devlink instance to',
  ] },
];
