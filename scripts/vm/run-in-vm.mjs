// Runs one shell command as root inside a freshly booted VM, in the project folder, with the
// modules loaded and the project's CLI and iproute2's devlink on PATH; returns its exit status
// and whatever the kernel complained about.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initramfs } from './initramfs.mjs';
import { prepareKernel } from './kernel-cache.mjs';
import { kernelProblems } from './kernel-log.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';
import { projectModules } from './project-modules.mjs';
import { bootVm } from './qemu.mjs';
import { cacheRoot } from './cache-dir.mjs';
import { keptPaths } from './kept-paths.mjs';

/**
 * Host environment variables handed to the command inside the VM. BENCH_* too, so
 * `BENCH_ONLY=cli npm run bench` picks the rows (without it the whole bench ran).
 */
const PASS_ENV = /^(DEVLINK_TS_.*|CI|NO_COLOR|FORCE_COLOR|DEBUG|VITEST_.*|BENCH_.*)$/;

/**
 * @typedef {object} VmRun
 * @property {number | null} exitCode  the command's exit status; null when it never finished
 * @property {string | null} failure   why the VM run failed (set-up error, timeout, crash), else null
 * @property {NodeJS.Signals | null} interrupted the signal that made us kill the VM, if any
 * @property {string[]} kernelProblems WARN/BUG/Oops reports from the console and dmesg
 * @property {string} consoleTail      the last kernel console lines (for failure reports)
 * @property {number} seconds          wall time of the boot and run
 */

/**
 * @param {string} command shell command (run with /bin/sh in the project directory)
 * @param {{ projectDir: string, timeoutMs: number, onOutput: (chunk: Buffer) => void }} opts
 * @returns {Promise<VmRun>}
 */
export async function runInVm(command, { projectDir, timeoutMs, onOutput }) {
  ensurePrerequisites();
  const kernel = prepareKernel();
  const initrd = initramfs(kernel, projectModules(projectDir, kernel));
  const ioDir = mkdtempSync(join(tmpdir(), 'devlink-ts-vm-'));
  try {
    writeFileSync(join(ioDir, 'user.sh'), `${command}\n`);
    writeFileSync(join(ioDir, 'cmd.sh'), commandScript(projectDir, kernel));
    // the project and the cache stay visible at their own paths even under /tmp (guest-init.sh)
    writeFileSync(join(ioDir, 'keep-paths'), keptPaths([projectDir, cacheRoot()]).map((p) => `${p}\n`).join(''));
    const started = Date.now();
    const boot = await bootVm({ vmlinux: kernel.vmlinux, initrd, ioDir, timeoutMs, onOutput });
    const seconds = (Date.now() - started) / 1000;
    const consoleLog = readIfExists(boot.consoleFile);
    const dmesg = readIfExists(join(ioDir, 'dmesg'));
    const exitText = readIfExists(join(ioDir, 'exit')).trim();
    const setupError = readIfExists(join(ioDir, 'setup-error')).trim();
    // the full dmesg when the guest got to write it, else what reached the console before the end
    const problems = kernelProblems(dmesg || consoleLog);
    const exitCode = /^\d+$/.test(exitText) ? Number(exitText) : null;
    let failure = null;
    if (boot.interrupted) failure = `interrupted by ${boot.interrupted}; the VM was killed`;
    else if (boot.timedOut) failure = `the VM did not finish within ${timeoutMs / 1000} s and was killed`;
    else if (setupError) failure = `VM set-up failed: ${setupError}`;
    else if (exitCode === null) failure = `the VM stopped before the command finished (qemu status ${boot.qemuStatus})`;
    return { exitCode, failure, interrupted: boot.interrupted, kernelProblems: problems, consoleTail: tail(consoleLog, 40), seconds };
  } finally {
    if (process.env.DEVLINK_TS_VM_KEEP !== '1') rmSync(ioDir, { recursive: true, force: true });
  }
}

/**
 * The script the guest runs chrooted: environment, PATH with the CLI, cwd, then the command.
 * DEVLINK_TS_UAPI_DEVLINK_H names the booted kernel's uapi devlink.h (the host's cache is the
 * guest's too), which test/vm/spec-uapi.test.ts holds the spec tables against, and
 * DEVLINK_TS_KERNEL_SELFTESTS its tools/testing/selftests (test/vm/kernel-selftests.test.ts).
 */
function commandScript(projectDir, kernel) {
  const env = Object.entries(process.env).filter(([k]) => PASS_ENV.test(k));
  const io = '/run/devlink-ts-vm';
  return [
    'export HOME=/root LANG=C.UTF-8 TERM=dumb DEVLINK_TS_IN_VM=1',
    ...env.map(([k, v]) => `export ${k}=${shellQuote(v ?? '')}`),
    `export DEVLINK_TS_UAPI_DEVLINK_H=${shellQuote(kernel.uapiDevlinkHeader)}`,
    `export DEVLINK_TS_KERNEL_SELFTESTS=${shellQuote(kernel.selftestsDir)}`,
    // the package's bin/*.js entry points, callable by their command names (devlink-ts, ...)
    `mkdir -p /run/devlink-ts/bin`,
    `for f in ${shellQuote(projectDir)}/bin/*.js; do [ -e "$f" ] && ln -sf "$f" "/run/devlink-ts/bin/$(basename "$f" .js)"; done`,
    `export PATH=/run/devlink-ts/bin:${shellQuote(projectDir)}/bin:${shellQuote(projectDir)}/node_modules/.bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    `cd ${shellQuote(projectDir)} || exit 125`,
    `/bin/sh ${io}/user.sh`,
    `echo $? > ${io}/exit`,
    '',
  ].join('\n');
}

function shellQuote(s) {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function readIfExists(path) {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function tail(text, lines) {
  return text.replace(/\r/g, '').trimEnd().split('\n').slice(-lines).join('\n');
}
