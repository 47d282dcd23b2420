/**
 * The production {@link NetlinkTransport}: a real kernel netlink socket through the N-API addon.
 *
 * Why a class over the native interface rather than the addon itself: it adapts the addon's
 * "socket is readable" callback into the transport's "here is each datagram" contract (draining the
 * socket, turning ENOBUFS into a reported, non-fatal error), and it takes the native socket as a
 * constructor argument so that logic can be exercised without a kernel.
 */
import { loadNativeAddon, type NativeNetlinkSocket } from '../native/loader.js';
import {
  NETLINK_ADD_MEMBERSHIP,
  NETLINK_CAP_ACK,
  NETLINK_DROP_MEMBERSHIP,
  NETLINK_EXT_ACK,
  NETLINK_GENERIC,
  NETLINK_GET_STRICT_CHK,
  SOL_NETLINK,
} from './constants.js';
import { DEFAULT_RECEIVE_BUFFER_BYTES, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE } from './socket-options.js';
import type { NetlinkTransport } from './transport.js';

/**
 * Most datagrams read per readable event. Why a bound: a flood of notifications must not keep the
 * event loop inside one callback forever; the readable callback is level-triggered, so whatever is
 * left is read on the next loop turn, after timers and other I/O had their chance.
 */
export const MAX_DATAGRAMS_PER_WAKEUP = 1024;

/** Options for {@link openSocketTransport}. */
export interface SocketTransportOptions {
  /** Netlink protocol number; default NETLINK_GENERIC (16), which devlink lives on. */
  protocol?: number;
  /**
   * Network namespace to open the socket in: an absolute path (e.g. `/proc/1234/ns/net`) or a name
   * under /var/run/netns as `ip netns add` creates. Default: the caller's namespace. devlink
   * instances belong to a namespace, so tools managing devices moved into one need this.
   */
  netns?: string;
  /**
   * Receive buffer size in bytes; default {@link DEFAULT_RECEIVE_BUFFER_BYTES}. Set with
   * SO_RCVBUFFORCE (needs CAP_NET_ADMIN), falling back to SO_RCVBUF (capped by net.core.rmem_max).
   */
  receiveBufferBytes?: number;
}

/**
 * Opens a netlink socket ready for request/ack traffic: extended ACKs on (the kernel explains its
 * refusals), capped ACKs on (errors do not echo whole requests back), strict checking on (the kernel
 * rejects malformed dump requests instead of ignoring filters), and a generous receive buffer.
 * Throws the addon's Node-style errors (`code`, negative `errno`, `syscall`), e.g. code ENOENT with
 * syscall 'open' for a namespace that does not exist.
 */
export function openSocketTransport(options: SocketTransportOptions = {}): SocketTransport {
  const protocol = options.protocol ?? NETLINK_GENERIC;
  const receiveBufferBytes = options.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER_BYTES;
  if (!Number.isInteger(receiveBufferBytes) || receiveBufferBytes <= 0 || receiveBufferBytes > 0x3fffffff) {
    throw new RangeError(`receiveBufferBytes must be an integer from 1 to ${0x3fffffff}, got ${receiveBufferBytes}`);
  }
  const { NetlinkSocket } = loadNativeAddon();
  const socket = new NetlinkSocket(protocol, options.netns);
  try {
    socket.setOption(SOL_NETLINK, NETLINK_EXT_ACK, 1);
    socket.setOption(SOL_NETLINK, NETLINK_CAP_ACK, 1);
    socket.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
    try {
      socket.setOption(SOL_SOCKET, SO_RCVBUFFORCE, receiveBufferBytes);
    } catch {
      socket.setOption(SOL_SOCKET, SO_RCVBUF, receiveBufferBytes);
    }
  } catch (error) {
    socket.close();
    throw error;
  }
  return new SocketTransport(socket);
}

/**
 * {@link NetlinkTransport} over one native netlink socket. Starts unref'd: an idle socket does not
 * keep the process alive; the connection calls {@link ref} while requests or subscriptions are
 * pending.
 */
export class SocketTransport implements NetlinkTransport {
  readonly #socket: NativeNetlinkSocket;
  #started = false;
  /**
   * The socket's port id, read once: it is fixed at bind time, and the connection compares it
   * with every message it receives (an addon getter call per message was ~5% of 1024 `getPort`
   * in flight in a VM profile, issue 16).
   */
  readonly #portId: number;

  /** Wraps an already opened native socket (see {@link openSocketTransport}); takes ownership of it. */
  constructor(socket: NativeNetlinkSocket) {
    this.#socket = socket;
    this.#portId = socket.portId;
    this.#socket.unref();
  }

  /** The port id the kernel assigned to this socket. */
  get portId(): number {
    return this.#portId;
  }

  /** True once {@link close} has been called. */
  get closed(): boolean {
    return this.#socket.closed;
  }

  /** The kernel takes many requests in one datagram: the connection coalesces each turn's requests. */
  readonly coalescesRequests = true;

  /** Sends one datagram to the kernel; throws the addon's errno error (code EBADF once closed). */
  send(datagram: Uint8Array): void {
    this.#socket.send(datagram);
  }

  /**
   * Delivers every datagram as it arrives, in arrival order. Each time the socket turns readable it
   * is drained (up to {@link MAX_DATAGRAMS_PER_WAKEUP} datagrams, the rest on the next loop turn).
   * ENOBUFS (the receive buffer overran and messages were lost) goes to `onError` and reading goes
   * on; any other receive error goes to `onError` and reading resumes at the next readable event.
   * Throws if already started or closed.
   */
  start(onDatagram: (datagram: Uint8Array) => void, onError: (error: NodeJS.ErrnoException) => void): void {
    if (this.#started) throw new Error('SocketTransport.start: already started');
    this.#socket.start((pollError) => {
      if (pollError !== undefined) {
        onError(pollError);
        return;
      }
      this.#drain(onDatagram, onError);
    });
    this.#started = true;
  }

  #drain(onDatagram: (datagram: Uint8Array) => void, onError: (error: NodeJS.ErrnoException) => void): void {
    // A handler may close the transport; check before every read.
    for (let read = 0; read < MAX_DATAGRAMS_PER_WAKEUP && !this.#socket.closed; read++) {
      let datagram: Buffer | null;
      try {
        datagram = this.#socket.recv();
      } catch (error) {
        const errnoError = error as NodeJS.ErrnoException;
        onError(errnoError);
        if (errnoError.code === 'ENOBUFS') continue;
        return;
      }
      if (datagram === null) return;
      onDatagram(datagram);
    }
  }

  /** Joins a multicast group (NETLINK_ADD_MEMBERSHIP), e.g. devlink's "config" group id. */
  addMembership(group: number): void {
    this.#socket.setOption(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
  }

  /** Leaves a multicast group (NETLINK_DROP_MEMBERSHIP). */
  dropMembership(group: number): void {
    this.#socket.setOption(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group);
  }

  /** Keeps the event loop alive while started (something is pending). */
  ref(): void {
    this.#socket.ref();
  }

  /** Lets the process exit while nothing is pending. */
  unref(): void {
    this.#socket.unref();
  }

  /** Closes the socket. Idempotent. */
  close(): void {
    this.#socket.close();
  }
}
