import { describe, expect, it } from 'vitest';
import { Printer } from '../../src/cli/print/printer.js';
import { hasPendingChange, printResource, type PrintedResource } from '../../src/cli/objects/resource/print.js';
import { runCli, words } from './cli-harness.js';

// The resource tree printer (the fake devlink has no dpipe tables, so `resource show` itself is
// compared with iproute2 on netdevsim in test/vm/cli-resource.test.ts); here the cases netdevsim
// cannot show: a dpipe table accounted to a resource, occupancy, unlimited sizes.

function resource(name: string, id: bigint, extra: Partial<PrintedResource> = {}): PrintedResource {
  return { name, path: `/${name}`, id, size: 100n, sizeMin: 0n, sizeMax: 200n, sizeGranularity: 1n, unit: 'entry', children: [], ...extra };
}

const TREE: PrintedResource[] = [
  resource('kvd', 1n, {
    size: 0xffff_ffff_ffff_ffffn,
    sizeMin: 5n,
    sizeMax: 5n,
    sizeValid: true,
    children: [resource('linear', 2n, { path: '/kvd/linear', occupancy: 7n, sizeNew: 150n }), resource('hash', 3n, { path: '/kvd/hash' })],
  }),
];
const TABLES = [{ name: 'mlxsw_erif', resourceId: 2n }, { name: 'mlxsw_host4' }];

function show(json: boolean, verbose = false): string {
  const p = new Printer({ json, pretty: false });
  p.sectionStart('resources');
  for (const top of TREE) {
    p.handleStart('pci', '0000:01:00.0', true, true);
    printResource(p, top, TABLES, hasPendingChange(TREE), verbose);
    p.handleEnd();
  }
  p.sectionEnd();
  return p.drain();
}

describe('resource show printer', () => {
  it('prints the tree with pending sizes, occupancy, limits and dpipe tables (text)', () => {
    expect(show(false)).toBe(
      [
        'pci/0000:01:00.0:',
        '  name kvd size unlimited unit entry dpipe_tables none size_valid true',
        '    resources:',
        '      name linear size 100 size_new 150 occ 7 unit entry size_min 0 size_max 200 size_gran 1',
        '        dpipe_tables:',
        '          table_name mlxsw_erif',
        '      name hash size 100 unit entry size_min 0 size_max 200 size_gran 1 dpipe_tables none',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON and -v paths', () => {
    expect(show(true)).toBe(
      '{"resources":{"pci/0000:01:00.0":[{"name":"kvd","size":"unlimited","unit":"entry","dpipe_tables":"none","size_valid":"true",' +
        '"resources":[{"name":"linear","size":100,"size_new":150,"occ":7,"unit":"entry","size_min":0,"size_max":200,"size_gran":1,' +
        '"dpipe_tables":[{"table_name":"mlxsw_erif"}]},' +
        '{"name":"hash","size":100,"unit":"entry","size_min":0,"size_max":200,"size_gran":1,"dpipe_tables":"none"}]}]}}',
    );
    expect(show(false, true)).toContain('name linear resource_path /kvd/linear size 100');
  });

  it('names bad command lines as iproute2 does', async () => {
    expect(await runCli(words('resource show'))).toMatchObject({ code: 1, err: 'Devlink identification ("bus_name/dev_name") expected\n', opened: false });
    expect(await runCli(words('resource set pci/0000:01:00.0 path /kvd'))).toMatchObject({ code: 1, err: 'Resource size expected.\n' });
    expect(await runCli(words('resource'))).toMatchObject({ code: 0, out: '' });
  });
});
