// Host folders the guest must see at their own path although its /tmp and /run are fresh tmpfs:
// the project (a checkout under /tmp, as `git clone ... /tmp/x` gives) and the cache
// (DEVLINK_TS_CACHE under /tmp, holding the kernel and the newer iproute2 the suite compares with).
import { realpathSync } from 'node:fs';

/** Mount points the guest covers with a fresh tmpfs (guest-init.sh). */
const SHADOWED = ['/tmp', '/run', '/var/run'];

/**
 * The given folders (resolved through symlinks) that lie under a folder the guest shadows, parents
 * first and without duplicates or folders already inside another kept one; guest-init.sh binds
 * each back at its own path on top of the fresh tmpfs.
 * @param {readonly string[]} folders
 * @param {(path: string) => string} [resolve] realpath (tests pass their own)
 * @returns {string[]}
 */
export function keptPaths(folders, resolve = (path) => realpathSync(path)) {
  const shadowed = (path) => SHADOWED.some((top) => path === top || path.startsWith(`${top}/`));
  const kept = [];
  for (const path of [...new Set(folders.map(resolve))].sort((a, b) => a.length - b.length)) {
    if (!shadowed(path) || SHADOWED.includes(path)) continue;
    if (kept.some((parent) => path.startsWith(`${parent}/`))) continue;
    kept.push(path);
  }
  return kept;
}
