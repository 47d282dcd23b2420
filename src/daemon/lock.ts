/**
 * One daemon per host: a lock file in the state directory.
 *
 * Why a pid file taken with O_EXCL rather than flock(2): Node has no flock, and the lock must also
 * be readable by `devlink-ts apply`, which refuses to run beside a live daemon (two writers of the
 * same SFs and ownership records would undo each other's work). A lock left by a daemon killed
 * with -9 names a pid that no longer exists and is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'daemon.pid';

/** The pid of a live daemon holding the lock in `stateDir`, undefined when none does. */
export function lockHolder(stateDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(stateDir, FILE), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** A held lock; `release()` removes it. */
export interface DaemonLock {
  release(): void;
}

/** Takes the lock for this process, or throws naming the daemon that holds it. */
export function takeLock(stateDir: string): DaemonLock {
  const path = join(stateDir, FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(stateDir);
      if (holder !== undefined && holder !== process.pid) throw new Error(`another devlink-ts daemon (pid ${holder}) holds ${path}`);
      rmSync(path, { force: true }); // stale: its daemon is gone
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return {
      release: () => {
        if (lockHolder(stateDir) === process.pid) rmSync(path, { force: true });
      },
    };
  }
  throw new Error(`could not take the daemon lock ${path}`);
}
