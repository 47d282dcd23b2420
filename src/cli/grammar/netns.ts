import { closeSync, openSync } from 'node:fs';
import { NETNS_RUN_DIR, type ReloadNetns } from '../../devlink/ops/reload.js';
import { CliError } from '../errors.js';
import { parseUnsigned, U32_MAX } from './values.js';

/**
 * The namespace word of `dev reload DEV netns X`, read as iproute2 reads it (`netns_get_fd()`,
 * then `dl_argv_uint32_t()`): X names a network namespace file (a path when it has a slash, else
 * a name under /var/run/netns) when that file can be opened; otherwise X is a process id whose
 * namespace the device moves to (`netns 1` is init's, as the kernel's own devlink selftests use
 * it). Neither gets iproute2's `"X" is not a number or not within range`.
 */
export function readReloadNetns(word: string): ReloadNetns {
  const path = word.includes('/') ? word : `${NETNS_RUN_DIR}/${word}`;
  if (canOpen(path)) return { path };
  const pid = parseUnsigned(word, U32_MAX);
  if (pid === undefined) throw new CliError(`"${word}" is not a number or not within range`);
  return { pid: Number(pid) };
}

function canOpen(path: string): boolean {
  try {
    closeSync(openSync(path, 'r'));
    return true;
  } catch {
    return false;
  }
}
