// Builds the VM's initramfs: static busybox, our /init, and the modules in load order.
// Cached in <cache>/<krel>/ under a key of everything that goes into it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpioArchive } from './cpio.mjs';
import { log } from './log.mjs';
import { loadOrder } from './module-deps.mjs';

const INIT = join(dirname(fileURLToPath(import.meta.url)), 'guest-init.sh');
const BUSYBOX = '/bin/busybox';

/** Kernel modules the guest needs: 9p + overlay for the root, plus test helpers (nlmon for captures). */
export const KERNEL_MODULES = ['9pnet_virtio', '9p', 'overlay', 'nlmon', 'dummy', 'veth'];

/**
 * Returns the path of an initramfs holding the kernel modules, netdevsim and then the project's
 * modules (in that order, each after its dependencies).
 * @param {import('./kernel-cache.mjs').Kernel} kernel
 * @param {Map<string, string>} projectMods name -> .ko
 */
export function initramfs(kernel, projectMods) {
  const extra = new Map([['netdevsim', kernel.netdevsim], ...projectMods]);
  const wanted = [...KERNEL_MODULES, 'netdevsim', ...projectMods.keys()];
  const key = cacheKey(wanted, [INIT, realpathSync(BUSYBOX), ...extra.values()]);
  const out = join(kernel.dir, `initrd-${key}.cpio`);
  if (existsSync(out)) return out;

  log(`building initramfs (${wanted.join(', ')})`);
  const order = loadOrder(wanted, kernel.modulesDir, extra);
  const dirs = ['bin', 'dev', 'proc', 'sys', 'modules', 'io', 'host', 'ovl', 'newroot', 'tmp', 'root'];
  const archive = cpioArchive([
    ...dirs.map((path) => ({ path, type: /** @type {const} */ ('dir') })),
    { path: 'dev/console', type: 'char', major: 5, minor: 1 },
    { path: 'dev/null', type: 'char', major: 1, minor: 3, mode: 0o666 },
    { path: 'bin/busybox', type: 'file', data: readFileSync(BUSYBOX), mode: 0o755 },
    { path: 'bin/sh', type: 'symlink', target: 'busybox' },
    { path: 'init', type: 'file', data: readFileSync(INIT), mode: 0o755 },
    ...order.map((m) => ({ path: `modules/${m.name}.ko`, type: /** @type {const} */ ('file'), data: m.image })),
    // "<name> required|optional": only the project's own test drivers may fail to load
    { path: 'modules/order', type: 'file', data: order.map((m) => `${m.name} ${projectMods.has(m.name) ? 'optional' : 'required'}\n`).join('') },
  ]);
  writeFileSync(`${out}.tmp-${process.pid}`, archive);
  renameSync(`${out}.tmp-${process.pid}`, out);
  pruneOldInitrds(kernel.dir, out);
  return out;
}

function cacheKey(wanted, files) {
  const hash = createHash('sha256').update(wanted.join(','));
  for (const f of files) {
    const st = statSync(f);
    hash.update(`\0${f}\0${st.size}\0${st.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Drops initramfs images of earlier module builds (older than an hour: a parallel run may be booting one). */
function pruneOldInitrds(dir, keep) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!/^initrd-\w+\.cpio$/.test(name) || path === keep) continue;
    if (Date.now() - statSync(path).mtimeMs > 3600 * 1000) rmSync(path, { force: true });
  }
}
