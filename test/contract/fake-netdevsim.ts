/**
 * A netdevsim-shaped fake device, written from drivers/net/netdevsim (Linux 6.12): its params,
 * info versions, reload actions, eswitch (mode only), the `dummy` region, its traps, trap groups
 * and policers, its health reporters `empty` and `dummy`, its resource tree and its flash
 * progress. Contracts hold it to the real netdevsim.
 */
import type { FakeDevlink, FakeFlashStatus, FakeHealthReporter, FakeResource, FakeTrap, FmsgItem } from '../support/fake-devlink.js';
import { reportHealth } from '../support/fake-devlink-objects.js';
import { CONTRACT_FIRMWARE, type NetdevsimTargetDevice } from './target.js';

const SMAC = 'source_mac_is_multicast';

function trap(name: string, group: string, type: FakeTrap['type'], action: FakeTrap['action'], generic = true, faCookie = false): FakeTrap {
  return { name, group, type, generic, action, metadata: { inPort: true, ...(faCookie ? { faCookie } : {}) }, rxPackets: 0n, rxBytes: 0n };
}

/** netdevsim's trap table (nsim_traps_arr), in its order. */
function traps(): FakeTrap[] {
  return [
    trap(SMAC, 'l2_drops', 'drop', 'drop'),
    trap('vlan_tag_mismatch', 'l2_drops', 'drop', 'drop'),
    trap('ingress_vlan_filter', 'l2_drops', 'drop', 'drop'),
    trap('ingress_spanning_tree_filter', 'l2_drops', 'drop', 'drop'),
    trap('port_list_is_empty', 'l2_drops', 'drop', 'drop'),
    trap('port_loopback_filter', 'l2_drops', 'drop', 'drop'),
    trap('fid_miss', 'l2_drops', 'exception', 'trap', false),
    trap('blackhole_route', 'l3_drops', 'drop', 'drop'),
    trap('ttl_value_is_too_small', 'l3_exceptions', 'exception', 'trap'),
    trap('tail_drop', 'buffer_drops', 'drop', 'drop'),
    trap('ingress_flow_action_drop', 'acl_drops', 'drop', 'drop', true, true),
    trap('egress_flow_action_drop', 'acl_drops', 'drop', 'drop', true, true),
    trap('igmp_query', 'mc_snooping', 'control', 'mirror'),
    trap('igmp_v1_report', 'mc_snooping', 'control', 'trap'),
  ];
}

/** nsim_dev_dummy_fmsg_put with the default binary_len (16), with the two nest ends too many 6.12 sends. */
function dummyFmsg(breakMessage?: string): FmsgItem[] {
  const pair = (name: string, value: FmsgItem): FmsgItem[] => [['pair'], ['name', name], value, ['end']];
  return [
    ['obj'],
    ...(breakMessage === undefined ? [] : pair('break_message', ['str', breakMessage])),
    ...pair('test_bool', ['flag', 1]), ...pair('test_u8', ['u8', 1]), ...pair('test_u32', ['u32', 3]), ...pair('test_u64', ['u64', 4n]),
    ...pair('test_string', ['str', 'somestring']),
    ['pair'], ['name', 'test_binary'], ['arr'], ['bin', Uint8Array.from({ length: 16 }, (_, i) => i)], ['end'], ['end'],
    ['pair'], ['name', 'test_nest'], ['obj'], ...pair('nested_test_bool', ['flag', 0]), ...pair('nested_test_u8', ['u8', 0]), ['end'], ['end'],
    ['end'], ['end'],
    ['pair'], ['name', 'test_u32_array'], ['arr'], ['u32', 0], ['u32', 1], ['end'], ['end'],
    ['end'],
  ];
}

/** netdevsim's reporters: `empty` (dump and diagnose, both empty) and `dummy` (recover, dump, diagnose; no test op). */
function reporters(): FakeHealthReporter[] {
  return [
    { name: 'empty', state: 'healthy', errorCount: 0n, recoverCount: 0n, dump: { autoDump: true, items: [['obj'], ['end']] }, diagnose: [['obj'], ['end']] },
    {
      name: 'dummy', state: 'healthy', errorCount: 0n, recoverCount: 0n,
      recover: { gracefulPeriod: 0n, autoRecover: true }, dump: { autoDump: true, items: dummyFmsg() }, diagnose: dummyFmsg(),
    },
  ];
}

