#!/usr/bin/env node
// Thin entry point: the CLI lives in dist/cli (compiled from src/cli).
import('../dist/cli/main.js')
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => { process.exitCode = code; })
  .catch((err) => {
    process.stderr.write(`devlink-ts: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
