/**
 * File-system triggers: the config directory and /var/run/netns.
 *
 * Why watch the directory and not the files: editors replace files by rename, and a Kubernetes
 * ConfigMap volume updates by creating a new timestamped directory and atomically renaming its
 * `..data` symlink, so the files the config names never change in place; every such swap is a
 * rename in the watched directory. Events are coalesced (`quietMs`) since one save makes several.
 */
import { existsSync, mkdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

/** Calls `onChange` (coalesced) when anything in `path`'s directory changes; returns a stop function. */
export function watchPath(path: string, onChange: () => void, quietMs = 200): () => void {
  let directory = path;
  try {
    if (!statSync(path).isDirectory()) directory = dirname(path);
  } catch {
    directory = dirname(path);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(directory, { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, quietMs);
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}

/** Watches `/var/run/netns` (created if missing, as `ip netns add` would) for namespaces appearing. */
export function watchNetns(onChange: () => void, directory = '/var/run/netns'): () => void {
  try {
    if (!existsSync(directory)) mkdirSync(directory, { recursive: true, mode: 0o755 });
  } catch {
    // Read-only or not permitted: the periodic re-read still finds namespaces.
  }
  return watchPath(`${directory}/.`, onChange, 50);
}
