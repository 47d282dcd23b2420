import { describeExtack, kernelErrorFor, parseDoneMessage, parseErrorMessage, type ExtackDescribers } from './ack.js';
import {
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_MIN_TYPE,
} from './constants.js';
import {
  NetlinkConnectionClosedError,
  NetlinkDumpInterruptedError,
  NetlinkOverflowError,
  NetlinkProtocolError,
  NetlinkTimeoutError,
  type NetlinkExtendedAck,
} from './errors.js';
import { concatMessages, encodeMessage, parseDatagram, type NetlinkMessage } from './message.js';
import type { NetlinkTransport } from './transport.js';

/** Per-call options for `request` and `dump`. */
export interface RequestOptions extends ExtackDescribers {
  /** Cancels the wait: the promise rejects with `signal.reason`; an already-aborted signal sends nothing. */
  signal?: AbortSignal;
  /** Overrides the connection's timeout for this call (ms; 0 or Infinity = wait forever). */
  timeoutMs?: number;
  /** Extra NLM_F_* flags ORed into the request header (e.g. NLM_F_CREATE, NLM_F_EXCL). */
  flags?: number;
  /**
   * Called when the kernel accepted the request but attached an extended-ACK message (a warning).
   * The same warning is also on the resolved array's `warning` property.
   */
  onWarning?: (warning: NetlinkExtendedAck) => void;
}

/** Options of a NetlinkConnection. */
export interface NetlinkConnectionOptions {
  /** How long a request or a whole dump may wait for its reply, in ms. Default 10000; 0 = forever. */
  timeoutMs?: number;
  /** How many times an interrupted (NLM_F_DUMP_INTR) or overrun dump is restarted. Default 5. */
  dumpRetries?: number;
}

/**
 * The messages a request or dump received. It is an ordinary array of messages; `warning` is set
 * when the kernel accepted the request but sent an extended-ACK message with the ack.
 */
export type NetlinkReply = NetlinkMessage[] & { warning?: NetlinkExtendedAck };

/** What subscribers receive: an unsolicited (multicast) message, or notice that messages were lost. */
export type NetlinkEvent = { kind: 'message'; message: NetlinkMessage } | { kind: 'overflow'; error: Error };

