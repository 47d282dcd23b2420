import { AttributeWriter, parseAttributes, type NetlinkAttribute } from '../../src/netlink/attributes.js';
import { readString, readU16 } from '../../src/netlink/attribute-values.js';
import { HOST_LITTLE_ENDIAN } from '../../src/netlink/byte-order.js';
import { concatMessages, parseDatagram, type NetlinkMessage } from '../../src/netlink/message.js';
import {
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  NLMSG_MIN_TYPE,
} from '../../src/netlink/constants.js';
import type { NetlinkTransport } from '../../src/netlink/transport.js';
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_HDRSIZE,
  CTRL_ATTR_MAXATTR,
  CTRL_ATTR_MCAST_GRP_ID,
  CTRL_ATTR_MCAST_GRP_NAME,
  CTRL_ATTR_MCAST_GROUPS,
  CTRL_ATTR_OP_FLAGS,
  CTRL_ATTR_OP_ID,
  CTRL_ATTR_OPS,
  CTRL_ATTR_VERSION,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_NEWFAMILY,
  GENL_ATTRIBUTES_OFFSET,
  GENL_ID_CTRL,
} from '../../src/genl/constants.js';
import { parseGenlMessage, type GenlMessage } from '../../src/genl/header.js';
import type { GenlFamily } from '../../src/genl/family.js';
import {
  ackMessage,
  doneMessage,
  errorMessage,
  genlMessage,
  type ErrnoLike,
  type ExtackSpec,
} from './netlink-builders.js';

/**
 * A fake Linux kernel at the netlink byte boundary, for unit tests without a VM.
 *
 * Why: the connection, genl and devlink layers must be tested end to end against real netlink
 * bytes (acks, errors with extended ACK, multipart dumps over several datagrams, DUMP_INTR,
 * multicast, ENOBUFS) including the timing of a real socket (replies arrive asynchronously,
 * never inside `send`). The fake hands out `NetlinkTransport`s with distinct port ids, answers
 * the generic netlink controller (nlctrl) for every registered family, and passes other
 * requests to per-family handlers.
 *
 * Usage:
 * ```ts
 * const kernel = new FakeKernel();
 * const family = kernel.registerFamily({
 *   name: 'devlink', version: 1, multicastGroups: ['config'],
 *   handler: (req) => {
 *     if (req.command === 1 && req.isDump) {
 *       req.reply(3, new AttributeWriter().string(1, 'pci').finish());
 *     } else {
 *       req.fail('EOPNOTSUPP', { message: 'not here', offset: req.attributes[0]?.offset });
 *     }
 *   },
 * });
 * const genl = GenlConnection.open(kernel.openTransport());
 * kernel.multicast(family, 'config', 3, attrs);   // a notification to joined sockets
 * kernel.requests;                                 // every request, with its exact bytes
 * ```
 */
export class FakeKernel {
  /** Every request message received, in order, with its exact bytes. */
  readonly requests: FakeLoggedRequest[] = [];
  private readonly families = new Map<number, FakeFamily>();
  private readonly handlers = new Map<number, FakeFamilyHandler>();
  private readonly transports = new Set<FakeTransport>();
  private readonly pendingInterrupts = new Map<number, number>();
  private nextPortId = 4001;
  private nextFamilyId = 0x14;
  private nextGroupId = 2;

  constructor() {
    this.families.set(GENL_ID_CTRL, {
      id: GENL_ID_CTRL,
      name: 'nlctrl',
      version: 2,
      headerSize: 0,
      maxAttribute: 10,
      multicastGroups: new Map([['notify', GENL_ID_CTRL]]),
      operations: new Map([[CTRL_CMD_GETFAMILY, 0x0e]]),
    });
  }

  /** Opens a fake socket with a fresh port id (like socket()+bind()). */
  openTransport(options: FakeTransportOptions = {}): FakeTransport {
    const transport = new FakeTransport(this, this.nextPortId++, options);
    this.transports.add(transport);
    return transport;
  }

