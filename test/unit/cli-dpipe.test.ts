import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { installSbDpipe } from '../support/fake-devlink-sb.js';
import { runCli, words } from './cli-harness.js';

// Goldens of `devlink-ts dpipe ...` against the fake devlink modelled on objsim (headers ethernet
// and ipv4, table objsim_host4 on resource /host4); test/vm/cli-dpipe.test.ts compares the same
// commands with iproute2 on objsim in the VM.

let fake: FakeDevlink;
let factory: DevlinkFactory;
const DEV = 'objsim/objsim1';

beforeEach(() => {
  fake = new FakeDevlink();
  fake.addDevice(DEV, { eswitchMode: null, resources: [{ name: 'host4', id: 1n, size: 3n, min: 0n, max: 3n, gran: 1n, occ: 3n, children: [] }] });
  fake.addDevice('netdevsim/netdevsim2');
  installSbDpipe(fake).add(DEV);
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});

afterEach(() => fake.dispose());

const cli = (line: string) => runCli(words(line), { devlink: factory });

describe('dpipe header show', () => {
  it('prints local then global headers, each newest first (iproute2 prepends); -v adds ids', async () => {
    expect(await cli(`dpipe header show ${DEV}`)).toEqual({
      code: 0, err: '', opened: true,
      out: 'objsim/objsim1:\n  name ipv4\n    field:\n      name destination ip bitwidth 32\n  name ethernet\n    field:\n      name destination mac bitwidth 48\n',
    });
    expect((await cli(`-v dpipe header show ${DEV}`)).out).toBe(
      'objsim/objsim1:\n  name ipv4 id 1 global true\n    field:\n      name destination ip id 0 bitwidth 32\n  name ethernet id 0 global true\n    field:\n      name destination mac id 0 bitwidth 48\n',
    );
    expect((await cli(`-j dpipe header show ${DEV}`)).out).toBe(
      '{"header":{"objsim/objsim1":[{"name":"ipv4","field":[{"name":"destination ip","bitwidth":32}]},{"name":"ethernet","field":[{"name":"destination mac","bitwidth":48}]}]}}\n',
    );
  });

  it('reports a device without dpipe as iproute2 does', async () => {
    expect(await cli('dpipe header show netdevsim/netdevsim2')).toMatchObject({ code: 1, err: 'kernel answers: Operation not supported\nerror get headers Success\n' });
  });
});

describe('dpipe table', () => {
  it('shows tables with the resource path and units, text and JSON', async () => {
    expect((await cli(`dpipe table show ${DEV}`)).out).toBe([
      'objsim/objsim1:',
      '  name objsim_host4 size 3 counters_enabled false resource_path /host4 resource_units 1',
      '    match:',
      '      type field_exact header ipv4 field destination ip',
      '    action:',
      '      type field_modify header ethernet field destination mac',
      '',
    ].join('\n'));
    expect((await cli(`-j dpipe table show ${DEV} name objsim_host4`)).out).toBe(
      '{"table":{"objsim/objsim1":[{"name":"objsim_host4","size":3,"counters_enabled":false,"resource_path":"/host4","resource_units":1,' +
        '"match":[{"type":"field_exact","header":"ipv4","field":"destination ip"}],"action":[{"type":"field_modify","header":"ethernet","field":"destination mac"}]}]}}\n',
    );
  });

  it('dumps entries (addresses as iproute2 prints them); counters appear once enabled', async () => {
    const dump = `dpipe table dump ${DEV} name objsim_host4`;
    expect((await cli(dump)).out.split('\n').slice(0, 6)).toEqual([
      'objsim/objsim1:',
      '  index 0',
      '    match_value:',
      '      type field_exact header ipv4 field destination ip value 192.0.2.1',
      '    action_value:',
      '      type field_modify header ethernet field destination mac value 2:0:0:0:0:1',
    ]);
    expect(await cli(`dpipe table set ${DEV} name objsim_host4 counters_enabled true`)).toMatchObject({ code: 0, out: '', err: '' });
    expect((await cli(`dpipe table show ${DEV}`)).out).toContain('counters_enabled true');
    expect((await cli(dump)).out.split('\n')[1]).toBe('  index 0 counter 1000');
    const json = JSON.parse((await cli(`-j ${dump}`)).out) as { table_entry: Record<string, unknown[]> };
    expect(json.table_entry['objsim/objsim1']?.[2]).toEqual({
      index: 2, counter: 3000,
      match_value: [{ type: 'field_exact', header: 'ipv4', field: 'destination ip', value: '198.51.100.1' }],
      action_value: [{ type: 'field_modify', header: 'ethernet', field: 'destination mac', value: '2:0:0:0:1:1' }],
    });
  });

  it('shows nothing for a table the device lacks; reports a refused entries read but exits 0, as iproute2 6.1', async () => {
    // the kernel answers a table get naming an unknown table with an empty list (test/contract/dpipe.ts)
    expect(await cli(`dpipe table show ${DEV} name nope`)).toMatchObject({ code: 0, out: '', err: '' });
    expect(await cli(`-j dpipe table dump ${DEV} name nope`)).toMatchObject({ code: 0, out: '{"table_entry":{}}\n', err: 'kernel answers: Invalid argument\n' });
  });
});

describe('dpipe command lines iproute2 refuses', () => {
  it.each([
    ['dpipe table set objsim/objsim1 name t', 'Dpipe table counter state expected.\n'],
    ['dpipe table set objsim/objsim1 counters true', 'Dpipe table name expected.\n'],
    ['dpipe table set objsim/objsim1 name t counters maybe', '"maybe" is not a valid boolean value\n'],
    ['dpipe table dump objsim/objsim1', 'Dpipe table name expected.\n'],
    ['dpipe table show objsim/objsim1 size 3', 'Unknown option "size"\n'],
    ['dpipe table show', 'Devlink identification ("bus_name/dev_name") expected\n'],
    ['dpipe header show objsim/objsim1 name t', 'Unknown option "name"\n'],
    ['dpipe header list', 'Command "list" not found\n'],
    ['dpipe table flush', 'Command "flush" not found\n'],
    ['dpipe pipeline', 'Command "pipeline" not found\n'],
  ])('%s', async (line, err) => {
    expect(await runCli(words(line))).toEqual({ code: 1, out: '', err, opened: false });
  });

  it('prints the usage for help and incomplete object words', async () => {
    for (const line of ['dpipe', 'dpipe help', 'dpipe table', 'dpipe header help']) {
      expect(await runCli(words(line))).toEqual({
        code: 0, out: '', opened: false,
        err: [
          'Usage: devlink dpipe table show DEV [ name TABLE_NAME ]',
          '       devlink dpipe table set DEV name TABLE_NAME',
          '                               [ counters_enabled { true | false } ]',
          '       devlink dpipe table dump DEV name TABLE_NAME',
          '       devlink dpipe header show DEV',
          '',
        ].join('\n'),
      });
    }
  });
});
