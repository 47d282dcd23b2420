#!/usr/bin/env node
// Bundles the compiled library entry (dist/index.js, from `tsc -p tsconfig.build.json`) into one
// ESM file, written over dist/index.js itself (with its source map, composed back to src/ through
// tsc's maps).
//
// Why: `import 'devlink-ts'` loaded ~45 modules, each resolved, read and compiled on its own; in
// the VM (CPU under emulation, files over 9p) that was most of a fresh Node program's time before
// its first request. One file is one resolution, one read, one compile.
//
// What stays as it was: the typed surface (dist/index.d.ts and the per-module .d.ts files tsc
// wrote, which it refers to), the per-module dist/**/*.js (the CLI bundle is built from those, and
// deep imports keep working), and the addon lookup (src/native/loader.ts walks up from its own
// file to binding.gyp, and dist/index.js is one level below the package root as before).
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const result = await build({
  absWorkingDir: root,
  entryPoints: ['dist/index.js'],
  outfile: 'dist/index.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  write: false,
  metafile: true,
  logLevel: 'warning',
});
for (const file of result.outputFiles) writeFileSync(file.path, file.contents);
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`bundle-library: dist/index.js is one file (${inputs} modules)`);
