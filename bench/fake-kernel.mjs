/**
 * The unit tests' fake kernel (test/support/fake-devlink.ts, TypeScript) for benchmarks that run
 * without a VM. Why bundled here: bench/ is plain Node ESM importing dist/, and the fake is test
 * code that `tsc -p tsconfig.build.json` does not compile; esbuild (a dev dependency) turns it into
 * one ESM file in node_modules/.cache/ on first use. The fake carries its own copy of the codec to
 * encode replies; the library under test is always dist/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Imports test/support/fake-devlink.ts (bundled once per call of this process). */
export async function loadFakeDevlink() {
  const { build } = await import('esbuild');
  const outdir = `${root}node_modules/.cache/devlink-ts-bench`;
  mkdirSync(outdir, { recursive: true });
  const outfile = `${outdir}/fake-devlink.mjs`;
  await build({
    absWorkingDir: root,
    entryPoints: ['test/support/fake-devlink.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}
