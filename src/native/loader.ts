/**
 * The one place that loads the compiled N-API addon (native/netlink_socket.cc).
 *
 * Why a module of its own: everything else depends on the typed {@link NativeNetlinkSocket}
 * interface, not on the binary, so the library can be imported (and unit-tested with a fake
 * transport) on a machine where the addon was never built; the binary is only loaded, once, when a
 * real socket is opened.
 */
import { createRequire } from 'node:module';
import { syncFs } from './sync-fs.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * One AF_NETLINK socket as the addon exposes it: non-blocking, close-on-exec, bound to a
 * kernel-assigned port id. Only moves bytes; framing and parsing are TypeScript's job.
 *
 * System errors thrown by its methods follow Node's convention for fs/net errors: `errno` is the
 * negative errno (e.g. -93), `code` its name (`'EPROTONOSUPPORT'`), `syscall` the failing call
 * (`'socket'`, `'bind'`, `'open'`, `'setns'`, `'setsockopt'`, `'sendto'`, `'recvmsg'`), `path`
 * when a file was involved; the message reads `socket: Protocol not supported`. Using a closed
 * socket throws code `'EBADF'` with a message saying the socket is closed.
 */
export interface NativeNetlinkSocket {
  /** The netlink port id (nl_pid) the kernel assigned at bind time; stays readable after close. */
  readonly portId: number;
  /** True once {@link close} has been called. */
  readonly closed: boolean;
  /** `setsockopt(fd, level, name, &intValue)`: the netlink options and SO_RCVBUF(FORCE) are all ints. */
  setOption(level: number, name: number, value: number): void;
  /** Sends one datagram to the kernel (port 0); returns the number of bytes sent. */
  send(datagram: Uint8Array): number;
  /**
   * Reads one whole datagram (one recvmsg into a 64 KiB buffer: the kernel's messages are at most
   * 32 KiB), or returns null when none is queued. Never blocks. Throws on a socket error, notably
   * ENOBUFS after a receive-buffer overrun (reported once; later reads succeed), and EMSGSIZE when a
   * datagram did not fit (it is lost, never returned cut; the buffer grows for the next one).
   */
  recv(): Buffer | null;
  /**
   * Calls `onReadable` from the event loop whenever datagrams are waiting (level-triggered: it fires
   * again while any are left unread). An `error` argument means polling itself failed. While started,
   * the native object keeps itself from being garbage collected.
   */
  start(onReadable: (error?: NodeJS.ErrnoException) => void): void;
  /** Stops the readable callback; the socket stays open. */
  stop(): void;
  /** Lets a started socket keep the event loop alive (the default, as for any libuv handle). */
  ref(): void;
  /** Lets the process exit even while the socket is started. */
  unref(): void;
  /** Stops polling and closes the fd. Idempotent; also done when the object is garbage collected. */
  close(): void;
}

/** The addon's socket class: `new NetlinkSocket(protocol, netns?)`. */
export interface NativeNetlinkSocketConstructor {
  /**
   * Opens and binds a socket of the given netlink protocol (16 = NETLINK_GENERIC). With `netns`
   * (an absolute path, or a name under /var/run/netns as `ip netns` creates), the socket is created
   * inside that network namespace; the calling thread returns to its own namespace before this
   * returns or throws.
   */
  new (protocol: number, netns?: string): NativeNetlinkSocket;
}

/** What the compiled addon exports. */
export interface NativeAddon {
  readonly NetlinkSocket: NativeNetlinkSocketConstructor;
  /**
   * Sends one datagram to the AF_UNIX datagram socket named as in `$NOTIFY_SOCKET` (a path, or an
   * abstract name starting with `@`; native/sd_notify.cc). Returns the bytes sent, or a NEGATIVE
   * errno (libsystemd's sd_notify convention): the caller decides whether a failure matters.
   * Used through src/daemon/sd-notify.ts, which speaks the protocol.
   */
  sdNotify(address: string, message: Uint8Array): number;
}

/**
 * The package root: the nearest directory above this file that holds binding.gyp. This file is
 * src/native/loader.ts under vitest, dist/native/loader.js when compiled and a chunk in
 * dist/cli-bundle/ when the CLI is bundled (scripts/bundle-cli.mjs), so its depth is not fixed.
 * Without a binding.gyp above (an unusual install), two levels up, where it is in all three.
 */
const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Walks up from `start` to the first directory holding binding.gyp (see {@link packageRoot}). */
function findPackageRoot(start: string): string {
  for (let directory = start; ; ) {
    if (syncFs.existsSync(join(directory, 'binding.gyp'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return join(start, '..', '..');
    directory = parent;
  }
}

/** Where node-gyp puts the addon (binding.gyp target `netlink_socket`). */
export const nativeAddonPath = join(packageRoot, 'build', 'Release', 'netlink_socket.node');

let cached: NativeAddon | undefined;

/** Loads the addon from {@link nativeAddonPath} once and returns it; see {@link loadNativeAddonFrom}. */
export function loadNativeAddon(): NativeAddon {
  cached ??= loadNativeAddonFrom(nativeAddonPath);
  return cached;
}

/**
 * Loads an addon binary from `path` (uncached). Throws an Error that says how to build the addon:
 * code `'MODULE_NOT_FOUND'` when the file is missing, `'ERR_DLOPEN_FAILED'` (original as `cause`)
 * when it does not load, e.g. because it was built for another Node.js, or exports no NetlinkSocket.
 */
export function loadNativeAddonFrom(path: string): NativeAddon {
  const rebuildHint = `build it with "npm install" or "npm rebuild" in ${packageRoot} (needs python3, make and a C++ compiler)`;
  if (!syncFs.existsSync(path)) {
    throw Object.assign(new Error(`devlink-ts native addon is not built (missing ${path}): ${rebuildHint}`), {
      code: 'MODULE_NOT_FOUND',
    });
  }
  let loaded: unknown;
  try {
    loaded = createRequire(import.meta.url)(path);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw Object.assign(new Error(`devlink-ts native addon ${path} failed to load (${reason}): ${rebuildHint}`, { cause }), {
      code: 'ERR_DLOPEN_FAILED',
    });
  }
  if (typeof (loaded as Partial<NativeAddon> | null)?.NetlinkSocket !== 'function') {
    throw Object.assign(new Error(`devlink-ts native addon ${path} does not export NetlinkSocket: ${rebuildHint}`), {
      code: 'ERR_DLOPEN_FAILED',
    });
  }
  return loaded as NativeAddon;
}
