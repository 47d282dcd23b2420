#!/usr/bin/env node
// Restores lockfile entries for other platforms' optional binaries (rollup's @rollup/rollup-<os>-<cpu>).
//
// Why: this workplace's npm registry proxy answers 404 for platform packages this machine cannot
// run, so `npm install` writes a package-lock.json without them, and `npm ci` then refuses the
// lock as "not in sync" ("Missing: @rollup/rollup-android-arm64@ from lock file"). Entries that
// name their os/cpu/libc are skipped by npm on other platforms without being fetched, so adding
// them makes `npm ci` work here and everywhere. Run after any `npm install` that rewrites the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;
const OSES = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'netbsd', 'sunos', 'aix'];
const CPUS = { arm: 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };

/** os/cpu/libc from a platform package name such as `@rollup/rollup-linux-arm-musleabihf`. */
function platformOf(name) {
  const words = name.split('/').pop().split('-');
  const os = words.find((w) => OSES.includes(w));
  const cpu = words.map((w) => CPUS[w]).find(Boolean);
  const libc = words.some((w) => w.startsWith('musl')) ? 'musl' : words.some((w) => w.startsWith('gnu')) && os === 'linux' ? 'glibc' : undefined;
  return os && cpu ? { os, cpu, libc } : undefined;
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const depPath = `node_modules/${dep}`;
    if (packages[depPath] || packages[`${path}/${depPath}`]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[depPath] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [platform.os],
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`lockfile-platforms: added ${added} platform entries\n`);