interface Pending {
  readonly kind: 'request' | 'dump';
  readonly type: number;
  readonly flags: number;
  readonly payload: Uint8Array;
  readonly options: RequestOptions;
  readonly resolve: (reply: NetlinkReply) => void;
  readonly reject: (error: unknown) => void;
  seq: number;
  request: Uint8Array;
  replies: NetlinkMessage[];
  interrupted: boolean;
  attempts: number;
  settled: boolean;
  /** The call's time limit in ms (0 or Infinity: none) and when it runs out (performance.now()). */
  timeoutMs: number;
  deadline: number;
  onAbort?: () => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_DUMP_RETRIES = 5;
const MAX_SEQ = 0xffffffff;
/**
 * Largest datagram of coalesced requests. The kernel refuses a datagram larger than the socket's
 * send buffer (net.core.wmem_default, 208 KiB by default); 32 KiB is ~500 typical requests.
 */
const MAX_COALESCED_BYTES = 32 * 1024;

/**
 * A netlink socket as request/response and dump calls plus a multicast event stream.
 *
 * Why: the kernel talks datagrams; callers want promises. This class owns sequence numbers
 * (starting at a random value, wrapping past 2^32-1 to 1, never reusing one in flight), matches
 * replies by sequence number AND the transport's port id, keeps any number of requests in
 * flight, collects dumps until NLMSG_DONE, restarts dumps the kernel marks NLM_F_DUMP_INTR,
 * and decodes NLMSG_ERROR with extended ACK into NetlinkKernelError.
 *
 * Dumps go out one at a time: the kernel runs one dump per socket and refuses another with EBUSY
 * until the running one has sent NLMSG_DONE (so two `listPorts()` at once on one client failed).
 * Further dumps wait in a queue, in call order; their timeout counts from the call. Requests are
 * not queued: the kernel answers them while a dump runs.
 *
 * Routing of received messages: a message with our port id and the sequence number of a call in
 * flight belongs to that call. A message with sequence number 0 or another port id is
 * unsolicited (multicast) and goes to subscribers. A message with our port id and the sequence
 * number of a call that already finished (timed out, aborted, failed by overflow) is a stale
 * reply and is dropped, so it is never mistaken for a notification.
 *
 * Overflow (ENOBUFS from the transport, or any other receive error / corrupt datagram): the
 * kernel dropped messages, possibly replies. Subscribers get `{ kind: 'overflow' }` to
 * resynchronise. A dump in flight is restarted (it only reads; this counts against
 * `dumpRetries`): after an ENOBUFS once its NLMSG_DONE arrives, since the kernel keeps running
 * it (dump parts wait for room, they are not dropped) and would refuse a second one. Other requests in flight are rejected with NetlinkOverflowError (code
 * 'ENOBUFS', `retryable: true`): they may have changed kernel state, so only the caller can
 * decide whether sending them again is safe. The connection stays usable.
 *
 * The transport is ref'd while a call is in flight or a subscriber exists, and unref'd otherwise,
 * so an idle connection does not keep Node alive.
 */
export class NetlinkConnection {
  private readonly transport: NetlinkTransport;
  private readonly timeoutMs: number;
  private readonly dumpRetries: number;
  private readonly pending = new Map<number, Pending>();
  /** The dump the kernel is running for this socket (sent, NLMSG_DONE not yet received). */
  private runningDump: Pending | undefined;
  /** Dumps waiting for {@link runningDump} to finish, in call order. */
  private readonly queuedDumps: Pending[] = [];
  private readonly subscribers = new Set<(event: NetlinkEvent) => void>();
  private seq: number;
  /** Requests of this turn waiting for {@link flushOutbox} (coalescing transports only). */
  private outbox: { pending: Pending; request: Uint8Array }[] = [];
  private referenced = false;
  private closed = false;
  /**
   * One timer for every call's time limit, due at the earliest deadline (see {@link sweepTimeouts}).
   * Why not a timer per call: 1024 calls in flight were 1024 timers armed and cleared.
   */
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private sweepAt = Infinity;

  constructor(transport: NetlinkTransport, options: NetlinkConnectionOptions = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
      throw new RangeError(`netlink timeoutMs must be a number >= 0, got ${String(timeoutMs)}`);
    }
    const dumpRetries = options.dumpRetries ?? DEFAULT_DUMP_RETRIES;
    if (!Number.isInteger(dumpRetries) || dumpRetries < 0) {
      throw new RangeError(`netlink dumpRetries must be an integer >= 0, got ${String(dumpRetries)}`);
    }
    this.transport = transport;
    this.timeoutMs = timeoutMs;
    this.dumpRetries = dumpRetries;
    // Any start in 1..2^31-1 will do (replies are matched by port id too); Math.random rather
    // than node:crypto, whose loading was a sixth of a CLI call's start-up in the VM (issue 16).
    this.seq = 1 + Math.floor(Math.random() * 0x7ffffffe);
    transport.start(
      (datagram) => this.onDatagram(datagram),
      (error) => this.onReceiveError(error),
    );
    transport.unref();
  }

  /** The port id of the underlying socket (what replies carry in nlmsg_pid). */
  get portId(): number {
    return this.transport.portId;
  }

  /** Whether close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Sends a request (NLM_F_REQUEST | NLM_F_ACK | options.flags) and resolves with the data
   * messages received before the kernel's ack. Rejects with NetlinkKernelError on refusal,
   * NetlinkTimeoutError, NetlinkOverflowError, NetlinkConnectionClosedError or `signal.reason`.
   */
  request(type: number, flags: number, payload: Uint8Array, options: RequestOptions = {}): Promise<NetlinkReply> {
    return this.start('request', type, NLM_F_REQUEST | NLM_F_ACK | flags | (options.flags ?? 0), payload, options);
  }

