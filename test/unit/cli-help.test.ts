import { describe, expect, it } from 'vitest';
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

  it('-V prints the version', async () => {
    const run = await runCli(['-V']);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/^devlink-ts utility, devlink-ts-\d+\.\d+\.\d+\n$/);
  });
});
