// Prepares, once per kernel version, everything the VM boots: Debian's kernel image unpacked,
// an uncompressed vmlinux, the headers + kbuild for out-of-tree modules, and netdevsim.ko.
// A warm run finds <cache>/<krel>/ready.json and does nothing here.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { aptDownload, aptUpdateOnce, dpkgExtract, run } from './apt.mjs';
import { cacheRoot } from './cache-dir.mjs';
import { pickKernel } from './kernel-versions.mjs';
import { withLock } from './lock.mjs';
import { log } from './log.mjs';
import { buildModule } from './module-build.mjs';

const PICK_MAX_AGE_MS = 24 * 3600 * 1000;
/** The uapi header the spec tables are checked against, relative to the source tree's top. */
const UAPI_DEVLINK_HEADER = 'include/uapi/linux/devlink.h';
/** The kernel's own devlink selftests (netdevsim) and the helpers they source, as shipped. */
const SELFTESTS = 'tools/testing/selftests';
const SELFTEST_PARTS = ['drivers/net/netdevsim', 'net/forwarding', 'net/lib.sh'].map((part) => `${SELFTESTS}/${part}`);

/**
 * @typedef {object} Kernel
 * @property {string} krel        release string, e.g. 6.12.117+deb12-amd64
 * @property {string} dir         <cache>/<krel>
 * @property {string} vmlinux     uncompressed kernel qemu boots directly (PVH entry)
 * @property {string} modulesDir  the image's lib/modules/<krel>
 * @property {string} headersDir  linux-headers-<krel>, ready for `make -C`
 * @property {string} netdevsim   our out-of-tree netdevsim.ko
 * @property {string} uapiDevlinkHeader include/uapi/linux/devlink.h of the same source: the
 *   spec tables are checked against it, number by number (test/vm/spec-uapi.test.ts)
 * @property {string} selftestsDir tools/testing/selftests of the same source, unmodified, holding
 *   only drivers/net/netdevsim, net/forwarding and net/lib.sh (test/vm/kernel-selftests.test.ts)
 */

/**
 * Returns the prepared kernel, downloading and building what the cache lacks. When a download
 * fails (stale apt lists name a version the archive has dropped), refreshes the lists once and
 * picks again.
 */
export function prepareKernel() {
  try {
    return prepare();
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith('apt-get') && err.message.includes('download'))) throw err;
    log(`${err.message}; refreshing apt lists and picking the kernel again`);
    if (!aptUpdateOnce()) throw err;
    rmSync(pickFile(), { force: true });
    return prepare();
  }
}

function prepare() {
  const pick = cachedPick();
  const dir = join(cacheRoot(), pick.krel);
  const kernel = {
    krel: pick.krel,
    dir,
    vmlinux: join(dir, 'vmlinux'),
    modulesDir: join(dir, 'pkg', 'lib', 'modules', pick.krel),
    headersDir: join(dir, 'pkg', 'usr', 'src', `linux-headers-${pick.krel}`),
    netdevsim: join(dir, 'netdevsim', 'netdevsim.ko'),
    uapiDevlinkHeader: join(dir, 'src', UAPI_DEVLINK_HEADER),
    selftestsDir: join(dir, 'selftests'),
  };
  if (!existsSync(join(dir, 'ready.json'))) {
    mkdirSync(cacheRoot(), { recursive: true });
    withLock(`${dir}.lock`, () => {
      if (!existsSync(join(dir, 'ready.json'))) build(pick, kernel); // another run may have built it meanwhile
    });
  }
  // parts added after a cache was first made are unpacked into it once
  addSourceParts(pick, kernel, [UAPI_DEVLINK_HEADER], UAPI_DEVLINK_HEADER, kernel.uapiDevlinkHeader);
  addSourceParts(pick, kernel, SELFTEST_PARTS, SELFTESTS, kernel.selftestsDir);
  return kernel;
}