  /**
   * Sends a dump request (NLM_F_REQUEST | NLM_F_DUMP | options.flags) and resolves with every
   * NLM_F_MULTI part up to NLMSG_DONE. An error in NLMSG_DONE (or an NLMSG_ERROR) rejects with
   * NetlinkKernelError; a dump marked NLM_F_DUMP_INTR is restarted whole up to `dumpRetries`
   * times, then rejects with NetlinkDumpInterruptedError.
   */
  dump(type: number, payload: Uint8Array, options: RequestOptions = {}): Promise<NetlinkReply> {
    return this.start('dump', type, NLM_F_REQUEST | NLM_F_DUMP | (options.flags ?? 0), payload, options);
  }

  /**
   * Registers a listener for unsolicited messages and overflow events; returns the unsubscribe
   * function. Joining multicast groups is separate (addMembership).
   */
  subscribe(listener: (event: NetlinkEvent) => void): () => void {
    if (this.closed) throw new NetlinkConnectionClosedError();
    this.subscribers.add(listener);
    this.updateRef();
    return () => {
      this.subscribers.delete(listener);
      this.updateRef();
    };
  }

  /** Joins a multicast group so its messages reach subscribers. */
  addMembership(group: number): void {
    if (this.closed) throw new NetlinkConnectionClosedError();
    this.transport.addMembership(group);
  }

  /** Leaves a multicast group. */
  dropMembership(group: number): void {
    if (this.closed) throw new NetlinkConnectionClosedError();
    this.transport.dropMembership(group);
  }

  /** Closes the socket; every call in flight rejects with NetlinkConnectionClosedError. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const error = new NetlinkConnectionClosedError('netlink connection was closed while the request was waiting for its reply');
    for (const pending of [...this.pending.values(), ...this.queuedDumps]) this.fail(pending, error);
    this.queuedDumps.length = 0;
    this.subscribers.clear();
    this.updateRef();
    this.transport.close();
  }

  private start(
    kind: 'request' | 'dump',
    type: number,
    flags: number,
    payload: Uint8Array,
    options: RequestOptions,
  ): Promise<NetlinkReply> {
    return new Promise<NetlinkReply>((resolve, reject) => {
      if (this.closed) {
        reject(new NetlinkConnectionClosedError());
        return;
      }
      const signal = options.signal;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const pending: Pending = {
        kind,
        type,
        flags,
        payload,
        options,
        resolve,
        reject,
        seq: 0,
        request: new Uint8Array(0),
        replies: [],
        interrupted: false,
        attempts: 0,
        settled: false,
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        deadline: Infinity,
      };
      if (Number.isFinite(pending.timeoutMs) && pending.timeoutMs > 0) {
        pending.deadline = performance.now() + pending.timeoutMs;
        if (pending.deadline < this.sweepAt) this.armSweep(pending.deadline);
      }
      if (signal !== undefined) {
        pending.onAbort = () => this.fail(pending, signal.reason);
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      if (kind === 'dump' && this.runningDump !== undefined) {
        this.queuedDumps.push(pending);
        this.updateRef();
        return;
      }
      if (kind === 'dump') this.runningDump = pending;
      try {
        this.send(pending);
      } catch (error) {
        this.fail(pending, error);
      }
    });
  }

  /** Sends the next queued dump that is still waiting (called when the running one settles). */
  private startNextDump(): void {
    this.runningDump = undefined;
    let next: Pending | undefined;
    while ((next = this.queuedDumps.shift()) !== undefined) {
      if (next.settled) continue; // timed out or aborted while queued
      this.runningDump = next;
      this.retry(next);
      return;
    }
  }

  /**
   * (Re)sends the call with a fresh sequence number: at once, or, on a transport that
   * {@link NetlinkTransport.coalescesRequests coalesces requests}, with every other request of this
   * event-loop turn in one datagram (see {@link flushOutbox}).
   */
  private send(pending: Pending): void {
    this.pending.delete(pending.seq);
    pending.seq = this.nextSeq();
    pending.request = encodeMessage({ type: pending.type, flags: pending.flags, seq: pending.seq, payload: pending.payload });
    pending.replies = [];
    pending.interrupted = false;
    pending.attempts += 1;
    this.pending.set(pending.seq, pending);
    this.updateRef();
    if (this.transport.coalescesRequests !== true) {
      this.transport.send(pending.request);
      return;
    }
    this.outbox.push({ pending, request: pending.request });
    if (this.outbox.length === 1) queueMicrotask(() => this.flushOutbox());
  }

