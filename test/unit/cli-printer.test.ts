import { describe, expect, it } from 'vitest';
import { Printer } from '../../src/cli/print/printer.js';
import { JsonWriter } from '../../src/cli/print/json-writer.js';
import { printPort } from '../../src/cli/objects/port/print.js';
import { printRate } from '../../src/cli/objects/rate/print.js';
import { printParam } from '../../src/cli/objects/dev/param-print.js';
import { printDevice, printEswitch, printInfo, printReloadResult } from '../../src/cli/objects/dev/print.js';
import { printMonitorEvent } from '../../src/cli/objects/monitor/print.js';
import type { DevlinkEvent } from '../../src/devlink/ops/events.js';
import type {
  DevlinkDevice, DevlinkEswitch, DevlinkInfo, DevlinkParam, DevlinkPort, DevlinkRate, ReloadResult,
} from '../../src/devlink/types.js';

/** A library object with an empty attribute tree (the printers read typed fields). */
function decoded<T>(fields: object): T {
  return { attributes: { values: {} }, ...fields } as T;
}

/** A notification as the library's event stream delivers it. */
function event(fields: object): DevlinkEvent {
  return decoded<DevlinkEvent>(fields);
}

type Mode = 'text' | 'json' | 'pretty';

/** Prints like a whole `devlink` command: section brackets and iproute2's final JSON newline. */
function render(mode: Mode, section: string | undefined, body: (p: Printer) => void): string {
  const p = new Printer({ json: mode !== 'text', pretty: mode === 'pretty' });
  if (section) p.sectionStart(section);
  body(p);
  if (section) p.sectionEnd();
  return p.drain() + (mode === 'text' ? '' : '\n');
}

const SF_PORT = decoded<DevlinkPort>({
  busName: 'pci',
  deviceName: '0000:06:00.0',
  portIndex: 32768,
  type: 'eth',
  netdevName: 'eth6',
  flavour: 'pcisf',
  controller: 0,
  pfnum: 0,
  sfnum: 88,
  splittable: false,
  function: decoded({ hwAddr: '00:00:00:00:88:88', state: 'inactive', opstate: 'detached', caps: { roce: true, raw: { value: 1, selector: 1 } }, maxIoEqs: 4 }),
});

const PHYSICAL = decoded<DevlinkPort>({
  busName: 'netdevsim',
  deviceName: 'netdevsim10',
  portIndex: 0,
  type: 'eth',
  netdevName: 'eni10np1',
  flavour: 'physical',
  portNumber: 1,
  splittable: false,
});

describe('JsonWriter (iproute2 json_writer layout)', () => {
  it('writes compact JSON without spaces', () => {
    const w = new JsonWriter(false);
    w.startObject();
    w.name('a');
    w.startArray();
    w.integer(1);
    w.integer(18446744073709551615n);
    w.endArray();
    w.name('b');
    w.string('x"y\\z');
    w.endObject();
    expect(w.drain()).toBe('{"a":[1,18446744073709551615],"b":"x\\"y\\\\z"}');
  });

  it('pretty-prints with four-space indents and iproute2 array brackets', () => {
    const w = new JsonWriter(true);
    w.startObject();
    w.name('list');
    w.startArray();
    w.startObject();
    w.name('k');
    w.boolean(true);
    w.endObject();
    w.startObject();
    w.endObject();
    w.endArray();
    w.name('empty');
    w.startArray();
    w.endArray();
    w.endObject();
    expect(w.drain()).toBe('{\n    "list": [ {\n            "k": true\n        },{} ],\n    "empty": [ ]\n}');
  });
});

