import { checkedAttributeLength, parseAttributes, type NetlinkAttribute } from '../netlink/attributes.js';
import { decodeString, readString, readU16, readU32 } from '../netlink/attribute-values.js';
import { align4, HOST_LITTLE_ENDIAN, viewOf } from '../netlink/byte-order.js';
import { NLA_HDRLEN, NLA_TYPE_MASK } from '../netlink/constants.js';
import { NetlinkProtocolError } from '../netlink/errors.js';
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
} from './constants.js';

/**
 * A generic netlink family as the kernel's controller describes it.
 *
 * Why: genl family ids are assigned at run time; every request needs the id, and subscribing
 * needs the multicast group ids, so both are resolved once and kept together.
 */
export interface GenlFamily {
  /** The family id, used as nlmsg_type. */
  id: number;
  /** The family name, e.g. 'devlink'. */
  name: string;
  /** The family's version (put in the genl header of requests). */
  version: number;
  /** Size of the family's user header after the genl header (0 for most families). */
  headerSize: number;
  /** Highest attribute type the kernel's family knows. */
  maxAttribute: number;
  /** Multicast group name -> group id. */
  multicastGroups: ReadonlyMap<string, number>;
  /** Command number -> GENL_* flags, for the operations the kernel advertised (extra to the contract). */
  operations: ReadonlyMap<number, number>;
}

/**
 * Decodes the attributes of a CTRL_CMD_NEWFAMILY reply (bytes after the genl header).
 * Unknown controller attributes are ignored; a reply without id or name is a protocol error.
 * @throws NetlinkProtocolError on malformed bytes
 */
export function parseFamilyAttributes(attributes: Uint8Array, baseOffset = 0): GenlFamily {
  let id: number | undefined;
  let name: string | undefined;
  let version = 0;
  let headerSize = 0;
  let maxAttribute = 0;
  const multicastGroups = new Map<string, number>();
  const operations = new Map<number, number>();
  const view = viewOf(attributes);
  for (const attribute of parseAttributes(attributes, baseOffset)) {
    switch (attribute.type) {
      case CTRL_ATTR_FAMILY_ID:
        id = readU16(attribute);
        break;
      case CTRL_ATTR_FAMILY_NAME:
        name = readString(attribute);
        break;
      case CTRL_ATTR_VERSION:
        version = readU32(attribute);
        break;
      case CTRL_ATTR_HDRSIZE:
        headerSize = readU32(attribute);
        break;
      case CTRL_ATTR_MAXATTR:
        maxAttribute = readU32(attribute);
        break;
      case CTRL_ATTR_OPS:
        // One DataView for the whole reply and no object per attribute: the devlink family lists
        // ~80 operations, and in a fresh process (all of this runs once, in V8's interpreter, under
        // emulation in the bench VM) parsing them attribute by attribute was most of resolving the
        // family (issue 16). The checks and their messages are parseAttributes'.
        forEachNest(view, attribute, (start, end, offset) => {
          let opId: number | undefined;
          let opFlags = 0;
          forEachField(view, start, end, offset, (type, at, length) => {
            if (type === CTRL_ATTR_OP_ID) opId = u32At(view, at, length, type);
            else if (type === CTRL_ATTR_OP_FLAGS) opFlags = u32At(view, at, length, type);
          });
          if (opId !== undefined) operations.set(opId, opFlags);
        });
        break;
      case CTRL_ATTR_MCAST_GROUPS:
        forEachNest(view, attribute, (start, end, offset) => {
          let groupName: string | undefined;
          let groupId: number | undefined;
          forEachField(view, start, end, offset, (type, at, length) => {
            if (type === CTRL_ATTR_MCAST_GRP_NAME) groupName = decodeString(attributes, at, at + length);
            else if (type === CTRL_ATTR_MCAST_GRP_ID) groupId = u32At(view, at, length, type);
          });
          if (groupName !== undefined && groupId !== undefined) multicastGroups.set(groupName, groupId);
        });
        break;
      default:
        break;
    }
  }
  if (id === undefined || name === undefined) {
    throw new NetlinkProtocolError(
      `controller reply lacks ${id === undefined ? 'CTRL_ATTR_FAMILY_ID' : 'CTRL_ATTR_FAMILY_NAME'}`,
    );
  }
  return { id, name, version, headerSize, maxAttribute, multicastGroups, operations };
}

/**
 * Calls `visit` for each attribute of `[start, end)` of `view` (a view of the whole reply) with its
 * masked type, payload position and length, and the offset of its header (`baseOffset` + its
 * position from `start`); the same checks and messages as parseAttributes, without an object per
 * attribute.
 * @throws NetlinkProtocolError on a truncated header or an impossible length
 */
function forEachField(
  view: DataView,
  start: number,
  end: number,
  baseOffset: number,
  visit: (type: number, at: number, length: number, offset: number) => void,
): void {
  let position = start;
  while (position < end) {
    const offset = baseOffset + (position - start);
    const length = checkedAttributeLength(view, position, end, offset);
    const rawType = view.getUint16(position + 2, HOST_LITTLE_ENDIAN);
    visit(rawType & NLA_TYPE_MASK, position + NLA_HDRLEN, length - NLA_HDRLEN, offset);
    position += Math.min(align4(length), end - position);
  }
}

/** Calls `visit` with the payload range and header offset of each entry of an array nest. */
function forEachNest(view: DataView, nest: NetlinkAttribute, visit: (start: number, end: number, offset: number) => void): void {
  const start = nest.data.byteOffset - view.byteOffset;
  forEachField(view, start, start + nest.data.length, nest.offset + NLA_HDRLEN, (_type, at, length, offset) =>
    visit(at, at + length, offset + NLA_HDRLEN),
  );
}

/** The u32 at `at`, as readU32 reads it (a payload of another size is a protocol error). */
function u32At(view: DataView, at: number, length: number, type: number): number {
  if (length !== 4) throw new NetlinkProtocolError(`attribute ${type}: u32 needs 4 bytes, got ${length}`);
  return view.getUint32(at, HOST_LITTLE_ENDIAN);
}