  /**
   * Sends the requests queued in this turn, as few datagrams of at most {@link MAX_COALESCED_BYTES}
   * as they fit in. Why: 1024 `getPort` calls in flight were 1024 system calls; the kernel handles
   * each message of a datagram in turn and answers each on its own, so replies, acks and errors
   * (extended-ACK offsets count from each message's own header) are exactly as if sent apart.
   * Calls that settled before the flush (aborted, timed out, connection closed) are not sent; a
   * send that fails fails the calls whose messages it carried.
   */
  private flushOutbox(): void {
    const queued = this.outbox;
    this.outbox = [];
    let batch: Uint8Array[] = [];
    let owners: Pending[] = [];
    let bytes = 0;
    const flush = (): void => {
      if (batch.length === 0) return;
      const datagram = batch.length === 1 ? (batch[0] as Uint8Array) : concatMessages(batch);
      const sentFor = owners;
      batch = [];
      owners = [];
      bytes = 0;
      try {
        this.transport.send(datagram);
      } catch (error) {
        for (const pending of sentFor) this.fail(pending, error);
      }
    };
    for (const { pending, request } of queued) {
      // Skip calls settled meanwhile, and superseded copies of a call resent since it was queued.
      if (this.closed || pending.settled || pending.request !== request) continue;
      if (bytes + request.length > MAX_COALESCED_BYTES) flush();
      batch.push(request);
      owners.push(pending);
      bytes += request.length;
    }
    flush();
  }

  /** (Re)arms the one timeout timer for `at` (a performance.now() time). */
  private armSweep(at: number): void {
    if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = setTimeout(() => this.sweepTimeouts(), Math.max(0, Math.ceil(at - performance.now())));
  }

  private disarmSweep(): void {
    if (this.sweepTimer !== undefined) clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    this.sweepAt = Infinity;
  }

  /**
   * Fails every call whose deadline has passed with NetlinkTimeoutError and re-arms the timer for
   * the earliest deadline left. A call's deadline is fixed when it starts (a restarted dump keeps
   * it), as a timer per call would have been.
   */
  private sweepTimeouts(): void {
    this.sweepTimer = undefined;
    this.sweepAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    // Queued dumps too: their time runs from the call, as it did with a timer per call.
    for (const pending of [...this.pending.values(), ...this.queuedDumps]) {
      if (pending.settled) continue;
      if (pending.deadline <= now) this.fail(pending, new NetlinkTimeoutError(pending.type, pending.timeoutMs, pending.kind));
      else if (pending.deadline < next) next = pending.deadline;
    }
    if (next < this.sweepAt) this.armSweep(next);
  }

  private nextSeq(): number {
    do {
      this.seq = this.seq >= MAX_SEQ ? 1 : this.seq + 1;
    } while (this.pending.has(this.seq));
    return this.seq;
  }

  private onDatagram(datagram: Uint8Array): void {
    if (this.closed) return;
    let messages: NetlinkMessage[];
    try {
      messages = parseDatagram(datagram);
    } catch (error) {
      this.onLoss(error instanceof Error ? error : new NetlinkProtocolError(String(error)));
      return;
    }
    for (const message of messages) {
      if (this.closed) return;
      try {
        this.route(message);
      } catch (error) {
        // A malformed control message for a call: fail that call, keep the connection.
        const pending = this.pending.get(message.seq);
        if (pending !== undefined && message.portId === this.transport.portId) this.fail(pending, error);
      }
    }
  }