/** The cold path: downloads, unpacks, extracts vmlinux, builds netdevsim; ready.json last. */
function build(pick, kernel) {
  const dir = kernel.dir;
  const started = Date.now();
  log(`preparing kernel ${pick.krel} (${pick.version}) in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const debs = join(cacheRoot(), 'debs');
  const pkgDir = join(dir, 'pkg');
  for (const role of ['image', 'headers', 'headersCommon', 'kbuild']) {
    dpkgExtract(aptDownload(pick.packages[role], pick.version, debs), pkgDir);
  }
  pointHeadersAtUnpackedCommon(kernel.headersDir, pkgDir);

  const src = unpackSourceParts(aptDownload(pick.packages.source, pick.version, debs), dir);
  extractVmlinux(join(src, 'scripts', 'extract-vmlinux'), join(pkgDir, 'boot', `vmlinuz-${pick.krel}`), kernel.vmlinux);

  log('building netdevsim.ko');
  const built = buildModule(kernel.headersDir, join(src, 'drivers', 'net', 'netdevsim'), join(dir, 'netdevsim'), [
    'CONFIG_NETDEVSIM=m',
  ]);
  if (!built.includes(kernel.netdevsim)) throw new Error(`netdevsim build gave ${built.join(', ')}`);

  writeFileSync(join(dir, 'ready.json'), `${JSON.stringify({ ...pick, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
  log(`kernel ${pick.krel} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** apt's answer is reused for a day so a warm run does not spend seconds in apt-cache. */
function pickFile() {
  return join(cacheRoot(), 'kernel-pick.json');
}

function cachedPick() {
  const file = pickFile();
  if (process.env.DEVLINK_TS_VM_REPICK !== '1' && existsSync(file)) {
    if (Date.now() - statSync(file).mtimeMs < PICK_MAX_AGE_MS) return JSON.parse(readFileSync(file, 'utf8'));
  }
  const pick = pickKernel();
  mkdirSync(cacheRoot(), { recursive: true });
  writeFileSync(file, `${JSON.stringify(pick, null, 2)}\n`);
  return pick;
}

/**
 * The per-flavour headers' Makefile includes the common headers by absolute path
 * (/usr/src/linux-headers-<abi>-common/Makefile); point it at our unpacked copy.
 */
function pointHeadersAtUnpackedCommon(headersDir, pkgDir) {
  const makefile = join(headersDir, 'Makefile');
  const text = readFileSync(makefile, 'utf8');
  const rewritten = text.replace(/(^|[\s=])\/usr\/src\//gm, `$1${pkgDir}/usr/src/`);
  if (rewritten === text) throw new Error(`no absolute /usr/src include to rewrite in ${makefile}`);
  writeFileSync(makefile, rewritten);
}

/**
 * Unpacks only what we use from the (large) source tarball: netdevsim's sources, extract-vmlinux
 * and the uapi devlink header.
 */
function unpackSourceParts(deb, dir) {
  log(`unpacking drivers/net/netdevsim, scripts/extract-vmlinux and ${UAPI_DEVLINK_HEADER} from linux-source`);
  const src = join(dir, 'src');
  untarSourceParts(deb, dir, ['drivers/net/netdevsim', 'scripts/extract-vmlinux', UAPI_DEVLINK_HEADER], src);
  return src;
}

/**
 * Unpacks `parts` of the source tarball and moves `part` (one of them, or their common folder)
 * to `dest`, once: a cache made before a part was needed gets it from the source .deb the cold
 * set-up downloaded (downloaded again if it was removed), under the kernel's lock.
 */
function addSourceParts(pick, kernel, parts, part, dest) {
  if (existsSync(dest)) return;
  withLock(`${kernel.dir}.lock`, () => {
    if (existsSync(dest)) return;
    log(`unpacking ${parts.join(', ')} from linux-source into ${kernel.dir}`);
    const deb = aptDownload(pick.packages.source, pick.version, join(cacheRoot(), 'debs'));
    const tmpSrc = join(kernel.dir, 'parts-src');
    rmSync(tmpSrc, { recursive: true, force: true });
    untarSourceParts(deb, kernel.dir, parts, tmpSrc);
    mkdirSync(dirname(dest), { recursive: true });
    renameSync(join(tmpSrc, part), dest);
    rmSync(tmpSrc, { recursive: true, force: true });
  });
}

/** Extracts `parts` (paths below the tarball's top folder) of linux-source's tarball into `dest`. */
function untarSourceParts(deb, dir, parts, dest) {
  const tmp = join(dir, 'source-deb');
  rmSync(tmp, { recursive: true, force: true });
  dpkgExtract(deb, tmp);
  const tarDir = join(tmp, 'usr', 'src');
  const tarball = readdirSync(tarDir).find((f) => /^linux-source-.*\.tar\.(xz|gz|bz2|zst)$/.test(f));
  if (!tarball) throw new Error(`no linux-source tarball in ${tarDir}`);
  const top = tarball.replace(/\.tar\.\w+$/, '');
  rmSync(join(dir, top), { recursive: true, force: true });
  run('tar', ['-C', dir, '-xf', join(tarDir, tarball), ...parts.map((part) => `${top}/${part}`)]);
  rmSync(tmp, { recursive: true, force: true });
  renameSync(join(dir, top), dest);
}

/** vmlinuz -> vmlinux with the kernel's own script: qemu boots the ELF directly, twice as fast. */
function extractVmlinux(script, vmlinuz, out) {
  log('extracting vmlinux');
  const tmp = `${out}.tmp`;
  run('sh', ['-c', 'sh "$1" "$2" > "$3"', 'sh', script, vmlinuz, tmp]);
  if (statSync(tmp).size < 1024 * 1024) throw new Error(`extract-vmlinux produced a tiny file from ${vmlinuz}`);
  renameSync(tmp, out);
}
