#!/usr/bin/env node
'use strict';
// Thin entry point: the CLI lives in src/cli. `npm run build` compiles it to dist/cli and bundles
// that into dist/cli-bundle/main.cjs (scripts/bundle-cli.mjs: one file instead of ~80 modules,
// which is most of a call's start-up time). A build made with tsc alone has no bundle: then the
// ES modules of dist/cli are imported.
//
// This file is CommonJS (bin/package.json says so), as is the bundle it requires: a call then
// never starts Node's ES module loader, which costs more than the rest of a bare `node` start
// under emulation (issue 16, bench rows 1 and 1b).
const { readFileSync, writeSync } = require('node:fs');
const { join } = require('node:path');

const argv = process.argv.slice(2);

// `devlink-ts -V` alone answers before any of the CLI is loaded. The text and exit code are
// main()'s for the same line (src/cli/main.ts and src/cli/version.ts;
// test/unit/cli-entry.test.ts holds them equal); every other line, including -V with more words,
// goes through main().
if (argv.length === 1 && (argv[0] === '-V' || argv[0] === '-Version' || argv[0] === '--Version')) {
  printLine(`devlink-ts utility, devlink-ts-${packageVersion()}\n`);
} else {
  runMain();
}

/** package.json's version, or 'unknown' as src/cli/version.ts says when it cannot be read. */
function packageVersion() {
  try {
    const parsed = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    return typeof parsed.version === 'string' ? parsed.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Writes straight to fd 1: `process.stdout` on a pipe is a net.Socket, and setting one up loads
 * Node's stream and net modules, which a bare `node` start never does. Should the write fail
 * (EAGAIN on a non-blocking pipe, EPIPE...), process.stdout writes it as main() would have.
 */
function printLine(text) {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
    return;
  } catch {
    // the rest goes through process.stdout
  }
  process.stdout.write(bytes.subarray(written));
}

/** The bundled CLI, or dist/cli's ES modules when the build made no bundle. */
function loadMain() {
  const bundle = join(__dirname, '..', 'dist', 'cli-bundle', 'main.cjs');
  try {
    return Promise.resolve(require(bundle));
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(bundle)) {
      return import('../dist/cli/main.js');
    }
    return Promise.reject(err);
  }
}

function runMain() {
  loadMain()
    .then((m) => m.main(argv))
    .then((code) => { process.exitCode = code; })
    .catch((err) => {
      process.stderr.write(`devlink-ts: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