  private route(message: NetlinkMessage): void {
    const ours = message.seq !== 0 && message.portId === this.transport.portId;
    if (!ours) {
      if (message.type >= NLMSG_MIN_TYPE) this.emit({ kind: 'message', message });
      return;
    }
    const pending = this.pending.get(message.seq);
    if (pending === undefined) return; // stale reply to a finished call
    if (message.type === NLMSG_ERROR) {
      const error = parseErrorMessage(message);
      if (error.errno !== 0) {
        this.fail(pending, kernelErrorFor(error.errno, error.extack, pending.request, pending.options));
      } else if (pending.kind === 'request') {
        this.succeed(pending, error.extack);
      }
      return;
    }
    if (message.type === NLMSG_DONE) {
      const done = parseDoneMessage(message);
      if (done.errno !== 0) {
        this.fail(pending, kernelErrorFor(done.errno, done.extack, pending.request, pending.options));
        return;
      }
      if (pending.kind === 'dump') {
        if ((message.flags & NLM_F_DUMP_INTR) !== 0) pending.interrupted = true;
        this.finishDump(pending, done.extack);
      }
      return;
    }
    if (message.type < NLMSG_MIN_TYPE) return; // NOOP, OVERRUN
    if ((message.flags & NLM_F_DUMP_INTR) !== 0) pending.interrupted = true;
    pending.replies.push(message);
  }

  private finishDump(pending: Pending, warning: NetlinkExtendedAck | undefined): void {
    if (!pending.interrupted) {
      this.succeed(pending, warning);
      return;
    }
    if (pending.attempts > this.dumpRetries) {
      this.fail(pending, new NetlinkDumpInterruptedError(pending.type, pending.attempts));
      return;
    }
    this.retry(pending);
  }

  private retry(pending: Pending): void {
    try {
      this.send(pending);
    } catch (error) {
      this.fail(pending, error);
    }
  }

  private onReceiveError(error: NodeJS.ErrnoException): void {
    if (this.closed) return;
    this.onLoss(error.code === 'ENOBUFS' ? new NetlinkOverflowError() : error);
  }

  /** Messages may have been lost: resync subscribers, restart dumps, fail other calls. */
  private onLoss(error: Error): void {
    for (const pending of [...this.pending.values()]) {
      if (pending.kind === 'dump' && pending.attempts <= this.dumpRetries) {
        if (error instanceof NetlinkOverflowError) pending.interrupted = true;
        else this.retry(pending);
      } else if (error instanceof NetlinkOverflowError) {
        this.fail(
          pending,
          new NetlinkOverflowError(
            `netlink receive buffer overflowed (ENOBUFS) while message type ${pending.type} waited for its reply; ` +
              'the reply may have been lost and the request may or may not have been applied',
          ),
        );
      } else {
        this.fail(pending, error);
      }
    }
    this.emit({ kind: 'overflow', error });
  }

  private succeed(pending: Pending, warning: NetlinkExtendedAck | undefined): void {
    if (pending.settled) return;
    const reply: NetlinkReply = pending.replies;
    if (warning !== undefined) {
      const described = describeExtack(warning, pending.request, pending.options) ?? warning;
      reply.warning = described;
      const onWarning = pending.options.onWarning;
      if (onWarning !== undefined) {
        try {
          onWarning(described);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
    this.settle(pending);
    pending.resolve(reply);
  }

  private fail(pending: Pending, error: unknown): void {
    if (pending.settled) return;
    this.settle(pending);
    pending.reject(error);
  }

  private settle(pending: Pending): void {
    pending.settled = true;
    if (this.pending.get(pending.seq) === pending) this.pending.delete(pending.seq);
    if (this.runningDump === pending && !this.closed) this.startNextDump();
    if (this.pending.size === 0 && this.queuedDumps.length === 0 && this.sweepTimer !== undefined) this.disarmSweep();
    if (pending.onAbort !== undefined) pending.options.signal?.removeEventListener('abort', pending.onAbort);
    this.updateRef();
  }

  private emit(event: NetlinkEvent): void {
    for (const listener of [...this.subscribers]) {
      try {
        listener(event);
      } catch (error) {
        // A listener's bug must not corrupt the connection's state; surface it like an emitter would.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private updateRef(): void {
    const wanted = !this.closed && (this.pending.size > 0 || this.queuedDumps.length > 0 || this.subscribers.size > 0);
    if (wanted === this.referenced) return;
    this.referenced = wanted;
    if (wanted) this.transport.ref();
    else this.transport.unref();
  }
}
