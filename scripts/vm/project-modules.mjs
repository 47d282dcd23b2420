// The project's own test kernel modules: every test/kmod/<name>/ directory with a Kbuild or
// Makefile is built with the netdevsim recipe, cached by kernel version + a hash of its sources,
// and loaded by the VM after netdevsim.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { log } from './log.mjs';
import { buildModule } from './module-build.mjs';
import { moduleName } from './module-deps.mjs';

/** Files that are build products, not sources (ignored when hashing). */
const PRODUCT = /(\.o|\.ko|\.mod|\.mod\.c|\.cmd|\.symvers|\.order|\.d)$|^\.tmp/;

/**
 * Builds (or finds cached) every module under <projectDir>/test/kmod/. Missing directory: none.
 * A module that fails to build is reported and left out.
 * @param {string} projectDir
 * @param {import('./kernel-cache.mjs').Kernel} kernel
 * @returns {Map<string, string>} module name -> .ko path
 */
export function projectModules(projectDir, kernel) {
  const root = join(projectDir, 'test', 'kmod');
  /** @type {Map<string, string>} */
  const modules = new Map();
  if (!existsSync(root)) return modules;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const src = join(root, entry.name);
    if (!entry.isDirectory() || !(existsSync(join(src, 'Kbuild')) || existsSync(join(src, 'Makefile')))) continue;
    const buildDir = join(kernel.dir, 'kmod', `${entry.name}-${sourceHash(src)}`);
    const stamp = join(buildDir, '.devlink-ts-built');
    let kos;
    if (existsSync(stamp)) {
      kos = readFileSync(stamp, 'utf8').split('\n').filter(Boolean);
    } else {
      log(`building test/kmod/${entry.name} for ${kernel.krel}`);
      try {
        kos = buildModule(kernel.headersDir, src, buildDir);
      } catch (err) {
        // one broken test driver must not take the whole test bed down: the VM boots without it
        // and the tests that need it fail on their own
        log(`WARNING: test/kmod/${entry.name} does not build, booting without it: ${err instanceof Error ? err.message : err}`);
        continue;
      }
      // written last: a failed build leaves no stamp and is retried next run
      writeFileSync(stamp, `${kos.join('\n')}\n`);
    }
    for (const ko of kos) modules.set(moduleName(ko), ko);
  }
  return modules;
}

/** sha256 over the relative names and contents of a module's source files, first 16 hex digits. */
export function sourceHash(dir) {
  const hash = createHash('sha256');
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !PRODUCT.test(entry.name)) {
        hash.update(`${relative(dir, path)}\0${statSync(path).size}\0`);
        hash.update(readFileSync(path));
      }
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}
