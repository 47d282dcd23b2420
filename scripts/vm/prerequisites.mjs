// The host tools the VM test bed needs, installed with apt-get when missing. On a machine where
// that is impossible (not Debian, or not root) it stops with one line saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall, availableVersions, isInstalled } from './apt.mjs';

/** Debian package -> how we tell it is usable. busybox must be the static build: it runs alone in the initramfs. */
const REQUIRED = [
  { pkg: 'qemu-system-x86', present: () => hasCommand('qemu-system-x86_64') },
  { pkg: 'busybox-static', present: () => isInstalled('busybox-static') },
  { pkg: 'xz-utils', present: () => hasCommand('xz') },
  { pkg: 'make', present: () => hasCommand('make') },
  { pkg: 'gcc', present: () => hasCommand('gcc') },
  { pkg: 'libc6-dev', present: () => existsSync('/usr/include/stdio.h') },
  // what the kernel's devlink selftests need in the guest (test/vm/kernel-selftests.test.ts)
  { pkg: 'jq', present: () => hasCommand('jq') },
  { pkg: 'netsniff-ng', present: () => hasCommand('mausezahn') },
  { pkg: 'udev', present: () => hasCommand('udevadm'), sameVersionAs: 'libudev1' },
];

/** Makes sure every host tool is there, installing the missing ones; throws one clear line otherwise. */
export function ensurePrerequisites() {
  const isDebian = hasCommand('apt-get') && hasCommand('dpkg') && hasCommand('apt-cache');
  const missing = REQUIRED.filter((r) => !r.present()).map((r) => r.pkg);
  if (!isDebian) {
    throw new Error(
      'the VM test bed needs a Debian 12 (bookworm) host with apt-get, dpkg and apt-cache ' +
        `(it fetches Debian's kernel packages); also install: ${REQUIRED.map((r) => r.pkg).join(' ')}`,
    );
  }
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`the VM test bed needs these packages; run as root or install them: apt-get install ${missing.join(' ')}`);
  }
  aptInstall(REQUIRED.filter((r) => missing.includes(r.pkg)).map(installSpec));
  const still = REQUIRED.filter((r) => !r.present()).map((r) => r.pkg);
  if (still.length > 0) throw new Error(`apt-get install did not provide: ${still.join(' ')}`);
}

/**
 * `pkg`, or `pkg=VERSION` when it must match an installed library's version: udev at the
 * installed libudev1's version needs nothing else, while the newest udev would upgrade libudev1
 * and with it systemd on the host.
 */
function installSpec(r) {
  if (!r.sameVersionAs) return r.pkg;
  const installed = spawnSync('dpkg-query', ['-W', '-f=${Version}', r.sameVersionAs], { encoding: 'utf8' });
  const version = installed.status === 0 ? installed.stdout.trim() : '';
  return version && availableVersions([r.pkg]).get(r.pkg)?.includes(version) ? `${r.pkg}=${version}` : r.pkg;
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
