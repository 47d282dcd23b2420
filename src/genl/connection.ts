import { AttributeWriter } from '../netlink/attributes.js';
import { NetlinkConnection, type NetlinkConnectionOptions, type RequestOptions } from '../netlink/connection.js';
import { NetlinkKernelError, NetlinkProtocolError, type NetlinkExtendedAck } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';
import type { NetlinkTransport } from '../netlink/transport.js';
import {
  CTRL_ATTR_FAMILY_NAME,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_NEWFAMILY,
  GENL_ATTRIBUTES_OFFSET,
  GENL_CTRL_VERSION,
  GENL_ID_CTRL,
} from './constants.js';
import { GenlFamilyNotFoundError, GenlGroupNotFoundError } from './errors.js';
import { parseFamilyAttributes, type GenlFamily } from './family.js';
import { encodeGenlPayload, parseGenlMessage, type GenlMessage } from './header.js';

/**
 * The replies of a genl request or dump; `warning` is set when the kernel accepted the request
 * but attached an extended-ACK message.
 */
export type GenlReply = GenlMessage[] & { warning?: NetlinkExtendedAck };

/** What genl subscribers receive: a message of their family, or notice that messages were lost. */
export type GenlEvent = { kind: 'message'; message: GenlMessage } | { kind: 'overflow'; error: Error };

/**
 * Generic netlink over a NetlinkConnection: family resolution and genl-framed requests.
 *
 * Why: genl families get their ids at run time; this class asks the controller once per family
 * (one CTRL_CMD_GETFAMILY by name, never a dump of all families), caches the answer for the
 * life of the connection, and wraps every request in the 4-byte genl header so family codecs
 * only deal with attributes.
 */
export class GenlConnection {
  /** The underlying netlink connection (for callers that need raw netlink). */
  readonly netlink: NetlinkConnection;
  private readonly families = new Map<string, Promise<GenlFamily>>();

  constructor(connection: NetlinkConnection) {
    this.netlink = connection;
  }

  /** Convenience: a GenlConnection over a new NetlinkConnection on `transport`. */
  static open(transport: NetlinkTransport, options?: NetlinkConnectionOptions): GenlConnection {
    return new GenlConnection(new NetlinkConnection(transport, options));
  }

  /**
   * Resolves a family by name with one CTRL_CMD_GETFAMILY, cached per connection (concurrent
   * callers share one request, sent with the first caller's options, so its signal/timeout apply
   * to all of them; a failure is not cached, so a later call asks again, e.g. after a module was
   * loaded).
   * @throws GenlFamilyNotFoundError (code 'ENOENT') when the kernel has no such family
   */
  resolveFamily(name: string, options: RequestOptions = {}): Promise<GenlFamily> {
    if (typeof name !== 'string' || name.length === 0 || name.length > 15) {
      return Promise.reject(
        new RangeError(`generic netlink family name must be 1..15 characters, got ${JSON.stringify(name)}`),
      );
    }
    const cached = this.families.get(name);
    if (cached !== undefined) return cached;
    const lookup = this.lookupFamily(name, options);
    this.families.set(name, lookup);
    lookup.catch(() => {
      if (this.families.get(name) === lookup) this.families.delete(name);
    });
    return lookup;
  }

  /** Sends a genl request (command + attribute bytes) to `family`; resolves with the replies before the ack. */
  async request(family: GenlFamily, command: number, attributes: Uint8Array, options: RequestOptions = {}): Promise<GenlReply> {
    const payload = encodeGenlPayload(command, family.version, attributes);
    return toGenlReply(await this.netlink.request(family.id, 0, payload, options));
  }

  /** Dumps `command` of `family`; resolves with every part of the dump. */
  async dump(family: GenlFamily, command: number, attributes: Uint8Array, options: RequestOptions = {}): Promise<GenlReply> {
    const payload = encodeGenlPayload(command, family.version, attributes);
    return toGenlReply(await this.netlink.dump(family.id, payload, options));
  }

  /** Joins one of the family's multicast groups by name. */
  joinGroup(family: GenlFamily, groupName: string): void {
    this.netlink.addMembership(groupId(family, groupName));
  }

  /** Leaves one of the family's multicast groups by name. */
  leaveGroup(family: GenlFamily, groupName: string): void {
    this.netlink.dropMembership(groupId(family, groupName));
  }

  /**
   * Receives the family's unsolicited messages (notifications of joined groups) and overflow
   * events. Messages of other families are not delivered; a message too short for a genl header
   * is reported as an 'overflow' with a NetlinkProtocolError (it cannot be decoded, so state may
   * be stale). Returns the unsubscribe function.
   */
  subscribe(family: GenlFamily, listener: (event: GenlEvent) => void): () => void {
    return this.netlink.subscribe((event) => {
      if (event.kind === 'overflow') {
        listener(event);
        return;
      }
      if (event.message.type !== family.id) return;
      let message: GenlMessage;
      try {
        message = parseGenlMessage(event.message);
      } catch (error) {
        listener({ kind: 'overflow', error: error as NetlinkProtocolError });
        return;
      }
      listener({ kind: 'message', message });
    });
  }

  /** Closes the connection; pending requests reject. */
  close(): void {
    this.netlink.close();
  }

  private async lookupFamily(name: string, options: RequestOptions): Promise<GenlFamily> {
    const attributes = new AttributeWriter().string(CTRL_ATTR_FAMILY_NAME, name).finish();
    const payload = encodeGenlPayload(CTRL_CMD_GETFAMILY, GENL_CTRL_VERSION, attributes);
    let replies: NetlinkMessage[];
    try {
      replies = await this.netlink.request(GENL_ID_CTRL, 0, payload, options);
    } catch (error) {
      if (error instanceof NetlinkKernelError && error.code === 'ENOENT') {
        throw new GenlFamilyNotFoundError(name, error.extack);
      }
      throw error;
    }
    for (const reply of replies) {
      if (reply.type !== GENL_ID_CTRL) continue;
      const message = parseGenlMessage(reply);
      if (message.command !== CTRL_CMD_NEWFAMILY) continue;
      return parseFamilyAttributes(message.attributes, GENL_ATTRIBUTES_OFFSET);
    }
    throw new NetlinkProtocolError(`controller acknowledged the lookup of "${name}" without describing the family`);
  }
}

function groupId(family: GenlFamily, groupName: string): number {
  const id = family.multicastGroups.get(groupName);
  if (id === undefined) throw new GenlGroupNotFoundError(family.name, groupName, [...family.multicastGroups.keys()]);
  return id;
}

function toGenlReply(messages: NetlinkMessage[] & { warning?: NetlinkExtendedAck }): GenlReply {
  const reply: GenlReply = messages.map(parseGenlMessage);
  if (messages.warning !== undefined) reply.warning = messages.warning;
  return reply;
}
