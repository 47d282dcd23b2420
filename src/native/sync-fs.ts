/**
 * The few synchronous `node:fs` calls the library makes, taken from `node:fs` through
 * `require()` rather than an ES import.
 *
 * Why: the library ships as an ES module (dist/index.js), and Node 20 builds the ES view of a
 * built-in by reading every one of its exports; for `node:fs` that runs the lazy getters
 * (`ReadStream`, `promises`...) which load Node's stream and fs/promises modules (seen in the VM
 * profile of a fresh program listing ports, issue 16 bench 2a). `require()` returns the module
 * without touching them: on the host, `import('node:fs')` in a fresh process took 12.8 ms,
 * `node:module` + `require('node:fs')` 3.1 ms.
 */
import { createRequire } from 'node:module';

type SyncFs = Pick<typeof import('node:fs'), 'closeSync' | 'existsSync' | 'openSync' | 'readdirSync'>;

/** `node:fs` (only the calls the library uses). */
export const syncFs: SyncFs = createRequire(import.meta.url)('node:fs') as SyncFs;
