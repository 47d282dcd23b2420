#!/usr/bin/env node
// `npm run gen:validator`: writes src/state/config-validator.generated.ts, ajv's standalone
// validator for src/state/config-schema.ts (see scripts/config-validator/source.ts for why).
//
// The schema and the generator are TypeScript; Node 20 cannot load them, so esbuild (already the
// bundler) bundles source.ts with the schema into one ES module (packages stay imports), written
// next to this script for the moment it is imported, so that ajv and esbuild resolve from here. Run it after changing the schema, its options or ajv's version; the unit test
// test/unit/config-validator-generated.test.ts says when that is needed.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const target = `${root}src/state/config-validator.generated.ts`;

const entry = `
import { CONFIG_SCHEMA } from './src/state/config-schema.ts';
import { configValidatorSource } from './scripts/config-validator/source.ts';
export const text = configValidatorSource(CONFIG_SCHEMA);
`;
const result = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'gen-validator-entry.ts' },
  absWorkingDir: root,
  bundle: true,
  write: false,
  format: 'esm',
  packages: 'external',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
const bundled = `${root}scripts/config-validator/.generate-${process.pid}.mjs`;
writeFileSync(bundled, result.outputFiles[0].text);
let module;
try {
  module = await import(pathToFileURL(bundled).href);
} finally {
  rmSync(bundled, { force: true });
}
writeFileSync(target, module.text);
console.log(`gen:validator: wrote ${target.slice(root.length)} (${module.text.length} bytes)`);
