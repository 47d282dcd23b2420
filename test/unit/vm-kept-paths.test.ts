import { describe, expect, it } from 'vitest';
import { keptPaths } from '../../scripts/vm/kept-paths.mjs';

// Which host folders the VM binds back over its fresh /tmp and /run, so that a checkout under
// /tmp (`git clone ... /tmp/x && cd /tmp/x && npm run demo`) and DEVLINK_TS_CACHE under /tmp work.
describe('keptPaths (host folders the guest sees at their own path)', () => {
  const same = (path: string): string => path;

  it('keeps folders under /tmp and /run, and nothing else', () => {
    expect(keptPaths(['/work/main', '/root/.cache/devlink-ts'], same)).toEqual([]);
    expect(keptPaths(['/tmp/x', '/root/.cache/devlink-ts'], same)).toEqual(['/tmp/x']);
    expect(keptPaths(['/work/main', '/tmp/cache'], same)).toEqual(['/tmp/cache']);
    expect(keptPaths(['/run/user/0/x'], same)).toEqual(['/run/user/0/x']);
    expect(keptPaths(['/tmpfoo/x', '/running/x'], same)).toEqual([]);
  });

  it('never keeps /tmp or /run themselves, once per folder, parents before (and instead of) children', () => {
    expect(keptPaths(['/tmp', '/run'], same)).toEqual([]);
    expect(keptPaths(['/tmp/x/.cache', '/tmp/x', '/tmp/x'], same)).toEqual(['/tmp/x']);
    expect(keptPaths(['/tmp/xy', '/tmp/x'], same)).toEqual(['/tmp/x', '/tmp/xy']);
  });

  it('judges the real path (a symlink into /tmp is kept as its target)', () => {
    const links: Record<string, string> = { '/work/link': '/tmp/real' };
    expect(keptPaths(['/work/link'], (path) => links[path] ?? path)).toEqual(['/tmp/real']);
  });
});
