import { describe, expect, it } from 'vitest';
import { runCli, words } from './cli-harness.js';

const PORT_ID = 'Port identification ("bus_name/dev_name/port_index" or "netdev ifname") expected.\n';
const DEV_ID = 'Devlink identification ("bus_name/dev_name") expected\n';
const WRONG = 'Wrong identification string format.\n';

/**
 * Bad command lines: iproute2's message (or a clearer one where iproute2 has none), its exit
 * code, nothing on stdout, and no devlink socket opened.
 */
const CASES: [line: string, stderr: string, code: number][] = [
  ['foo', 'Object "foo" not found\n', 1],
  ['dev foo', 'Command "foo" not found\n', 1],
  ['port foo', 'Command "foo" not found\n', 1],
  ['port function foo', 'Command "foo" not found\n', 1],
  ['port function rate foo', 'Command "foo" not found\n', 1],
  ['dev eswitch foo', 'Command "foo" not found\n', 1],
  ['dev param foo', 'Command "foo" not found\n', 1],
  ['dev show a/b/c', `${WRONG}${DEV_ID}`, 1],
  ['dev show pci', `${WRONG}${DEV_ID}`, 1],
  ['dev show pci/0000:01:00.0 extra', 'Unknown option "extra"\n', 1],
  ['dev eswitch show', DEV_ID, 1],
  ['dev eswitch set pci/0000:01:00.0', 'Need to set at least one option\n', 1],
  ['dev eswitch set pci/0000:01:00.0 mode bogus', 'Unknown eswitch mode "bogus"\n', 1],
  ['dev eswitch set pci/0000:01:00.0 mode', 'String parameter expected\n', 1],
  ['dev eswitch set pci/0000:01:00.0 inline-mode bogus', 'Unknown eswitch inline mode "bogus"\n', 1],
  ['dev eswitch set pci/0000:01:00.0 encap-mode bogus', 'Unknown eswitch encap mode "bogus"\n', 1],
  ['dev eswitch set pci/0000:01:00.0 mode switchdev colour red', 'Unknown option "colour"\n', 1],
  ['dev param set pci/0000:01:00.0', 'Parameter name expected.\n', 1],
  ['dev param set pci/0000:01:00.0 bogus name max_macs', 'Unknown option "bogus"\n', 1],
  ['dev param set pci/0000:01:00.0 name max_macs value 1', 'Configuration mode expected.\n', 1],
  ['dev param set pci/0000:01:00.0 name max_macs value 1 cmode sometimes', 'Unknown configuration mode "sometimes"\n', 1],
  ['dev param set pci/0000:01:00.0 name max_macs cmode runtime', 'Either value or default must be specified\n', 1],
  ['dev param set pci/0000:01:00.0 name max_macs value 1 default cmode runtime', 'Cannot specify both value and default\n', 1],
  ['dev reload pci/0000:01:00.0 action bounce', 'Unknown reload action "bounce"\n', 1],
  ['dev reload pci/0000:01:00.0 limit none', 'Unknown reload limit "none"\n', 1],
  ['dev reload pci/0000:01:00.0 netns', 'String parameter expected\n', 1],
  ['port show a/b/c/d', 'Wrong port identification string format.\nExpected "bus_name/dev_name/port_index" or "netdev_ifname".\n', 1],
  ['port show pci/0000:01:00.0/x', 'Port index "x" is not a number or not within range\n', 1],
  ['port show pci/0000:01:00.0/4294967296', 'Port index "4294967296" is not a number or not within range\n', 1],
  ['port set', PORT_ID, 1],
  ['port set pci/0000:01:00.0/1', 'Port type not set.\n', 1],
  ['port set pci/0000:01:00.0/1 type fddi', 'Unknown port type "fddi"\n', 1],
  ['port set pci/0000:01:00.0/1 type notset', 'Unknown port type "notset"\n', 1],
  ['port split pci/0000:01:00.0/1', 'Port split count option expected.\n', 1],
  ['port split pci/0000:01:00.0/1 count', 'Unsigned number argument expected\n', 1],
  ['port split pci/0000:01:00.0/1 count four', '"four" is not a number or not within range\n', 1],
  ['port split pci/0000:01:00.0/1 count -1', '"-1" is not a number or not within range\n', 1],
  ['port unsplit pci/0000:01:00.0/1 now', 'Unknown option "now"\n', 1],
  ['port add pci/0000:01:00.0', 'Port flavour is expected.\n', 1],
  ['port add pci/0000:01:00.0 bogus flavour vdpa', 'Unknown option "bogus"\n', 1],
  ['port add pci/0000:01:00.0 flavour pcisf', 'Port PCI PF number is expected.\n', 1],
  ['port add pci/0000:01:00.0 flavour vdpa pfnum 0', 'Error: argument "vdpa" is wrong: unknown flavour\n', 255],
  ['port add pci/0000:01:00.0 flavour pcisf pfnum 65536', '"65536" is not a number or not within range\n', 1],
  ['port add pci/0000:01:00.0 flavour pcisf pfnum 0 sfnum 4294967296', '"4294967296" is not a number or not within range\n', 1],
  ['port add pci/0000:01:00.0 flavour pcisf pfnum 0 color blue', 'Unknown option "color"\n', 1],
  ['port add a/b/c/d flavour pcisf pfnum 0', 'Wrong port identification string format.\nExpected "bus_name/dev_name" or "bus_name/dev_name/port_index" or "netdev_ifname".\n', 1],
  ['port del pci/0000:01:00.0', 'Wrong port identification string format.\nExpected "bus_name/dev_name/port_index" or "netdev_ifname".\n', 1],
  ['port function set pci/0000:01:00.0/1 hw_addr zz:00:00:00:00:01', '"zz" is invalid lladdr.\n', 1],
  ['port function set pci/0000:01:00.0/1 hw_addr 00:11:22:33:44:555', '"555" is invalid lladdr.\n', 1],
  ['port function set pci/0000:01:00.0/1 state up', 'Error: argument "up" is wrong: unknown state\n', 255],
  ['port function set pci/0000:01:00.0/1 roce maybe', '"maybe" is not a valid boolean value\n', 1],
  ['port function set pci/0000:01:00.0/1 roce', 'Boolean argument expected\n', 1],
  ['port function set pci/0000:01:00.0/1 max_io_eqs many', '"many" is not a number or not within range\n', 1],
  ['port function set pci/0000:01:00.0/1 vlan 5', 'Unknown option "vlan"\n', 1],
  ['port function set pci/0000:01:00.0/1 hw_addr 00:11:22:33:44:55 --wait', '--wait needs "state active" or "state inactive" on "port function set"\n', 1],
  ['port function rate set pci/0000:01:00.0/1 tx_share 10xbit', 'Invalid rate value: "10xbit"\n', 1],
  ['port function rate set pci/0000:01:00.0/1 tx_max', 'String parameter expected\n', 1],
  ['port function rate set pci/0000:01:00.0/1 tx_share 20mbit tx_max 10mbit', 'Invalid. Expected tx_share <= tx_max or tx_share == 0.\n', 1],
  ['port function rate set pci/0000:01:00.0/1 tx_priority high', '"high" is not a number or not within range\n', 1],
  ['port function rate set pci/0000:01:00.0 tx_max 1gbit', `${WRONG}Expected "bus_name/dev_name/node" or "bus_name/dev_name/port_index" identification.\n`, 1],
  ['port function rate set pci/0000:01:00.0/ tx_max 1gbit', 'Identifier cannot be empty\n', 1],
  ['port function rate set', 'Expected "bus_name/dev_name/node" or "bus_name/dev_name/port_index" identification.\n', 1],
  ['port function rate add pci/0000:01:00.0/12', 'Node name cannot be a devlink port index or empty.\n', 1],
  ['port function rate add pci/0000:01:00.0/g1 tx_share 2gbit tx_max 1gbit', 'Invalid. Expected tx_share <= tx_max or tx_share == 0.\n', 1],
  ['port function rate add pci/0000:01:00.0/g1 tc-bw 0:60 1:40', 'Error parsing tc-bw: example usage: tc-bw 0:60 1:10 2:0 3:0 4:30 5:0 6:0 7:0\n', 1],
  ['port function rate add pci/0000:01:00.0/g1 tc-bw 0:60 0:40 2:0 3:0 4:0 5:0 6:0 7:0', 'Error parsing tc-bw: duplicate index : 0\n', 1],
  ['port function rate add pci/0000:01:00.0/g1 tc-bw 0:60 9:40 2:0 3:0 4:0 5:0 6:0 7:0', 'Error parsing tc-bw: invalid index: 9, use values between 0 and 7\n', 1],
  ['port function rate del pci/0000:01:00.0', `${WRONG}Expected "bus_name/dev_name/node" identification.\n`, 1],
  ['rate add pci/0000:01:00.0/g1 parent', 'String parameter expected\n', 1],
  ['monitor bogus', 'Unknown object "bogus"\n', 1],
  ['port add pci/0000:01:00.0 flavour pcisf pfnum 0 --wait=soon', 'Invalid --wait timeout "soon": expected a number of seconds greater than 0\n', 1],
  ['sb show pci/0000:01:00.0 sb', 'Unsigned number argument expected\n', 1],
  ['dev selftests show pci/0000:01:00.0 extra', 'Unknown option "extra"\n', 1],
  ['dev selftests run pci/0000:01:00.0 id bogus', 'Unknown selftest "bogus"\n', 1],
  ['lc set pci/0000:01:00.0 lc 1', 'Linecard type expected.\n', 1],
  ['lc show pci/0000:01:00.0 lc x', '"x" is not a number or not within range\n', 1],
  ['port param set pci/0000:01:00.0/1 name x value 1', 'Configuration mode expected.\n', 1],
  ['dev flash pci/0000:01:00.0', 'BUG: unknown argument required but not found\n', 1],
];

