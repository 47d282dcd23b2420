// A writer for the "newc" cpio format the kernel unpacks as an initramfs. Written here rather
// than shelling out to cpio(1) so the archive can hold device nodes without root and without
// another host package.

/** @typedef {{ path: string, type: 'dir' } | { path: string, type: 'file', data: Buffer | string, mode?: number } | { path: string, type: 'symlink', target: string } | { path: string, type: 'char', major: number, minor: number, mode?: number }} CpioEntry */

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

/**
 * Serialises entries into one uncompressed newc archive (the kernel needs no decompressor for it).
 * Parents must come before children.
 * @param {CpioEntry[]} entries
 */
export function cpioArchive(entries) {
  /** @type {Buffer[]} */
  const parts = [];
  let ino = 1;
  for (const e of entries) {
    let mode;
    let data = Buffer.alloc(0);
    let rdevMajor = 0;
    let rdevMinor = 0;
    if (e.type === 'dir') mode = S_IFDIR | 0o755;
    else if (e.type === 'file') {
      mode = S_IFREG | (e.mode ?? 0o644);
      data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    } else if (e.type === 'symlink') {
      mode = S_IFLNK | 0o777;
      data = Buffer.from(e.target);
    } else {
      mode = S_IFCHR | (e.mode ?? 0o600);
      rdevMajor = e.major;
      rdevMinor = e.minor;
    }
    parts.push(...record(e.path.replace(/^\/+/, ''), mode, data, ino++, rdevMajor, rdevMinor));
  }
  parts.push(...record('TRAILER!!!', 0, Buffer.alloc(0), 0, 0, 0));
  return Buffer.concat(parts);
}

function record(name, mode, data, ino, rdevMajor, rdevMinor) {
  const nameBytes = Buffer.from(`${name}\0`);
  const fields = [ino, mode, 0, 0, mode & S_IFDIR ? 2 : 1, 0, data.length, 0, 0, rdevMajor, rdevMinor, nameBytes.length, 0];
  const header = Buffer.from(`070701${fields.map((f) => f.toString(16).padStart(8, '0')).join('')}`);
  return [header, nameBytes, pad(header.length + nameBytes.length), data, pad(data.length)];
}

function pad(length) {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
