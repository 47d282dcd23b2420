// Where downloads and builds live: outside git, shared by every checkout of the project.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The cache root: $DEVLINK_TS_CACHE, else ~/.cache/devlink-ts. Kernel artefacts go in <root>/<krel>/. */
export function cacheRoot() {
  return process.env.DEVLINK_TS_CACHE || join(homedir(), '.cache', 'devlink-ts');
}