  /**
   * Registers a generic netlink family; nlctrl will describe it (id, version, hdrsize, maxattr,
   * ops, multicast groups) and its requests go to `handler` (none: every command is EOPNOTSUPP).
   */
  registerFamily(definition: FakeFamilyDefinition): FakeFamily {
    for (const existing of this.families.values()) {
      if (existing.name === definition.name) throw new Error(`fake kernel: family "${definition.name}" already registered`);
    }
    const id = definition.id ?? this.nextFamilyId++;
    const groups = new Map<string, number>();
    for (const name of definition.multicastGroups ?? []) {
      if (this.nextGroupId === GENL_ID_CTRL) this.nextGroupId++;
      groups.set(name, this.nextGroupId++);
    }
    const family: FakeFamily = {
      id,
      name: definition.name,
      version: definition.version ?? 1,
      headerSize: definition.headerSize ?? 0,
      maxAttribute: definition.maxAttribute ?? 0,
      multicastGroups: groups,
      operations: new Map((definition.operations ?? []).map((op) => [op.id, op.flags ?? 0])),
    };
    this.families.set(id, family);
    if (definition.handler !== undefined) this.handlers.set(id, definition.handler);
    return family;
  }

  /** Replaces (or sets) the request handler of a registered family. */
  setHandler(family: FakeFamily | string, handler: FakeFamilyHandler): void {
    this.handlers.set(this.family(family).id, handler);
  }

  /** Removes a family (later lookups answer ENOENT), like unloading its module. */
  unregisterFamily(family: FakeFamily | string): void {
    const id = this.family(family).id;
    this.families.delete(id);
    this.handlers.delete(id);
  }

  /** Looks up a registered family by name (or returns the given one); throws if unknown. */
  family(family: FakeFamily | string): FakeFamily {
    if (typeof family !== 'string') return family;
    for (const f of this.families.values()) if (f.name === family) return f;
    throw new Error(`fake kernel: no family "${family}" registered`);
  }

  /** Marks the next `count` dumps of `family` as interrupted (NLM_F_DUMP_INTR on every part and DONE). */
  interruptDumps(family: FakeFamily | string, count: number): void {
    this.pendingInterrupts.set(this.family(family).id, count);
  }

  /**
   * Multicasts a genl message (seq 0, port id 0, like kernel notifications) to every open
   * transport that joined `groupName` of `family`. Returns how many sockets received it.
   */
  multicast(
    family: FakeFamily | string,
    groupName: string,
    command: number,
    attributes: Uint8Array,
    header: { seq?: number; portId?: number; flags?: number } = {},
  ): number {
    const f = this.family(family);
    const group = f.multicastGroups.get(groupName);
    if (group === undefined) throw new Error(`fake kernel: family "${f.name}" has no group "${groupName}"`);
    return this.multicastRaw(group, genlMessage(f.id, command, attributes, { version: f.version, ...header }));
  }

  /** Multicasts raw datagram bytes to the members of a group id. Returns the receiver count. */
  multicastRaw(group: number, datagram: Uint8Array): number {
    let receivers = 0;
    for (const transport of this.transports) {
      if (transport.memberships.has(group)) {
        transport.deliver(datagram);
        receivers++;
      }
    }
    return receivers;
  }

  /**
   * Simulates a receive-buffer overrun on `transport`: its next receive reports ENOBUFS.
   * With `dropQueued`, datagrams not yet delivered are lost first, as the kernel drops them.
   */
  injectOverflow(transport: FakeTransport, options: { dropQueued?: boolean } = {}): void {
    transport.overflow(options.dropQueued ?? false);
  }

  /** The transports currently open. */
  openTransports(): FakeTransport[] {
    return [...this.transports];
  }

  /** @internal called by FakeTransport.close */
  forget(transport: FakeTransport): void {
    this.transports.delete(transport);
  }

  /** @internal called by FakeTransport.send: processes the datagram after the current task, like a syscall would. */
  receive(transport: FakeTransport, datagram: Uint8Array): void {
    let messages: NetlinkMessage[];
    try {
      messages = parseDatagram(datagram);
    } catch {
      return; // the real kernel silently drops malformed datagrams
    }
    let position = 0;
    for (const message of messages) {
      const length = 16 + message.payload.length;
      const bytes = datagram.slice(position, position + length);
      position += (length + 3) & ~3;
      const entry: FakeLoggedRequest = { portId: transport.portId, datagram, bytes, message };
      if (message.type >= NLMSG_MIN_TYPE && message.payload.length >= 4) entry.genl = parseGenlMessage(message);
      this.requests.push(entry);
      if ((message.flags & NLM_F_REQUEST) === 0 || message.type < NLMSG_MIN_TYPE) continue;
      void this.dispatch(transport, message, bytes);
    }
  }