describe('bad command lines', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('devlink-ts %s', async (line, stderr, code) => {
    const run = await runCli(words(line));
    expect(run.err).toBe(stderr);
    expect(run.code).toBe(code);
    expect(run.out).toBe('');
    expect(run.opened).toBe(false);
  });

  it('prints iproute2-style option errors with the usage', async () => {
    const run = await runCli(['-z', 'dev', 'show']);
    expect(run.code).toBe(1);
    expect(run.err.split('\n').slice(0, 3)).toEqual([
      "devlink-ts: invalid option -- 'z'",
      'Unknown option.',
      'Usage: devlink-ts [ OPTIONS ] OBJECT { COMMAND | help }',
    ]);
  });

  it('never prints a stack trace, even for an unexpected failure', async () => {
    const run = await runCli(['dev', 'show'], {
      devlink: async () => {
        throw new TypeError('boom');
      },
    });
    expect(run.code).toBe(1);
    expect(run.err).toBe('devlink-ts: boom\n');
  });

  it('ends JSON output with a newline even when a command fails, as iproute2 does', async () => {
    const run = await runCli(['-j', 'port', 'set']);
    expect(run.out).toBe('\n');
    expect(run.code).toBe(1);
  });
});

describe('failures iproute2 reports by exiting on the spot', () => {
  it('prints no final JSON newline and stops a batch without "Command failed"', async () => {
    const json = await runCli(words('-j port add pci/0000:01:00.0 flavour vdpa pfnum 0'));
    expect(json).toMatchObject({ code: 255, out: '', err: 'Error: argument "vdpa" is wrong: unknown flavour\n' });
    const batch = await runCli(['-force', '-b', 'cmds'], {
      files: { cmds: 'port function set pci/0000:01:00.0/1 state up\nfoo\n' },
    });
    expect(batch).toMatchObject({ code: 255, out: '', err: 'Error: argument "up" is wrong: unknown state\n' });
  });
});
