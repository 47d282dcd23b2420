#!/usr/bin/env node
// Thin entry point: the CLI lives in src/cli. `npm run build` compiles it to dist/cli and bundles
// that into dist/cli-bundle (scripts/bundle-cli.mjs: a few chunks instead of ~80 modules, which
// is most of a call's start-up time). A build made with tsc alone has no bundle: use dist/cli.
const bundle = new URL('../dist/cli-bundle/main.js', import.meta.url);
import(bundle.href)
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && err.url === bundle.href) {
      return import('../dist/cli/main.js');
    }
    throw err;
  })
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => { process.exitCode = code; })
  .catch((err) => {
    process.stderr.write(`devlink-ts: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