  private async dispatch(transport: FakeTransport, message: NetlinkMessage, bytes: Uint8Array): Promise<void> {
    const family = this.families.get(message.type);
    if (family === undefined) {
      transport.deliver(errorMessage(bytes, 'ENOENT', { capped: transport.capAck, portId: transport.portId }));
      return;
    }
    let genl: GenlMessage;
    let attributes: NetlinkAttribute[];
    try {
      genl = parseGenlMessage(message);
      attributes = parseAttributes(genl.attributes, GENL_ATTRIBUTES_OFFSET);
    } catch {
      transport.deliver(errorMessage(bytes, 'EINVAL', { capped: transport.capAck, portId: transport.portId }));
      return;
    }
    const request = new FakeRequest(transport, family, message, bytes, genl, attributes);
    if (request.isDump) {
      // The kernel runs one dump per socket (netlink_dump_start: EBUSY while one is running).
      if (transport.dumpRunning) {
        transport.deliver(errorMessage(bytes, 'EBUSY', { capped: transport.capAck, portId: transport.portId }));
        return;
      }
      transport.dumpRunning = true;
    }
    const interrupts = this.pendingInterrupts.get(family.id) ?? 0;
    if (request.isDump && interrupts > 0) {
      this.pendingInterrupts.set(family.id, interrupts - 1);
      request.interrupt();
    }
    try {
      if (family.id === GENL_ID_CTRL) this.controller(request);
      else {
        const handler = this.handlers.get(family.id);
        if (handler === undefined) request.fail('EOPNOTSUPP');
        else await handler(request);
      }
    } catch (error) {
      if (!(error instanceof FakeKernelError)) throw error;
      request.fail(error.errno, error.extack);
    }
    request.commit();
  }

  /** The built-in nlctrl: GETFAMILY by name or id, or a dump of all families. */
  private controller(request: FakeRequest): void {
    if (request.command !== CTRL_CMD_GETFAMILY) {
      request.fail('EOPNOTSUPP');
      return;
    }
    if (request.isDump) {
      for (const family of this.families.values()) request.reply(CTRL_CMD_NEWFAMILY, describeFamily(family), { version: 2 });
      return;
    }
    let found: FakeFamily | undefined;
    const nameAttribute = request.attribute(CTRL_ATTR_FAMILY_NAME);
    const idAttribute = request.attribute(CTRL_ATTR_FAMILY_ID);
    if (nameAttribute !== undefined) {
      const name = readString(nameAttribute);
      found = [...this.families.values()].find((f) => f.name === name);
    } else if (idAttribute !== undefined) {
      found = this.families.get(readU16(idAttribute));
    } else {
      request.fail('EINVAL');
      return;
    }
    if (found === undefined) {
      request.fail('ENOENT');
      return;
    }
    request.reply(CTRL_CMD_NEWFAMILY, describeFamily(found), { version: 2 });
  }
}

/** The attributes nlctrl sends for a family (kernel order: name, id, version, hdrsize, maxattr, ops, groups). */
function describeFamily(family: FakeFamily): Uint8Array {
  const w = new AttributeWriter()
    .string(CTRL_ATTR_FAMILY_NAME, family.name)
    .u16(CTRL_ATTR_FAMILY_ID, family.id)
    .u32(CTRL_ATTR_VERSION, family.version)
    .u32(CTRL_ATTR_HDRSIZE, family.headerSize)
    .u32(CTRL_ATTR_MAXATTR, family.maxAttribute);
  if (family.operations.size > 0) {
    w.nested(CTRL_ATTR_OPS, (ops) => {
      let index = 1;
      for (const [id, flags] of family.operations) {
        ops.nested(index++, (op) => op.u32(CTRL_ATTR_OP_ID, id).u32(CTRL_ATTR_OP_FLAGS, flags));
      }
    });
  }
  if (family.multicastGroups.size > 0) {
    w.nested(CTRL_ATTR_MCAST_GROUPS, (groups) => {
      let index = 1;
      for (const [name, id] of family.multicastGroups) {
        groups.nested(index++, (g) => g.u32(CTRL_ATTR_MCAST_GRP_ID, id).string(CTRL_ATTR_MCAST_GRP_NAME, name));
      }
    });
  }
  return w.finish();
}

