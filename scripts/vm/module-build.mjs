// Builds a kernel module out of tree against Debian's unpacked linux-headers, the way VM.md
// measured it: `make -C <headers> M=<dir> modules`, BTF generation off (it would need pahole).
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './apt.mjs';

/**
 * Copies `srcDir` to `buildDir` (the source may be read-only or shared) and builds it there.
 * `extraMakeArgs` carries Kconfig switches such as `CONFIG_NETDEVSIM=m`.
 * @returns {string[]} paths of the built .ko files
 */
export function buildModule(headersDir, srcDir, buildDir, extraMakeArgs = []) {
  // built beside the final directory and renamed into place: concurrent runs never see half a build
  const tmp = `${buildDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  cpSync(srcDir, tmp, { recursive: true });
  const jobs = String(Math.max(1, Math.min(4, Number(process.env.DEVLINK_TS_VM_JOBS) || 2)));
  try {
    run('make', ['-s', `-j${jobs}`, '-C', headersDir, `M=${tmp}`, 'CONFIG_DEBUG_INFO_BTF_MODULES=', ...extraMakeArgs, 'modules']);
    const kos = readdirSync(tmp).filter((f) => f.endsWith('.ko'));
    if (kos.length === 0) throw new Error(`building ${srcDir} produced no .ko`);
    rmSync(buildDir, { recursive: true, force: true });
    renameSync(tmp, buildDir);
    return kos.map((f) => join(buildDir, f));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
