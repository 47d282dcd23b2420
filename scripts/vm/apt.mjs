// Thin wrappers over apt-cache / apt-get / dpkg: the VM test bed takes its kernel, headers and
// tools from the Debian archive the machine already reaches, so nothing is hard-coded or vendored.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log.mjs';

let updated = false;

/** Runs `apt-get update` at most once per process: only when a package was not found. */
export function aptUpdateOnce() {
  if (updated) return false;
  updated = true;
  log('apt-get update (a package was not found in the local lists)');
  run('apt-get', ['-q', 'update']);
  return true;
}

/** Every version apt knows for each package, newest first (one apt-cache call for all of them). */
export function availableVersions(pkgs) {
  /** @type {Map<string, string[]>} */
  const byPkg = new Map(pkgs.map((p) => [p, []]));
  if (pkgs.length === 0) return byPkg;
  const out = spawnSync('apt-cache', ['madison', ...new Set(pkgs)], { encoding: 'utf8' }).stdout ?? '';
  for (const line of out.split('\n')) {
    const [pkg, version] = line.split('|').map((c) => c.trim());
    const list = pkg && version ? byPkg.get(pkg) : undefined;
    if (list && version && !list.includes(version)) list.push(version);
  }
  for (const list of byPkg.values()) list.sort(compareVersionsDesc);
  return byPkg;
}

/** Package names in apt's local lists that start with a prefix (one local query, no registry). */
export function packageNamesStartingWith(prefix) {
  const out = spawnSync('apt-cache', ['pkgnames', prefix], { encoding: 'utf8' }).stdout ?? '';
  return out.split('\n').filter(Boolean);
}

/** Whether a package is installed (dpkg status "install ok installed"). */
export function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

/** Installs packages (`name` or `name=version`) non-interactively, refreshing the lists once if one is unknown. */
export function aptInstall(pkgs) {
  if (pkgs.length === 0) return;
  const names = pkgs.map((p) => p.split('=')[0] ?? p);
  const known = availableVersions(names);
  if (names.some((p) => known.get(p)?.length === 0)) aptUpdateOnce();
  log(`apt-get install ${pkgs.join(' ')}`);
  run('apt-get', ['-q', '-y', '--no-install-recommends', 'install', ...pkgs], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/**
 * Downloads `pkg=version` into `dir` with `apt-get download` (no installation) and returns the
 * .deb path; an already downloaded file is reused.
 */
export function aptDownload(pkg, version, dir) {
  mkdirSync(dir, { recursive: true });
  const existing = findDeb(dir, pkg, version);
  if (existing) return existing;
  log(`apt-get download ${pkg}=${version}`);
  const tmp = join(dir, '.partial');
  mkdirSync(tmp, { recursive: true });
  // as root, apt's _apt sandbox user cannot write into our cache: download as root, quietly
  const sandbox = process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : [];
  run('apt-get', ['-q', ...sandbox, 'download', `${pkg}=${version}`], { cwd: tmp });
  const got = findDeb(tmp, pkg, version);
  if (!got) throw new Error(`apt-get download ${pkg}=${version} left no .deb in ${tmp}`);
  const dest = join(dir, got.slice(tmp.length + 1));
  renameSync(got, dest);
  return dest;
}

/** Unpacks a .deb's files under `dest` (`dpkg -x`), without running any maintainer script. */
export function dpkgExtract(deb, dest) {
  mkdirSync(dest, { recursive: true });
  run('dpkg', ['-x', deb, dest]);
}

function findDeb(dir, pkg, version) {
  if (!existsSync(dir)) return undefined;
  // apt names files <pkg>_<version with ':' escaped as %3a>_<arch>.deb
  const prefix = `${pkg}_${version.replace(/:/g, '%3a')}_`;
  const name = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.deb'));
  return name ? join(dir, name) : undefined;
}

function compareVersionsDesc(a, b) {
  const r = spawnSync('dpkg', ['--compare-versions', a, 'gt', b]);
  if (r.status === 0) return -1;
  return a === b ? 0 : 1;
}

/** Runs a command with inherited stderr; throws with the command line when it fails. */
export function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
  } catch (err) {
    const out = err && typeof err === 'object' && 'stdout' in err ? String(err.stdout ?? '') : '';
    throw new Error(`${cmd} ${args.join(' ')} failed${out ? `: ${out.trim().split('\n').slice(-5).join(' | ')}` : ''}`);
  }
}
