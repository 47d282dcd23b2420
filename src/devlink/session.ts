/**
 * The devlink request machinery shared by every object module: one genl connection, the family
 * resolved once, requests and dumps encoded from attribute objects and decoded against the spec,
 * with extended-ACK offsets turned into attribute paths.
 *
 * Why a separate class: the object modules (ports, rates, params...) stay small and declarative —
 * they say which command and which attributes, this says how.
 */
import type { GenlConnection, GenlReply } from '../genl/connection.js';
import type { GenlFamily } from '../genl/family.js';
import type { GenlMessage } from '../genl/header.js';
import type { RequestOptions } from '../netlink/connection.js';
import type { NetlinkExtendedAck } from '../netlink/errors.js';
import { decodeAttributes, encodeAttributes, type AttributeTree, type EncodeObject } from './codec.js';
import { DevlinkReplyError } from './errors.js';
import { describeDevlinkMissing, describeDevlinkOffset } from './extack.js';
import { commandName, DEVLINK_CMD, DEVLINK_MCGRP_CONFIG } from './spec/commands.js';
import type { CallOptions } from './types.js';

/** A decoded devlink message: its command and attribute tree. */
export interface DevlinkMessage {
  readonly command: number;
  readonly attributes: AttributeTree;
  /** The attribute bytes as received, for order-sensitive readers (health fmsg). */
  readonly bytes: Uint8Array;
}

/** Nests whose content depends on the command: selftests-run replies carry results, not ids. */
const REPLY_NEST_OVERRIDES: Readonly<Record<number, Readonly<Record<string, string>>>> = {
  [DEVLINK_CMD['selftests-run']]: { selftests: 'dl-selftest-result' },
};

/** Decodes one genl message of the devlink family. */
export function decodeDevlinkMessage(message: GenlMessage): DevlinkMessage {
  return {
    command: message.command,
    attributes: decodeAttributes(message.attributes, 'devlink', message.attributesOffset, REPLY_NEST_OVERRIDES[message.command]),
    bytes: message.attributes,
  };
}

/** One devlink conversation over a genl connection. */
export class DevlinkSession {
  private configMembers = 0;
  private readonly closers = new Set<() => void>();
  private closed = false;
  /**
   * The request options of a call without options of its own, made once: the connection only
   * reads them, and with 1024 calls in flight every object allocated per call is kept until the
   * replies arrive, so each scavenge copies it (issue 16: GC was a third of that bench row).
   */
  private readonly plainOptions: RequestOptions;

  constructor(
    readonly genl: GenlConnection,
    readonly family: GenlFamily,
    /** Default receiver of extended-ACK warnings (a call's own `onWarning` wins). */
    private readonly onWarning?: (warning: NetlinkExtendedAck) => void,
  ) {
    this.plainOptions = this.makeOptions(undefined);
  }

  /**
   * Registers something to stop when the session closes (event streams, waits); returns the
   * function that unregisters it. Why: a closed socket delivers nothing more, so a stream waiting
   * for the next event must end rather than hang.
   */
  onClose(closer: () => void): () => void {
    if (this.closed) {
      closer();
      return () => {};
    }
    this.closers.add(closer);
    return () => this.closers.delete(closer);
  }

  /** True once close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes the genl connection (pending requests reject) and ends every registered stream. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const closer of [...this.closers]) closer();
    this.closers.clear();
    this.genl.close();
  }

  /**
   * Joins the "config" multicast group for one more listener; the returned function leaves it when
   * the last listener is gone. Why counted: several event streams and waits share one socket.
   */
  joinConfigGroup(): () => void {
    if (this.configMembers === 0) this.genl.joinGroup(this.family, DEVLINK_MCGRP_CONFIG);
    this.configMembers++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.configMembers--;
      if (this.configMembers === 0) {
        try {
          this.genl.leaveGroup(this.family, DEVLINK_MCGRP_CONFIG);
        } catch {
          // The socket may already be closed; nothing left to leave.
        }
      }
    };
  }

  private options(call: CallOptions | undefined): RequestOptions {
    return call === undefined ? this.plainOptions : this.makeOptions(call);
  }

  private makeOptions(call: CallOptions | undefined): RequestOptions {
    return {
      ...(call?.signal ? { signal: call.signal } : {}),
      ...(call?.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
      ...(call?.onWarning ?? this.onWarning ? { onWarning: call?.onWarning ?? this.onWarning } : {}),
      describeOffset: describeDevlinkOffset,
      describeMissing: describeDevlinkMissing,
    };
  }

  /** Sends a `do` request and decodes the replies (empty for commands answered by an ack only). */
  async request(command: number, attributes: EncodeObject, call?: CallOptions): Promise<DevlinkMessage[]> {
    const reply: GenlReply = await this.genl.request(this.family, command, encodeAttributes('devlink', attributes), this.options(call));
    return reply.map(decodeDevlinkMessage);
  }

  /**
   * Sends a `do` request that must be answered by exactly one object with one of `replyCommands`.
   * @throws DevlinkReplyError when the kernel answered with something else
   */
  async requestOne(command: number, attributes: EncodeObject, replyCommands: ReadonlySet<number> | number, call?: CallOptions): Promise<DevlinkMessage> {
    // request()'s work inline (one async layer fewer per call): every reply decoded, the first
    // accepted one kept
    const replies = await this.genl.request(this.family, command, encodeAttributes('devlink', attributes), this.options(call));
    let reply: DevlinkMessage | undefined;
    for (const message of replies) {
      const decoded = decodeDevlinkMessage(message);
      if (reply === undefined && accepts(replyCommands, decoded.command)) reply = decoded;
    }
    if (!reply) throw new DevlinkReplyError(`devlink ${commandName(command)}: the kernel sent no ${describeCommands(replyCommands)} reply`);
    return reply;
  }

  /** Dumps `command`, keeping every part whatever its command. */
  async dumpAll(command: number, attributes: EncodeObject, call?: CallOptions): Promise<DevlinkMessage[]> {
    const reply = await this.genl.dump(this.family, command, encodeAttributes('devlink', attributes), this.options(call));
    return reply.map(decodeDevlinkMessage);
  }

  /** Dumps `command`, keeping only the parts with one of `replyCommands`. */
  async dump(command: number, attributes: EncodeObject, replyCommands: ReadonlySet<number> | number, call?: CallOptions): Promise<DevlinkMessage[]> {
    const reply = await this.genl.dump(this.family, command, encodeAttributes('devlink', attributes), this.options(call));
    return reply.map(decodeDevlinkMessage).filter((m) => accepts(replyCommands, m.command));
  }
}

function accepts(replyCommands: ReadonlySet<number> | number, command: number): boolean {
  return typeof replyCommands === 'number' ? replyCommands === command : replyCommands.has(command);
}

function describeCommands(replyCommands: ReadonlySet<number> | number): string {
  return typeof replyCommands === 'number' ? commandName(replyCommands) : [...replyCommands].map(commandName).join('/');
}
