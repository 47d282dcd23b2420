import { describe, expect, it } from 'vitest';
import { testResults } from '../vm/support/selftest-log.js';

// The VM test that runs the kernel's devlink selftests judges their logs with this reader: it
// must see a failing test (and a skipped one) as not passed.
describe('kernel selftest log reader', () => {
  it('sorts TEST lines into passed and not passed', () => {
    const log = [
      'TEST: fw flash test                                                 [ OK ]',
      '\tFailed to reload into netns "testns1"',
      'TEST: resource test                                                 [FAIL]',
      'TEST: check devlink test                                            [SKIP]',
      'TEST: Trap policer                                                  [XFAIL]',
      'SKIP: iproute2 too old, missing devlink resource support',
      'TEST: rate test                                                     [ OK ]',
    ].join('\n');
    expect(testResults(log)).toEqual({
      passed: ['fw flash test [OK]', 'rate test [OK]'],
      failed: ['resource test [FAIL]', 'check devlink test [SKIP]', 'Trap policer [XFAIL]'],
    });
    expect(testResults('SKIP: iproute2 too old, missing devlink resource support\n')).toEqual({ passed: [], failed: [] });
  });
});
