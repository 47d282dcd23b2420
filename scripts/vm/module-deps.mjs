// Module dependency order for the initramfs. There is no depmod output in a `dpkg -x` tree, so
// each module's `depends=` modinfo string is read from the .ko itself (6.12 ships them .ko.xz).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Kernel module name as the kernel compares them: '-' and '_' are the same. */
export function moduleName(file) {
  return basename(file).replace(/\.ko(\.xz|\.zst|\.gz)?$/, '').replace(/-/g, '_');
}

/** Reads a module file, decompressing .ko.xz with xz (the initramfs gets plain .ko files). */
export function readModule(file) {
  if (file.endsWith('.xz')) return execFileSync('xz', ['-dc', file], { maxBuffer: 256 * 1024 * 1024 });
  if (file.endsWith('.ko')) return readFileSync(file);
  throw new Error(`unsupported module compression: ${file}`);
}

/** The `depends=` list of a module image (names, possibly empty). */
export function moduleDepends(image) {
  const key = Buffer.from('\0depends=');
  const at = image.indexOf(key);
  if (at < 0) return [];
  const start = at + key.length;
  const end = image.indexOf(0, start);
  const value = image.subarray(start, end < 0 ? image.length : end).toString('latin1');
  return value.split(',').filter(Boolean).map((n) => n.replace(/-/g, '_'));
}

/** name -> path of every module under <modulesDir>/kernel. */
export function indexModules(modulesDir) {
  /** @type {Map<string, string>} */
  const index = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ko(\.xz)?$/.test(entry.name)) index.set(moduleName(entry.name), path);
    }
  };
  walk(join(modulesDir, 'kernel'));
  return index;
}

/** Names the kernel has built in (listed in modules.builtin): nothing to load for those. */
export function builtinModules(modulesDir) {
  const file = join(modulesDir, 'modules.builtin');
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).map(moduleName));
}

/**
 * Orders the wanted modules and their dependencies so each comes after what it needs.
 * `extra` maps out-of-tree module names to their files; they take precedence over the index.
 * @returns {{ name: string, image: Buffer }[]}
 */
export function loadOrder(wanted, modulesDir, extra = new Map()) {
  const index = indexModules(modulesDir);
  const builtin = builtinModules(modulesDir);
  /** @type {{ name: string, image: Buffer }[]} */
  const order = [];
  const state = new Map(); // name -> 'visiting' | 'done'
  const visit = (name, from) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`module dependency cycle through ${name}`);
    const file = extra.get(name) ?? index.get(name);
    if (!file) {
      if (builtin.has(name)) return state.set(name, 'done');
      throw new Error(`module ${name}${from ? ` (needed by ${from})` : ''} is neither in ${modulesDir} nor built in`);
    }
    state.set(name, 'visiting');
    const image = readModule(file);
    for (const dep of moduleDepends(image)) visit(dep, name);
    state.set(name, 'done');
    order.push({ name, image });
  };
  for (const name of wanted) visit(name.replace(/-/g, '_'), undefined);
  return order;
}