/** How a fake family is declared. */
export interface FakeFamilyDefinition {
  name: string;
  /** Fixed family id (default: allocated from 0x14 up). */
  id?: number;
  /** Default 1. */
  version?: number;
  headerSize?: number;
  maxAttribute?: number;
  /** Group names; ids are allocated by the fake. */
  multicastGroups?: readonly string[];
  /** Operations nlctrl advertises. */
  operations?: readonly { id: number; flags?: number }[];
  handler?: FakeFamilyHandler;
}

/** A registered family as nlctrl describes it: what the client's resolveFamily returns. */
export type FakeFamily = GenlFamily;

/**
 * Handles one request of a family by calling `reply`/`fail`/`warn`/... on it; may be async (its
 * replies are sent when it settles, so async handlers can answer out of order). Throwing a
 * FakeKernelError is the same as `fail`; any other throw is a test bug and propagates.
 */
export type FakeFamilyHandler = (request: FakeRequest) => void | Promise<void>;

/** A request as logged by the fake kernel. */
export interface FakeLoggedRequest {
  /** The sender's port id. */
  portId: number;
  /** The whole datagram the message came in. */
  datagram: Uint8Array;
  /** Exactly this message's bytes (nlmsg_len long). */
  bytes: Uint8Array;
  message: NetlinkMessage;
  /** The genl view, when the message had a genl header. */
  genl?: GenlMessage;
}

/** Throw from a handler to refuse the request with an errno and extended ACK. */
export class FakeKernelError extends Error {
  constructor(
    readonly errno: ErrnoLike,
    readonly extack?: ExtackSpec,
  ) {
    super(`fake kernel error ${String(errno)}${extack?.message !== undefined ? `: ${extack.message}` : ''}`);
    this.name = 'FakeKernelError';
  }
}

type Outgoing = { kind: 'data'; bytes: Uint8Array } | { kind: 'raw'; datagram: Uint8Array };

/**
 * One request being answered. A handler describes the answer; the fake turns it into datagrams
 * like the kernel: for a do-request each reply in its own datagram, then the ack (if NLM_F_ACK)
 * or the error; for a dump, NLM_F_MULTI parts `partsPerDatagram` to a datagram, NLMSG_DONE
 * appended to the last one.
 */
export class FakeRequest {
  /** The genl command. */
  readonly command: number;
  /** Whether NLM_F_DUMP was set. */
  readonly isDump: boolean;
  /** Dump parts per datagram (default: all in one). */
  partsPerDatagram = Number.POSITIVE_INFINITY;
  private readonly outgoing: Outgoing[] = [];
  private error?: { errno: ErrnoLike; extack?: ExtackSpec; capped?: boolean };
  private doneError?: { errno: ErrnoLike; extack?: ExtackSpec };
  private warning?: string;
  private interrupted = false;
  private silenced = false;
  private overflowed = false;
  private committed = false;

  constructor(
    /** The socket that sent the request. */
    readonly transport: FakeTransport,
    /** The family addressed. */
    readonly family: FakeFamily,
    /** The netlink message. */
    readonly message: NetlinkMessage,
    /** The request's exact bytes (for offsets in extended ACK: offsets count from byte 0 here). */
    readonly bytes: Uint8Array,
    /** The genl view of the message. */
    readonly genl: GenlMessage,
    /** Top-level attributes; each `offset` counts from the start of `bytes`. */
    readonly attributes: NetlinkAttribute[],
  ) {
    this.command = genl.command;
    this.isDump = (message.flags & NLM_F_DUMP) === NLM_F_DUMP;
  }

  /** The first top-level attribute of `type`, if any. */
  attribute(type: number): NetlinkAttribute | undefined {
    return this.attributes.find((a) => a.type === type);
  }

  /** Adds a data message (genl `command`, these attribute bytes) to the answer. */
  reply(command: number, attributes: Uint8Array, options: { flags?: number; version?: number } = {}): this {
    const flags = (this.isDump ? NLM_F_MULTI : 0) | (options.flags ?? 0);
    this.outgoing.push({
      kind: 'data',
      bytes: genlMessage(this.family.id, command, attributes, {
        seq: this.message.seq,
        portId: this.transport.portId,
        flags,
        version: options.version ?? this.family.version,
      }),
    });
    return this;
  }

