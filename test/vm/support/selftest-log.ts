/**
 * The results a kernel selftest script prints through its `log_test` helper
 * (tools/testing/selftests/net/forwarding/lib.sh): one `TEST: <name>   [ OK ]` line per test,
 * `[FAIL]` (or `[XFAIL]`, `[SKIP]`) otherwise. Anything but OK/PASS counts as not passed.
 */
export function testResults(output: string): { passed: string[]; failed: string[] } {
  const passed: string[] = [];
  const failed: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^TEST: (.*?)\s+\[\s*(OK|PASS|FAIL|XFAIL|SKIP)\s*\]/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    (match[2] === 'OK' || match[2] === 'PASS' ? passed : failed).push(`${match[1]} [${match[2]}]`);
  }
  return { passed, failed };
}
