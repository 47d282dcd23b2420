#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js, from `tsc -p tsconfig.build.json`) into
// dist/cli-bundle/main.cjs, which bin/devlink-ts.js loads.
//
// Why: a `devlink-ts` call is mostly Node start-up plus module loading, and loading ~80 small
// files (each a stat, a read and a package.json lookup) is what made `devlink-ts -V` cost ~2.5 s
// in the VM (host filesystem over 9p, CPU under emulation). The bundle is one file: esbuild keeps
// every `await import()` (one per object's command module, the library's Devlink client, help, batch...)
// lazy inside it, so a module's top-level code only runs when its command does. Code splitting
// (a chunk per lazy module) was tried first: `-j port show` then read 34 files, and resolving and
// linking them cost more than parsing the one file; `-V` alone no longer loads the CLI at all
// (bin/devlink-ts.js answers it).
//
// Layout constraints the output must keep:
// - main.js sits in dist/cli-bundle/, two directories below the package root like dist/cli/ and
//   src/cli/, because src/cli/version.ts reads `../../package.json` relative to its own file (the
//   native loader walks up to binding.gyp and would cope with any depth);
// - yargs stays external (only `-h` loads it): its ESM shims find their locale files relative
//   to their own location. yargs-parser, which every call loads, is bundled.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/cli-bundle`;

rmSync(outdir, { recursive: true, force: true });

/**
 * The commands outside iproute2's grammar (src/cli/main.ts loads each on use) and what they
 * bring: the declared-state engine with yaml and its generated validator, the daemon with pino
 * and prom-client. They are bundles of their own (dist/cli-bundle/<name>.cjs) that main.cjs
 * requires when one runs: in main.cjs they were ~60% of its 1.1 MB, which every call read and
 * parsed (issue 16).
 */
const OWN_COMMANDS = ['apply', 'daemon', 'status', 'wait-ready'];
const ownCommandsOutside = {
  name: 'own-commands-outside',
  setup(builder) {
    const filter = new RegExp(`^\\./(${OWN_COMMANDS.join('|')})\\.js$`);
    builder.onResolve({ filter }, (args) => {
      if (!args.importer.endsWith('dist/cli/main.js')) return undefined;
      return { path: args.path.replace(/\.js$/, '.cjs'), external: true };
    });
  },
};

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  // One file (issue 16): in the VM, 34 chunks for `-j port show` cost more in resolving, reading
  // and linking modules than one larger file costs to parse (esbuild keeps each dynamically
  // imported module's top-level code lazy). Whitespace and syntax minification shrink the parse
  // (names are kept: error classes and stack frames read the same).
  splitting: false,
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS (issue 16): bin/devlink-ts.js is CommonJS too, so a call never starts Node's ESM
  // loader (in the VM's profile of `-j port show`, resolving, translating and compiling the ESM
  // bundle, and loading as ES modules every built-in any bundled module imports, cost ~0.8 s).
  // In this format a lazily loaded module's `import ... from 'node:http'` becomes a require() run
  // when that module first loads, not at start-up.
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // The few modules that locate files from their own URL (version.ts, the addon loader) get the
  // bundle's; CommonJS has no import.meta.
  define: { 'import.meta.url': '__devlinkTsBundleUrl' },
  banner: { js: "'use strict'; var __devlinkTsBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  platform: 'node',
  target: 'node20',
  external: ['yargs', 'yargs/*'],
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
};
const result = await build({ ...common, entryPoints: ['dist/cli/main.js'], plugins: [ownCommandsOutside] });
const ownResult = await build({ ...common, entryPoints: OWN_COMMANDS.map((name) => `dist/cli/${name}.js`) });
result.metafile.outputs = { ...result.metafile.outputs, ...ownResult.metafile.outputs };
const files = Object.keys(result.metafile.outputs).filter((path) => path.endsWith('.cjs'));
console.log(`bundle-cli: ${files.length} files in dist/cli-bundle/`);
