import { describe, expect, it } from 'vitest';
import { OBJECT_NAMES } from '../../src/cli/dispatch.js';
import { MONITOR_OBJECTS } from '../../src/cli/objects/monitor/command.js';
import { runCli, words } from './cli-harness.js';

describe('help and version', () => {
  it('-h prints the usage and the global options (rendered by yargs) on stdout', async () => {
    const run = await runCli(['-h']);
    expect(run).toMatchObject({ code: 0, err: '', opened: false });
    expect(run.out.startsWith('Usage: devlink-ts [ OPTIONS ] OBJECT { COMMAND | help }\n')).toBe(true);
    expect(run.out).toMatch(/-j, --json +JSON output/);
    expect(run.out).toMatch(/--wait +port add/);
  });

  it.each([
    ['port -h', 'Usage: devlink port show [ DEV/PORT_INDEX ]'],
    ['port function -h', 'Usage: devlink port function set DEV/PORT_INDEX'],
    ['p f r --help', 'Usage: devlink port function rate help'],
    ['rate -h', 'Usage: devlink port function rate help'],
    ['dev -h', 'Usage: devlink dev show [ DEV ]'],
    ['monitor -h', 'Usage: devlink monitor [ all | OBJECT-LIST ]'],
  ])('%s prints that command\'s usage', async (line, first) => {
    const run = await runCli(words(line));
    expect(run).toMatchObject({ code: 0, err: '', opened: false });
    expect(run.out.split('\n')[0]).toContain(first);
  });

  it('the help keyword prints the usage on stderr and succeeds, as iproute2 does', async () => {
    for (const line of ['', 'help', 'dev help', 'port help', 'port function rate help', 'monitor help']) {
      const run = await runCli(words(line));
      expect(run.code, line).toBe(0);
      expect(run.out, line).toBe('');
      expect(run.err, line).toMatch(/^Usage: devlink/);
    }
  });

  it('help names every object the CLI dispatches (scripts detect features from it, as the kernel selftests grep for resource and trap)', async () => {
    const run = await runCli(['help']);
    const objects = /OBJECT := \{ (.*) \}/.exec(run.err)?.[1]?.split(' | ');
    expect(objects?.slice().sort()).toEqual([...OBJECT_NAMES].sort());
    for (const feature of ['resource', 'trap', 'sb', 'region', 'health', 'dpipe', 'lc']) expect(run.err).toMatch(new RegExp(`\\b${feature}\\b`));
    expect((await runCli(['dev', 'help'])).err).toMatch(/devlink dev info/);
  });

  it('monitor help names every object monitor accepts', async () => {
    const list = /OBJECT-LIST := \{ (.*) \}/.exec((await runCli(['monitor', 'help'])).err)?.[1]?.split(' | ');
    expect(list?.slice().sort()).toEqual([...MONITOR_OBJECTS].filter((name) => name !== 'all').sort());
  });

  it.each(OBJECT_NAMES.map((name) => [name]))('%s help and -h %s print that object\'s usage', async (object) => {
    const usage = object === 'rate' ? 'Usage: devlink port function rate' : `Usage: devlink ${object} `;
    const keyword = await runCli([object, 'help']);
    expect(keyword).toMatchObject({ code: 0, out: '' });
    expect(keyword.err.startsWith(usage)).toBe(true);
    const option = await runCli(['-h', object]);
    expect(option).toMatchObject({ code: 0, err: '', out: keyword.err });
  });

  it('-V prints the version', async () => {
    const run = await runCli(['-V']);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/^devlink-ts utility, devlink-ts-\d+\.\d+\.\d+\n$/);
  });
});
