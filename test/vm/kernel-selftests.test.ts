import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResidentCli, type ResidentCli } from './support/resident-cli.js';
import { testResults } from './support/selftest-log.js';

// The kernel's own netdevsim devlink selftests (tools/testing/selftests/drivers/net/netdevsim/
// devlink.sh, devlink_in_netns.sh, devlink_trap.sh, as shipped in the booted kernel's source and
// unpacked by the VM set-up into DEVLINK_TS_KERNEL_SELFTESTS), run unmodified with devlink-ts as
// `devlink`: a `devlink` command first on PATH. Every test line they print must be [ OK ].
//
// The environment they need comes from the VM set-up (jq, mausezahn, udevadm: prerequisites.mjs)
// and from here (a firmware file for the flash test). devlink_trap.sh (netdevsim1337) runs while
// devlink.sh and then devlink_in_netns.sh (both netdevsim10 and netns testns1) run one after the
// other; they create and delete their own devices. Their `modprobe netdevsim` / `modprobe -r`
// do nothing in the guest (no modprobe, no module tree): netdevsim stays loaded for later files.
//
// DEVLINK_TS_SELFTESTS_SHIM: `resident` (default) reaches devlink-ts's main() kept in this
// process (support/resident-cli.ts: a node start per call would cost seconds under TCG), `exec`
// runs bin/devlink-ts.js per call, and a path names any other `devlink` to run them with (e.g.
// /usr/sbin/devlink, iproute2 6.1: all pass).

const SELFTESTS = process.env.DEVLINK_TS_KERNEL_SELFTESTS ?? '';
const SCRIPTS_DIR = join(SELFTESTS, 'drivers', 'net', 'netdevsim');
const SHIM = process.env.DEVLINK_TS_SELFTESTS_SHIM ?? 'resident';
/** The tests each script runs (its ALL_TESTS), as the names its log_test lines print. */
const EXPECTED: Record<string, number> = { 'devlink.sh': 10, 'devlink_in_netns.sh': 2, 'devlink_trap.sh': 13 };
/** A file in /lib/firmware for fw_flash_test (the guest's root is a writable overlay). */
const FIRMWARE = '/lib/firmware/devlink-ts-selftest.bin';
const SCRIPT_TIMEOUT_MS = 40 * 60_000;

interface ScriptRun {
  status: number | null;
  output: string;
  seconds: number;
}

function runScript(name: string, binDir: string): Promise<ScriptRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', [`./${name}`], {
      cwd: SCRIPTS_DIR,
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** The folder whose `devlink` the scripts run: the resident CLI, the real entry point, or a given binary. */
async function devlinkCommand(): Promise<{ binDir: string; resident?: ResidentCli; cleanup: () => Promise<void> }> {
  if (SHIM === 'resident') {
    const resident = await startResidentCli();
    return { binDir: resident.binDir, resident, cleanup: () => resident.close() };
  }
  const binDir = mkdtempSync(join(tmpdir(), 'devlink-ts-shim-'));
  const target = SHIM === 'exec' ? join(process.cwd(), 'bin', 'devlink-ts.js') : SHIM;
  writeFileSync(join(binDir, 'devlink'), `#!/bin/sh\nexec ${SHIM === 'exec' ? 'node ' : ''}'${target}' "$@"\n`, { mode: 0o755 });
  return { binDir, cleanup: async () => rmSync(binDir, { recursive: true, force: true }) };
}

describe('the kernel\'s netdevsim devlink selftests with devlink-ts as devlink', () => {
  const runs = new Map<string, Promise<ScriptRun>>();
  let command: Awaited<ReturnType<typeof devlinkCommand>> | undefined;

  beforeAll(async () => {
    expect(SELFTESTS, 'DEVLINK_TS_KERNEL_SELFTESTS (set by the VM set-up) names the unpacked selftests').not.toBe('');
    expect(existsSync(join(SCRIPTS_DIR, 'devlink.sh')), `${SCRIPTS_DIR}/devlink.sh`).toBe(true);
    mkdirSync('/lib/firmware', { recursive: true });
    if (!existsSync(FIRMWARE)) writeFileSync(FIRMWARE, 'devlink-ts selftest firmware\n');
    command = await devlinkCommand();
    const binDir = command.binDir;
    const serial = (async () => {
      const devlink = await runScript('devlink.sh', binDir);
      runs.set('devlink_in_netns.sh', runScript('devlink_in_netns.sh', binDir));
      return devlink;
    })();
    runs.set('devlink.sh', serial);
    runs.set('devlink_trap.sh', runScript('devlink_trap.sh', binDir));
  });

  afterAll(async () => {
    await Promise.allSettled(runs.values());
    await command?.cleanup();
  });

  it.each(Object.entries(EXPECTED))('%s: all %i tests pass', async (script, count) => {
    if (script === 'devlink_in_netns.sh') await runs.get('devlink.sh');
    const run = await runs.get(script)!;
    const { passed, failed } = testResults(run.output);
    console.log(`${script}: ${passed.length} passed, ${failed.length} failed, exit ${run.status}, ${run.seconds.toFixed(0)} s` +
      (command?.resident ? ` (${command.resident.calls} devlink calls so far)` : ''));
    expect({ script, failed, status: run.status, passed: passed.length }, run.output).toEqual({ script, failed: [], status: 0, passed: count });
  }, SCRIPT_TIMEOUT_MS * 2);

  it('leaves netdevsim loaded and its own devices deleted, for the files after it', async () => {
    await Promise.allSettled(runs.values());
    expect(existsSync('/sys/bus/netdevsim/new_device')).toBe(true);
    const left = readdirSync('/sys/bus/netdevsim/devices').filter((name) => name === 'netdevsim10' || name === 'netdevsim1337');
    expect(left).toEqual([]);
  }, SCRIPT_TIMEOUT_MS * 2);
});
