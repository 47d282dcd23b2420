import { describe, expect, it } from 'vitest';
import {
  DEVLINK_ATTRIBUTES, DEVLINK_CMD, DEVLINK_ENUMS, DEVLINK_SETS, ESWITCH_MODE, PARAM_TYPE, PORT_FLAVOUR,
  PORT_FN_CAP, PORT_FUNCTION_SET, PORT_REPLY_COMMANDS, RATE_TC_BWS_SET, commandName, flagNames,
} from '../../src/devlink/spec/index.js';

describe('devlink spec tables', () => {
  it('numbers top-level attributes exactly as the uapi header does', () => {
    const expected: Record<string, number> = {
      'bus-name': 1, 'dev-name': 2, 'port-index': 3, 'port-type': 4, 'port-netdev-name': 7,
      'eswitch-mode': 25, 'eswitch-inline-mode': 26, pad: 61, 'eswitch-encap-mode': 62,
      'port-flavour': 77, 'param': 80, 'param-values-list': 84, 'param-value': 85, 'param-value-data': 86,
      'param-value-cmode': 87, 'info-driver-name': 98, 'info-version-running': 101, 'fmsg-obj-value-data': 113,
      'health-reporter': 114, 'port-pci-pf-number': 127, 'port-pci-vf-number': 128, 'netns-fd': 138,
      'netns-pid': 139, 'netns-id': 140, 'port-function': 145, 'port-splittable': 148,
      'port-controller-number': 150, 'reload-action': 153, 'reload-limits': 155, 'dev-stats': 156,
      'reload-action-stats': 163, 'port-pci-sf-number': 164, 'rate-type': 165, 'rate-tx-share': 166,
      'rate-tx-max': 167, 'rate-node-name': 168, 'rate-parent-node-name': 169, 'linecard-index': 171,
      'nested-devlink': 175, selftests: 176, 'rate-tx-priority': 177, 'rate-tx-weight': 178,
      'region-direct': 179, 'rate-tc-bws': 180, 'health-reporter-burst-period': 181,
      'param-reset-default': 183,
    };
    for (const [name, value] of Object.entries(expected)) {
      expect([name, DEVLINK_ATTRIBUTES.byName.get(name)?.value]).toEqual([name, value]);
    }
  });

  it('has the port function nest with caps, nested devlink and max-io-eqs', () => {
    expect(PORT_FUNCTION_SET.attributes.map((a) => [a.name, a.value, a.type])).toEqual([
      ['hw-addr', 1, 'binary'], ['state', 2, 'u8'], ['opstate', 3, 'u8'], ['caps', 4, 'bitfield32'],
      ['devlink', 5, 'nest'], ['max-io-eqs', 6, 'u32'],
    ]);
    expect(RATE_TC_BWS_SET.byName.get('bw')?.value).toBe(2);
  });

  it('resolves every nested-set and enum reference', () => {
    for (const set of DEVLINK_SETS.values()) {
      for (const attribute of set.attributes) {
        if (attribute.type === 'nest') expect([set.name, attribute.name, DEVLINK_SETS.has(attribute.nestedSet ?? '')]).toEqual([set.name, attribute.name, true]);
        if (attribute.enum) expect([attribute.name, DEVLINK_ENUMS.has(attribute.enum)]).toEqual([attribute.name, true]);
      }
    }
  });

  it('numbers commands and enums as the kernel does', () => {
    expect([DEVLINK_CMD.get, DEVLINK_CMD.new, DEVLINK_CMD['port-get'], DEVLINK_CMD['port-new'], DEVLINK_CMD['port-del']]).toEqual([1, 3, 5, 7, 8]);
    expect([DEVLINK_CMD['port-split'], DEVLINK_CMD['port-unsplit'], DEVLINK_CMD['eswitch-get'], DEVLINK_CMD['eswitch-set']]).toEqual([9, 10, 29, 30]);
    expect([DEVLINK_CMD.reload, DEVLINK_CMD['param-get'], DEVLINK_CMD['param-set'], DEVLINK_CMD['info-get']]).toEqual([37, 38, 39, 51]);
    expect([DEVLINK_CMD['rate-get'], DEVLINK_CMD['rate-set'], DEVLINK_CMD['rate-new'], DEVLINK_CMD['rate-del']]).toEqual([74, 75, 76, 77]);
    expect([DEVLINK_CMD['linecard-new'], DEVLINK_CMD['selftests-run'], DEVLINK_CMD['notify-filter-set']]).toEqual([80, 83, 84]);
    expect([DEVLINK_CMD['health-reporter-recover'], DEVLINK_CMD['trap-new'], DEVLINK_CMD['region-new']]).toEqual([54, 63, 44]);
    expect(commandName(7)).toBe('port-new');
    expect(commandName(200)).toBe('cmd-200');
    expect([...PORT_REPLY_COMMANDS].sort()).toEqual([3, 7]);
    expect(PORT_FLAVOUR.byName.get('pcisf')).toBe(7);
    expect(PORT_FLAVOUR.byName.get('virtual')).toBe(5);
    expect(ESWITCH_MODE.byName.get('switchdev_inactive')).toBe(2);
    expect(PARAM_TYPE.byName.get('bool')).toBe(6);
    expect(flagNames(PORT_FN_CAP, 0b10101)).toEqual(['roce', 'ipsec_crypto', 'bit4']);
  });
});