/** nsim_dev_resources_register: every size and maximum U64_MAX, granularity 1. */
function resources(): FakeResource[] {
  const max = 2n ** 64n - 1n;
  const resource = (name: string, id: bigint, children: FakeResource[] = []): FakeResource => ({ name, id, size: max, min: 0n, max, gran: 1n, children });
  return [
    resource('IPv4', 1n, [resource('fib', 2n), resource('fib-rules', 3n)]),
    resource('IPv6', 4n, [resource('fib', 5n), resource('fib-rules', 6n)]),
    resource('nexthops', 7n),
  ];
}

/**
 * nsim_dev_flash_update with fw_update_status on (the default): NSIM_DEV_FLASH_SIZE 500000 in
 * chunks of 1000, each reported before it is written, then the end of it, "Flash select" with a
 * timeout of 81 s and "Flashing done".
 */
function flashStatuses(component: string | undefined): FakeFlashStatus[] {
  const of = component === undefined ? {} : { component };
  const size = 500_000n;
  const chunks = Array.from({ length: 500 }, (_, i): FakeFlashStatus => ({ message: 'Flashing', ...of, done: BigInt(i) * 1000n, total: size }));
  return [
    { message: 'Preparing to flash', ...of },
    ...chunks,
    { message: 'Flashing', ...of, done: size, total: size },
    { message: 'Flash select', ...of, timeout: 81n },
    { message: 'Flashing done', ...of },
  ];
}

/** A fake netdevsim device `netdevsim/netdevsim<id>`. */
export function fakeNetdevsim(fake: FakeDevlink, id: number): NetdevsimTargetDevice {
  const handle = `netdevsim/netdevsim${id}`;
  const group = (name: string, policerId?: number) => ({ name, generic: true, ...(policerId ? { policerId } : {}), rxPackets: 0n, rxBytes: 0n });
  const device = fake.addDevice(handle, {
    driver: 'netdevsim', physicalPorts: 0,
    params: [
      { name: 'max_macs', generic: true, type: 'u32', values: { driverinit: 32 } },
      { name: 'test1', generic: false, type: 'bool', values: { driverinit: true } },
    ],
    traps: {
      traps: traps(),
      groups: [group('l2_drops'), group('l3_drops', 1), group('l3_exceptions', 1), group('buffer_drops', 2), group('acl_drops', 3), group('mc_snooping', 3)],
      policers: [
        { id: 1, rate: 1000n, burst: 128n, rxDropped: 0n },
        { id: 2, rate: 2000n, burst: 256n, rxDropped: 0n },
        { id: 3, rate: 3000n, burst: 512n, rxDropped: 0n },
      ],
    },
    healthReporters: reporters(),
    resources: resources(),
    // supported_flash_update_params has the overwrite mask; the debugfs fw_update_overwrite_mask (0) allows no section
    flash: { files: [CONTRACT_FIRMWARE], overwriteMask: true, overwriteSections: 0, components: ['fw.mgmt'], statuses: flashStatuses },
    regions: [{ name: 'dummy', maxSnapshots: 16, data: new Uint8Array(32 * 1024).map((_, i) => (i * 7) & 0xff), direct: false, snapshot: true, snapshots: new Map() }],
  });
  device.eswitch = { mode: 0 };
  device.reloadActions = ['driver_reinit'];
  device.reloadLimits = [];
  device.info = { fixed: [], running: [['fw.mgmt', '10.20.30']], stored: [['fw.mgmt', '10.20.30']] };
  return {
    handle,
    port: (index) => `${handle}/${index}`,
    async breakHealth(message) {
      const dummy = device.healthReporters.find((r) => r.name === 'dummy')!;
      reportHealth(fake, device, dummy, dummyFmsg(message));
    },
    async remove() {
      fake.removeDevice(handle);
    },
  };
}
