import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetdevsim, type NetdevsimDevice } from './support/netdevsim.js';
import { OUTPUT_VARIANTS, cliDifferences, withVariants } from './support/cli-compare.js';

// `resource` commands: devlink-ts (in-process main()) and iproute2 6.1's devlink on the same
// netdevsim resources print the same bytes (stdout, stderr, status) in text, -j and -jp.

describe('CLI differential: resource vs iproute2 devlink 6.1 on netdevsim', () => {
  let dev: NetdevsimDevice;
  let compared = 0;
  beforeAll(() => {
    dev = createNetdevsim(1);
  });
  afterAll(() => {
    dev.remove();
    console.log(`compared ${compared} command lines x ${OUTPUT_VARIANTS.length} output modes`);
  });

  /** `readOnly`: shows and lines refused before any change, so iproute2's runs overlap. */
  async function same(lines: readonly (readonly string[])[], variants = OUTPUT_VARIANTS, readOnly = false): Promise<void> {
    compared += lines.length;
    expect(await cliDifferences(withVariants(lines, variants), { readOnly })).toEqual([]);
  }

  it('show, set (pending size_new and size_valid) and their errors', async () => {
    const d = dev.handle;
    await same([
      ['resource'], ['resource', 'help'], ['resource', 'show'], ['resource', 'show', d], ['-v', 'resource', 'show', d],
      ['resource', 'show', 'netdevsim/nope'], ['resource', 'bogus'], ['resource', 'set', d, 'path', '/IPv4/fib'],
      ['resource', 'set', d, 'size', '5'], ['resource', 'set', d, 'path', '/nope', 'size', '5'], ['resource', 'show', d, 'extra'],
    ], OUTPUT_VARIANTS, true);
    await same([['resource', 'set', d, 'path', '/IPv4/fib', 'size', '96']], [[]]);
    await same([['resource', 'show', d], ['resource', 'set', d, 'path', 'IPv6/fib-rules', 'size', '16']]);
    await same([['resource', 'show', d]]);
  });
});
