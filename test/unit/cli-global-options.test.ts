import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseSimpleCommandLine, parseWithYargsParser } from '../../src/cli/global-options.js';

/**
 * parseCommandLine reads common lines without yargs' parser (start-up time, issue 16). Whatever
 * line it accepts that way must parse exactly as the parser parses it, and the lines it must not
 * take (valued options, `--`, `true`/`false` after a flag...) go to the parser.
 */
describe('global options: the fast path agrees with yargs-parser', () => {
  const simple: string[][] = [
    [],
    ['-j', 'port', 'show'],
    ['-jp', 'port', 'show', 'netdevsim/netdevsim10/0'],
    ['port', 'show', '-j'],
    ['-j', 'port', '-p', 'show', '-s'],
    ['--json', '--pretty', 'dev', 'info'],
    ['-V'],
    ['-V', 'dev', 'show'],
    ['-h'],
    ['port', 'help'],
    ['-vnsixf', 'dev', 'param', 'show'],
    ['--verbose', '--statistics', '--no-nice-names', '--iec', '--force', '--hex', '--help', '--Version', 'x'],
    ['-jj', 'dev'],
    ['-', 'port'],
    ['dev', 'param', 'set', 'pci/0000:01:00.0', 'name', 'x', 'value', 'true', 'cmode', 'runtime'],
  ];
  for (const argv of simple) {
    it(`[${argv.join(' ')}] parses as the parser parses it`, async () => {
      const fast = parseSimpleCommandLine(argv);
      expect(fast).toBeDefined();
      expect(fast).toEqual(await parseWithYargsParser(argv));
      expect(await parseCommandLine(argv)).toEqual(fast);
    });
  }

  const toParser: string[][] = [
    ['-j', 'true', 'port'],
    ['--json', 'false'],
    ['-b', 'file'],
    ['-N', 'ns1', 'dev', 'show'],
    ['-jN', 'ns1'],
    ['--wait', 'port', 'add'],
    ['--wait=5', 'port', 'add'],
    ['--', '-j'],
    ['-json', 'port'],
    ['-force', 'dev'],
    ['--json=1'],
    ['-q'],
    ['--bogus'],
    ['port', 'show', '-1'],
  ];
  for (const argv of toParser) {
    it(`[${argv.join(' ')}] is left to the parser`, async () => {
      expect(parseSimpleCommandLine(argv)).toBeUndefined();
      const viaParser = await parseWithYargsParser(argv).then((value) => ({ value }), (error: unknown) => ({ error: String(error) }));
      const viaMain = await parseCommandLine(argv).then((value) => ({ value }), (error: unknown) => ({ error: String(error) }));
      expect(viaMain).toEqual(viaParser);
    });
  }
});
