import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

const entry = fileURLToPath(new URL('../../bin/devlink-ts.js', import.meta.url));

/**
 * bin/devlink-ts.js answers `-V` itself, before loading the CLI (start-up time, issue 16): what it
 * prints must be exactly what main() prints for the same line.
 */
describe('bin/devlink-ts.js version fast path', () => {
  for (const word of ['-V', '-Version', '--Version']) {
    it(`prints what main() prints for ${word}`, async () => {
      const expected = await runCli([word]);
      expect(expected.code).toBe(0);
      const stdout = execFileSync(process.execPath, [entry, word], { encoding: 'utf8' });
      expect(stdout).toBe(expected.out);
      expect(stdout).toMatch(/^devlink-ts utility, devlink-ts-\d+\.\d+\.\d+\n$/);
    });
  }
});