  /** Adds an arbitrary datagram (e.g. malformed bytes) to the answer, in order. */
  raw(datagram: Uint8Array): this {
    this.outgoing.push({ kind: 'raw', datagram });
    return this;
  }

  /**
   * Refuses the request with NLMSG_ERROR (errno and optional extended ACK). Data replies already
   * added are discarded, as the kernel sends none on error. `capped` defaults to the socket's
   * NETLINK_CAP_ACK setting.
   */
  fail(errno: ErrnoLike, extack?: ExtackSpec, options: { capped?: boolean } = {}): void {
    this.error = { errno, ...(extack !== undefined ? { extack } : {}), ...(options.capped !== undefined ? { capped: options.capped } : {}) };
  }

  /** Ends a dump with an error status in NLMSG_DONE (after the parts already added). */
  failDone(errno: ErrnoLike, extack?: ExtackSpec): void {
    this.doneError = { errno, ...(extack !== undefined ? { extack } : {}) };
  }

  /** Accepts the request but attaches an extended-ACK warning message to the ack. */
  warn(message: string): void {
    this.warning = message;
  }

  /** Marks this dump interrupted: NLM_F_DUMP_INTR on every part and on DONE. */
  interrupt(): void {
    this.interrupted = true;
  }

  /** Sends nothing at all (the request is lost, e.g. to test timeouts). */
  silence(): void {
    this.silenced = true;
  }

  /**
   * Loses the whole answer because the socket's receive buffer is full: instead of the replies
   * the socket reports ENOBUFS, as the kernel does when it drops a datagram.
   */
  overflow(): void {
    this.overflowed = true;
  }

  /** @internal turns the described answer into datagrams and queues them on the socket. */
  commit(): void {
    if (this.committed) return;
    this.committed = true;
    if (this.silenced || this.overflowed) {
      if (this.isDump) this.transport.dumpRunning = false; // a lost answer (test-only): no dump left running
      if (this.overflowed) this.transport.overflow(false);
      return;
    }
    const capped = this.error?.capped ?? this.transport.capAck;
    if (this.error !== undefined) {
      for (const out of this.outgoing) if (out.kind === 'raw') this.transport.deliver(out.datagram);
      this.transport.deliver(
        errorMessage(this.bytes, this.error.errno, { capped, portId: this.transport.portId, ...this.extackOption(this.error.extack) }),
        { endsDump: this.isDump },
      );
      return;
    }
    if (!this.isDump) {
      for (const out of this.outgoing) this.transport.deliver(out.kind === 'data' ? out.bytes : out.datagram);
      if ((this.message.flags & NLM_F_ACK) !== 0) {
        this.transport.deliver(ackMessage(this.bytes, this.transport.extAck ? this.warning : undefined, this.transport.portId));
      }
      return;
    }
    const intr = this.interrupted ? NLM_F_DUMP_INTR : 0;
    let batch: Uint8Array[] = [];
    const flush = (): void => {
      if (batch.length > 0) this.transport.deliver(concatMessages(batch));
      batch = [];
    };
    for (const out of this.outgoing) {
      if (out.kind === 'raw') {
        flush();
        this.transport.deliver(out.datagram);
        continue;
      }
      if (intr !== 0) setFlags(out.bytes, intr);
      batch.push(out.bytes);
      if (batch.length >= this.partsPerDatagram) flush();
    }
    batch.push(
      doneMessage(this.message.seq, this.transport.portId, {
        flags: intr,
        ...(this.doneError !== undefined ? { errno: this.doneError.errno, ...this.extackOption(this.doneError.extack) } : {}),
      }),
    );
    if (batch.length > 0) this.transport.deliver(concatMessages(batch), { endsDump: true });
  }

  private extackOption(extack: ExtackSpec | undefined): { extack?: ExtackSpec } {
    return extack !== undefined && this.transport.extAck ? { extack } : {};
  }
}

function setFlags(message: Uint8Array, flags: number): void {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  view.setUint16(6, view.getUint16(6, HOST_LITTLE_ENDIAN) | flags, HOST_LITTLE_ENDIAN);
}