describe('port printer', () => {
  it('prints an SF port in text like iproute2 (full sfnum, function block)', () => {
    expect(render('text', 'port', (p) => printPort(p, SF_PORT))).toBe(
      'pci/0000:06:00.0/32768: type eth netdev eth6 flavour pcisf controller 0 pfnum 0 sfnum 88 splittable false\n' +
        '  function:\n' +
        '    hw_addr 00:00:00:00:88:88 state inactive opstate detached roce enable max_io_eqs 4\n',
    );
  });

  it('prints sfnum above 65535 in full', () => {
    const out = render('text', 'port', (p) => printPort(p, { ...SF_PORT, sfnum: 100000, function: undefined }));
    expect(out).toContain(' sfnum 100000 ');
  });

  it('prints the same port as compact JSON', () => {
    expect(render('json', 'port', (p) => printPort(p, SF_PORT))).toBe(
      '{"port":{"pci/0000:06:00.0/32768":{"type":"eth","netdev":"eth6","flavour":"pcisf","controller":0,"pfnum":0,' +
        '"sfnum":88,"splittable":false,"function":{"hw_addr":"00:00:00:00:88:88","state":"inactive",' +
        '"opstate":"detached","roce":"enable","max_io_eqs":4}}}}\n',
    );
  });

  it('pretty-prints JSON like devlink -jp', () => {
    expect(render('pretty', 'port', (p) => printPort(p, { ...SF_PORT, function: decoded({ hwAddr: '00:00:00:00:88:88', state: 'inactive', opstate: 'detached' }) }))).toBe(
      [
        '{',
        '    "port": {',
        '        "pci/0000:06:00.0/32768": {',
        '            "type": "eth",',
        '            "netdev": "eth6",',
        '            "flavour": "pcisf",',
        '            "controller": 0,',
        '            "pfnum": 0,',
        '            "sfnum": 88,',
        '            "splittable": false,',
        '            "function": {',
        '                "hw_addr": "00:00:00:00:88:88",',
        '                "state": "inactive",',
        '                "opstate": "detached"',
        '            }',
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints several ports one per line, with the function nested devlink instance', () => {
    const attached: DevlinkPort = {
      ...SF_PORT,
      function: decoded({
        hwAddr: '00:00:00:00:88:88', state: 'active', opstate: 'attached',
        devlink: { handle: 'auxiliary/mlx5_core.sf.2', busName: 'auxiliary', deviceName: 'mlx5_core.sf.2' },
      }),
    };
    expect(render('text', 'port', (p) => [PHYSICAL, attached, PHYSICAL].forEach((port) => printPort(p, port)))).toBe(
      'netdevsim/netdevsim10/0: type eth netdev eni10np1 flavour physical port 1 splittable false\n' +
        'pci/0000:06:00.0/32768: type eth netdev eth6 flavour pcisf controller 0 pfnum 0 sfnum 88 splittable false\n' +
        '  function:\n' +
        '    hw_addr 00:00:00:00:88:88 state active opstate attached\n' +
        '      nested_devlink:\n' +
        '        auxiliary/mlx5_core.sf.2\n' +
        'netdevsim/netdevsim10/0: type eth netdev eni10np1 flavour physical port 1 splittable false\n',
    );
    expect(render('json', 'port', (p) => printPort(p, attached))).toContain(
      '"function":{"hw_addr":"00:00:00:00:88:88","state":"active","opstate":"attached","nested_devlink":{"auxiliary/mlx5_core.sf.2":{}}}',
    );
  });

  it('names unknown enum values as iproute2 does', () => {
    const out = render('text', 'port', (p) => printPort(p, decoded({ busName: 'pci', deviceName: 'x', portIndex: 1, type: 'unknown-9', flavour: 'unused' })));
    expect(out).toBe('pci/x/1: type <unknown type> flavour <unknown flavour>\n');
  });
});

describe('rate printer', () => {
  const leaf = decoded<DevlinkRate>({ busName: 'pci', deviceName: '0000:03:00.0', portIndex: 1, type: 'leaf', txShare: 1_500_000n, parent: 'group1' });
  const node = decoded<DevlinkRate>({ busName: 'pci', deviceName: '0000:03:00.0', nodeName: 'group1', type: 'node', txMax: 1_250_000n, txPriority: 2, txWeight: 0 });

  it('prints leaves and nodes in text with bit/s units, zero values omitted', () => {
    expect(render('text', 'rate', (p) => [leaf, node].forEach((r) => printRate(p, r, false)))).toBe(
      'pci/0000:03:00.0/1: type leaf tx_share 12Mbit parent group1\n' +
        'pci/0000:03:00.0/group1: type node tx_max 10Mbit tx_priority 2\n',
    );
  });

  it('prints IEC units with -i', () => {
    expect(render('text', 'rate', (p) => printRate(p, { ...leaf, txShare: 131_072n, parent: undefined }, true))).toBe(
      'pci/0000:03:00.0/1: type leaf tx_share 1Mibit\n',
    );
  });

  it('prints bytes per second in JSON', () => {
    expect(render('json', 'rate', (p) => printRate(p, leaf, false))).toBe(
      '{"rate":{"pci/0000:03:00.0/1":{"type":"leaf","tx_share":1500000,"parent":"group1"}}}\n',
    );
  });

  it('prints traffic-class shares', () => {
    const withTc: DevlinkRate = { ...node, tcBandwidths: [{ index: 0, bw: 60 }, { index: 1, bw: 0 }, { index: 4, bw: 40 }] };
    expect(render('text', 'rate', (p) => printRate(p, withTc, false))).toBe(
      'pci/0000:03:00.0/group1: type node tx_max 10Mbit tx_priority 2 tc_0 bw 60 tc_4 bw 40\n',
    );
    expect(render('json', 'rate', (p) => printRate(p, withTc, false))).toContain('"tx_priority":2,"tc_0":60,"tc_4":40}');
  });
});

describe('param printer', () => {
  const params: DevlinkParam[] = [
    { busName: 'netdevsim', deviceName: 'netdevsim10', name: 'max_macs', type: 'u32', generic: true, values: [{ cmode: 'driverinit', value: 32 }] },
    { busName: 'netdevsim', deviceName: 'netdevsim10', name: 'test1', type: 'bool', generic: false, values: [{ cmode: 'driverinit', value: true }] },
    { busName: 'netdevsim', deviceName: 'netdevsim11', name: 'fw_load_policy', type: 'u8', generic: true, values: [{ cmode: 'permanent', value: 2 }, { cmode: 'runtime', value: undefined }] },
  ].map((param) => decoded<DevlinkParam>(param));

  it('groups parameters per device in text', () => {
    expect(render('text', 'param', (p) => params.forEach((param) => printParam(p, param, true)))).toBe(
      'netdevsim/netdevsim10:\n' +
        '  name max_macs type generic\n' +
        '    values:\n' +
        '      cmode driverinit value 32\n' +
        '  name test1 type driver-specific\n' +
        '    values:\n' +
        '      cmode driverinit value true\n' +
        'netdevsim/netdevsim11:\n' +
        '  name fw_load_policy type generic\n' +
        '    values:\n' +
        '      cmode permanent value disk\n',
    );
  });

  it('groups parameters per device in JSON arrays', () => {
    expect(render('json', 'param', (p) => params.forEach((param) => printParam(p, param, true)))).toBe(
      '{"param":{"netdevsim/netdevsim10":[{"name":"max_macs","type":"generic","values":[{"cmode":"driverinit","value":32}]},' +
        '{"name":"test1","type":"driver-specific","values":[{"cmode":"driverinit","value":true}]}],' +
        '"netdevsim/netdevsim11":[{"name":"fw_load_policy","type":"generic","values":[{"cmode":"permanent","value":"disk"},{}]}]}}\n',
    );
  });

  it('pretty-prints arrays as iproute2 does', () => {
    expect(render('pretty', 'param', (p) => printParam(p, params[0]!, true))).toBe(
      [
        '{',
        '    "param": {',
        '        "netdevsim/netdevsim10": [ {',
        '                "name": "max_macs",',
        '                "type": "generic",',
        '                "values": [ {',
        '                        "cmode": "driverinit",',
        '                        "value": 32',
        '                    } ]',
        '            } ]',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('device printers', () => {
  it('prints dev show as bare handles', () => {
    const devs = [
      decoded<DevlinkDevice>({ busName: 'netdevsim', deviceName: 'netdevsim10', nestedDevlinks: [] }),
      decoded<DevlinkDevice>({ busName: 'pci', deviceName: '0000:06:00.0', nestedDevlinks: [] }),
    ];
    expect(render('text', 'dev', (p) => devs.forEach((d) => printDevice(p, d, false)))).toBe('netdevsim/netdevsim10\npci/0000:06:00.0\n');
    expect(render('json', 'dev', (p) => devs.forEach((d) => printDevice(p, d, false)))).toBe(
      '{"dev":{"netdevsim/netdevsim10":{},"pci/0000:06:00.0":{}}}\n',
    );
  });

  it('prints reload statistics with -s', () => {
    const dev: DevlinkDevice = {
      busName: 'netdevsim',
      deviceName: 'netdevsim10',
      handle: 'netdevsim/netdevsim10',
      nestedDevlinks: [],
      // The kernel sent DEVLINK_ATTR_DEV_STATS.
      attributes: { values: { 'dev-stats': { values: {} } } } as unknown as DevlinkDevice['attributes'],
      reloadStats: [
        { action: 'driver_reinit', limit: 'unspec', value: 2 },
        { action: 'fw_activate', limit: 'unspec', value: 0 },
        { action: 'fw_activate', limit: 'no_reset', value: 0 },
      ],
      remoteReloadStats: [{ action: 'driver_reinit', limit: 'unspec', value: 0 }],
    };
    expect(render('text', 'dev', (p) => printDevice(p, dev, true))).toBe(
      'netdevsim/netdevsim10:\n' +
        '  stats:\n' +
        '      reload:\n' +
        '          driver_reinit:\n' +
        '            unspecified 2\n' +
        '          fw_activate:\n' +
        '            unspecified 0 no_reset 0\n' +
        '      remote_reload:\n' +
        '          driver_reinit:\n' +
        '            unspecified 0\n',
    );
    expect(render('json', 'dev', (p) => printDevice(p, dev, true))).toBe(
      '{"dev":{"netdevsim/netdevsim10":{"stats":{"reload":{"driver_reinit":{"unspecified":2},' +
        '"fw_activate":{"unspecified":0,"no_reset":0}},"remote_reload":{"driver_reinit":{"unspecified":0}}}}}}\n',
    );
    expect(render('text', 'dev', (p) => printDevice(p, dev, false))).toBe('netdevsim/netdevsim10\n');
  });

  it('prints eswitch show', () => {
    const eswitch = decoded<DevlinkEswitch>({ busName: 'pci', deviceName: '0000:06:00.0', mode: 'switchdev', inlineMode: 'none', encapMode: 'basic' });
    expect(render('text', 'dev', (p) => printEswitch(p, eswitch))).toBe(
      'pci/0000:06:00.0: mode switchdev inline-mode none encap-mode basic\n',
    );
    expect(render('json', 'dev', (p) => printEswitch(p, eswitch))).toBe(
      '{"dev":{"pci/0000:06:00.0":{"mode":"switchdev","inline-mode":"none","encap-mode":"basic"}}}\n',
    );
  });

  it('prints dev info with versions', () => {
    const info = decoded<DevlinkInfo>({
      busName: 'netdevsim',
      deviceName: 'netdevsim10',
      driver: 'netdevsim',
      serialNumber: 'abc',
      versions: {
        fixed: [{ name: 'fw.mgmt', value: '1.0' }],
        running: [{ name: 'fw', value: '1.2.3' }, { name: 'fw.mgmt', value: '10.20.30' }],
        stored: [],
      },
    });
    expect(render('text', 'info', (p) => printInfo(p, info))).toBe(
      'netdevsim/netdevsim10:\n' +
        '  driver netdevsim\n' +
        '  serial_number abc\n' +
        '  versions:\n' +
        '      fixed:\n' +
        '        fw.mgmt 1.0\n' +
        '      running:\n' +
        '        fw 1.2.3\n' +
        '        fw.mgmt 10.20.30\n',
    );
    expect(render('json', 'info', (p) => printInfo(p, info))).toBe(
      '{"info":{"netdevsim/netdevsim10":{"driver":"netdevsim","serial_number":"abc","versions":{"fixed":{"fw.mgmt":"1.0"},' +
        '"running":{"fw":"1.2.3","fw.mgmt":"10.20.30"}}}}}\n',
    );
  });

  it('prints the actions a reload performed', () => {
    // The kernel answered with reload-actions-performed (bits 1 and 2).
    const result: ReloadResult = {
      actionsPerformed: ['driver_reinit', 'fw_activate'],
      attributes: { values: { 'reload-actions-performed': { value: 6, selector: 6 } } } as unknown as ReloadResult['attributes'],
    };
    expect(render('text', undefined, (p) => printReloadResult(p, result))).toBe(
      'reload_actions_performed:\n    driver_reinit fw_activate\n',
    );
    expect(render('json', undefined, (p) => printReloadResult(p, result))).toBe(
      '{"reload":{"reload_actions_performed":["driver_reinit","fw_activate"]}}\n',
    );
  });
});

describe('monitor printer', () => {
  it('prints text events with the [object,verb] prefix, rate events included', () => {
    const p = new Printer({ json: false, pretty: false });
    const options = { json: false, pretty: false, iec: false };
    let out = printMonitorEvent(p, event({ kind: 'port', command: 7, action: 'new', port: PHYSICAL }), options) ?? '';
    out += printMonitorEvent(p, event({ kind: 'rate', command: 76, action: 'new', rate: decoded({ busName: 'pci', deviceName: 'x', nodeName: 'g1', type: 'node' }) }), options) ?? '';
    out += printMonitorEvent(p, event({ kind: 'dev', command: 4, action: 'del', device: decoded({ busName: 'pci', deviceName: 'x', nestedDevlinks: [] }) }), options) ?? '';
    expect(out).toBe(
      '[port,new] netdevsim/netdevsim10/0: type eth netdev eni10np1 flavour physical port 1 splittable false\n' +
        '[rate,new] pci/x/g1: type node\n' +
        '[dev,del] pci/x\n',
    );
  });

  it('prints one JSON object per event line', () => {
    const p = new Printer({ json: false, pretty: false });
    const out = printMonitorEvent(p, event({ kind: 'rate', command: 75, action: 'new', rate: decoded({ busName: 'pci', deviceName: 'x', portIndex: 3, type: 'leaf', txMax: 125n }) }), { json: true, pretty: false, iec: false });
    expect(out).toBe('{"command":"set","rate":{"pci/x/3":{"type":"leaf","tx_max":125}}}\n');
    expect(JSON.parse(out ?? '')).toEqual({ command: 'set', rate: { 'pci/x/3': { type: 'leaf', tx_max: 125 } } });
  });
});

describe('printer: a nested instance in another network namespace', () => {
  const port = decoded<DevlinkPort>({
    ...SF_PORT,
    function: decoded({ ...SF_PORT.function, devlink: { handle: 'auxiliary/mlx5_core.sf.4', busName: 'auxiliary', deviceName: 'mlx5_core.sf.4', netnsId: 3 } }),
  });

  it('shows the name under /var/run/netns that has the id, as iproute2 6.15 does', () => {
    const names = new Map([[3, 'tenant1']]);
    expect(render('text', undefined, (p) => printPort(p, port, names))).toContain('      nested_devlink:\n        auxiliary/mlx5_core.sf.4: netns tenant1\n');
    expect(render('json', 'port', (p) => printPort(p, port, names))).toContain('"nested_devlink":{"auxiliary/mlx5_core.sf.4":{"netns":"tenant1"}}');
  });

  it('falls back to the id when no name has it', () => {
    expect(render('text', undefined, (p) => printPort(p, port))).toContain('auxiliary/mlx5_core.sf.4: netnsid 3\n');
    expect(render('json', 'port', (p) => printPort(p, port))).toContain('"nested_devlink":{"auxiliary/mlx5_core.sf.4":{"netnsid":3}}');
  });
});
