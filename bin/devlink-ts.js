#!/usr/bin/env node
// Thin entry point: the CLI lives in src/cli. `npm run build` compiles it to dist/cli and bundles
// that into dist/cli-bundle (scripts/bundle-cli.mjs: a few chunks instead of ~80 modules, which
// is most of a call's start-up time). A build made with tsc alone has no bundle: use dist/cli.
import { readFileSync, writeSync } from 'node:fs';

const argv = process.argv.slice(2);

// `devlink-ts -V` alone answers before any of the CLI is loaded: under emulation, importing the
// CLI's entry chunks and its option parser doubled the cost of a bare `node` start (issue 16,
// bench row 1b). The text and exit code are main()'s for the same line (src/cli/main.ts and
// src/cli/version.ts; test/unit/cli-entry.test.ts holds them equal); every other line, including
// -V with more words, goes through main().
if (argv.length === 1 && (argv[0] === '-V' || argv[0] === '-Version' || argv[0] === '--Version')) {
  printLine(`devlink-ts utility, devlink-ts-${packageVersion()}\n`);
} else {
  runMain();
}

/** package.json's version, or 'unknown' as src/cli/version.ts says when it cannot be read. */
function packageVersion() {
  try {
    const parsed = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
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

function runMain() {
  const bundle = new URL('../dist/cli-bundle/main.js', import.meta.url);
  import(bundle.href)
    .catch((err) => {
      if (err && err.code === 'ERR_MODULE_NOT_FOUND' && err.url === bundle.href) {
        return import('../dist/cli/main.js');
      }
      throw err;
    })
    .then((m) => m.main(argv))
    .then((code) => { process.exitCode = code; })
    .catch((err) => {
      process.stderr.write(`devlink-ts: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
