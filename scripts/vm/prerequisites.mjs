// The host tools the VM test bed needs, installed with apt-get when missing. On a machine where
// that is impossible (not Debian, or not root) it stops with one line saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall, isInstalled } from './apt.mjs';

/** Debian package -> how we tell it is usable. busybox must be the static build: it runs alone in the initramfs. */
const REQUIRED = [
  { pkg: 'qemu-system-x86', present: () => hasCommand('qemu-system-x86_64') },
  { pkg: 'busybox-static', present: () => isInstalled('busybox-static') },
  { pkg: 'xz-utils', present: () => hasCommand('xz') },
  { pkg: 'make', present: () => hasCommand('make') },
  { pkg: 'gcc', present: () => hasCommand('gcc') },
  { pkg: 'libc6-dev', present: () => existsSync('/usr/include/stdio.h') },
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
  aptInstall(missing);
  const still = REQUIRED.filter((r) => !r.present()).map((r) => r.pkg);
  if (still.length > 0) throw new Error(`apt-get install did not provide: ${still.join(' ')}`);
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