/** Socket options of a fake transport (our real sockets set both). */
export interface FakeTransportOptions {
  /** NETLINK_CAP_ACK: errors echo only the request header. Default true. */
  capAck?: boolean;
  /** NETLINK_EXT_ACK: errors and acks carry extended ACK TLVs. Default true. */
  extAck?: boolean;
}

type Delivery = { kind: 'datagram'; datagram: Uint8Array; endsDump: boolean } | { kind: 'error'; error: NodeJS.ErrnoException };

/**
 * A fake netlink socket. Sent datagrams reach the FakeKernel in a microtask; datagrams to it
 * are queued and delivered in order on a later macrotask (setImmediate), like a real socket's
 * readable callback. Exposes its state (`referenced`, `memberships`, `closed`) for assertions.
 */
export class FakeTransport implements NetlinkTransport {
  /** Joined multicast group ids. */
  readonly memberships = new Set<number>();
  /** Whether the transport currently keeps the event loop alive (last ref/unref call). */
  referenced = true;
  /** Whether close() was called. */
  closed = false;
  /** NETLINK_CAP_ACK in effect. */
  readonly capAck: boolean;
  /** NETLINK_EXT_ACK in effect. */
  readonly extAck: boolean;
  /** Every datagram sent through this transport. */
  readonly sent: Uint8Array[] = [];
  /**
   * A dump is running for this socket: from its request until the reader gets the datagram that
   * ends it (as the kernel's cb_running, cleared by the read that makes NLMSG_DONE). Another dump
   * meanwhile is refused with EBUSY.
   */
  dumpRunning = false;
  private readonly queue: Delivery[] = [];
  private onDatagram?: (datagram: Uint8Array) => void;
  private onError?: (error: NodeJS.ErrnoException) => void;
  private flushScheduled = false;

  constructor(
    private readonly kernel: FakeKernel,
    /** The port id "bound" by this socket. */
    readonly portId: number,
    options: FakeTransportOptions = {},
  ) {
    this.capAck = options.capAck ?? true;
    this.extAck = options.extAck ?? true;
  }

  send(datagram: Uint8Array): void {
    if (this.closed) throw errnoError('EBADF', 9, 'send');
    const copy = datagram.slice();
    this.sent.push(copy);
    queueMicrotask(() => {
      if (!this.closed) this.kernel.receive(this, copy);
    });
  }

  start(onDatagram: (datagram: Uint8Array) => void, onError: (error: NodeJS.ErrnoException) => void): void {
    this.onDatagram = onDatagram;
    this.onError = onError;
    this.scheduleFlush();
  }

  addMembership(group: number): void {
    if (this.closed) throw errnoError('EBADF', 9, 'setsockopt');
    this.memberships.add(group);
  }

  dropMembership(group: number): void {
    if (this.closed) throw errnoError('EBADF', 9, 'setsockopt');
    this.memberships.delete(group);
  }

  ref(): void {
    this.referenced = true;
  }

  unref(): void {
    this.referenced = false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.kernel.forget(this);
  }

  /** Queues a datagram for this socket (delivered asynchronously, in order); `endsDump` for a dump's last one. */
  deliver(datagram: Uint8Array, options: { endsDump?: boolean } = {}): void {
    if (this.closed) return;
    this.queue.push({ kind: 'datagram', datagram: datagram.slice(), endsDump: options.endsDump ?? false });
    this.scheduleFlush();
  }

  /** Number of datagrams queued but not yet delivered. */
  get queued(): number {
    return this.queue.length;
  }

  /** @internal see FakeKernel.injectOverflow */
  overflow(dropQueued: boolean): void {
    if (this.closed) return;
    if (dropQueued) this.queue.length = 0;
    this.queue.push({ kind: 'error', error: errnoError('ENOBUFS', 105, 'recvmsg') });
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.onDatagram === undefined || this.queue.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      while (!this.closed && this.queue.length > 0) {
        const next = this.queue.shift() as Delivery;
        if (next.kind === 'datagram') {
          if (next.endsDump) this.dumpRunning = false;
          this.onDatagram?.(next.datagram);
        }
        else this.onError?.(next.error);
      }
    });
  }
}

function errnoError(code: string, errno: number, syscall: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${syscall} ${code}`);
  error.code = code;
  error.errno = errno;
  error.syscall = syscall;
  return error;
}
