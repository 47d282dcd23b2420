// Builds a kernel module out of tree against Debian's unpacked linux-headers, the way VM.md
// measured it: `make -C <headers> M=<dir> modules`, BTF generation off (it would need pahole).
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './apt.mjs';

/**
 * Copies `srcDir` to `buildDir` (the source may be read-only or shared) and builds it there.
 * `extraMakeArgs` carries Kconfig switches such as `CONFIG_NETDEVSIM=m`.
 * @returns {string[]} paths of the built .ko files
 */
export function buildModule(headersDir, srcDir, buildDir, extraMakeArgs = []) {
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  cpSync(srcDir, buildDir, { recursive: true });
  const jobs = String(Math.max(1, Math.min(4, (process.env.DEVLINK_TS_VM_JOBS ?? '') || 2)));
  run('make', [
    '-s',
    `-j${jobs}`,
    '-C',
    headersDir,
    `M=${buildDir}`,
    'CONFIG_DEBUG_INFO_BTF_MODULES=',
    ...extraMakeArgs,
    'modules',
  ]);
  const kos = readdirSync(buildDir).filter((f) => f.endsWith('.ko'));
  if (kos.length === 0) throw new Error(`building ${srcDir} produced no .ko in ${buildDir}`);
  return kos.map((f) => join(buildDir, f)).filter((p) => existsSync(p));
}
