#!/usr/bin/env node
// Makes sure commands the tests run exist, installing their Debian packages when missing:
//   node scripts/ensure-commands.mjs systemd-analyze=systemd [COMMAND=PACKAGE...]
// As the VM test bed's prerequisites (scripts/vm/prerequisites.mjs), it installs with apt-get on a
// Debian host as root, and otherwise stops with one line saying what to install, so a fresh CI
// machine gets what `npm test` needs from the project's own files.
import { spawnSync } from 'node:child_process';
import { aptInstall } from './vm/apt.mjs';

const wanted = process.argv.slice(2).map((arg) => {
  const [command, pkg] = arg.split('=');
  if (!command || !pkg) throw new Error(`expected COMMAND=DEBIAN_PACKAGE, got "${arg}"`);
  return { command, pkg };
});
const has = (name) => spawnSync('sh', ['-c', `command -v "${name}"`], { stdio: 'ignore' }).status === 0;
const missing = wanted.filter((w) => !has(w.command));
if (missing.length > 0) {
  const pkgs = [...new Set(missing.map((m) => m.pkg))];
  if (!has('apt-get') || process.getuid?.() !== 0) {
    console.error(`missing ${missing.map((m) => m.command).join(', ')}: install the Debian package(s) ${pkgs.join(' ')}`);
    process.exit(1);
  }
  aptInstall(pkgs);
  const still = missing.filter((m) => !has(m.command));
  if (still.length > 0) {
    console.error(`apt-get install ${pkgs.join(' ')} did not provide ${still.map((m) => m.command).join(', ')}`);
    process.exit(1);
  }
}
