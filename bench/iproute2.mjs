/** What a Node program without the library does: spawn iproute2's `devlink -j` and parse it. */
import { run } from './spawn.mjs';

/** Sorted handles of every port, from `devlink -j port show`. */
export async function portHandlesFromIproute2() {
  const json = JSON.parse(await run('devlink', ['-j', 'port', 'show']));
  return Object.keys(json.port ?? {}).sort();
}
