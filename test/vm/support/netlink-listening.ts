/**
 * Whether a process (iproute2's `devlink monitor`) is listening yet: it is once one of its
 * generic-netlink sockets has joined a multicast group. Read from procfs, so a monitor test acts
 * as soon as the monitor can see the changes instead of sleeping a fixed time first.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

const NETLINK_GENERIC = '16';

/** Inodes of the process's sockets (from /proc/PID/fd); empty once it has gone. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode !== undefined) inodes.add(inode);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/**
 * True when one of the process's generic-netlink sockets has joined a multicast group.
 * /proc/net/netlink shows the first 32 groups (`Groups`, hex); devlink's "config" group is
 * group 8 on the VM's 6.12 kernel.
 */
export function joinedMulticast(pid: number): boolean {
  const inodes = socketInodes(pid);
  if (inodes.size === 0) return false;
  const rows = readFileSync('/proc/net/netlink', 'utf8').trim().split('\n').slice(1);
  return rows.some((row) => {
    const [, protocol, , groups, , , , , , inode] = row.trim().split(/\s+/);
    return protocol === NETLINK_GENERIC && groups !== undefined && !/^0+$/.test(groups) && inode !== undefined && inodes.has(inode);
  });
}

/**
 * Resolves once the child listens to a multicast group, or has exited (its output then says
 * why); throws naming the process if neither happens within `timeoutMs`.
 */
export async function untilListening(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.pid !== undefined && joinedMulticast(child.pid)) return;
    if (Date.now() > deadline) throw new Error(`${child.spawnfile} (pid ${child.pid}) joined no netlink multicast group within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
