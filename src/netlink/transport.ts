/**
 * The byte boundary between the netlink connection logic and the kernel.
 *
 * Why an interface: the connection (sequence numbers, acks, dumps, multicast) is pure logic over
 * datagrams, so unit tests drive it with a fake kernel that speaks real netlink bytes, while
 * production uses the N-API socket. Nothing above this interface knows which one it has.
 */
export interface NetlinkTransport {
  /** The netlink port id the kernel assigned to this socket (nl_pid after bind). */
  readonly portId: number;

  /** Sends one datagram to the kernel (port 0). Throws a Node-style errno error on failure. */
  send(datagram: Uint8Array): void;

  /**
   * True when requests made in the same event-loop turn may share one datagram (the kernel
   * handles every message of a datagram in turn, answering each on its own). Why optional: the
   * connection then coalesces them into one `send`, one system call instead of one per request;
   * a transport without it gets one `send` per message at the moment it is requested.
   */
  readonly coalescesRequests?: boolean;

  /**
   * Starts delivering received datagrams, each one whole, in arrival order.
   * Receive errors are passed to `onError`; ENOBUFS (receive buffer overrun, messages lost)
   * arrives as an error whose `code` is `'ENOBUFS'` and does not stop delivery.
   */
  start(onDatagram: (datagram: Uint8Array) => void, onError: (error: NodeJS.ErrnoException) => void): void;

  /** Joins a multicast group (NETLINK_ADD_MEMBERSHIP). */
  addMembership(group: number): void;

  /** Leaves a multicast group (NETLINK_DROP_MEMBERSHIP). */
  dropMembership(group: number): void;

  /** Keeps the Node event loop alive while the caller waits for the kernel (requests, subscriptions). */
  ref(): void;

  /** Lets the process exit while nothing is pending, like an idle Node socket that was unref'd. */
  unref(): void;

  /** Closes the socket. Idempotent. */
  close(): void;
}
