import { parseAttributes } from '../netlink/attributes.js';
import { readString, readU16, readU32 } from '../netlink/attribute-values.js';
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
        for (const entry of parseAttributes(attribute.data, attribute.offset + 4)) {
          let opId: number | undefined;
          let opFlags = 0;
          for (const field of parseAttributes(entry.data, entry.offset + 4)) {
            if (field.type === CTRL_ATTR_OP_ID) opId = readU32(field);
            else if (field.type === CTRL_ATTR_OP_FLAGS) opFlags = readU32(field);
          }
          if (opId !== undefined) operations.set(opId, opFlags);
        }
        break;
      case CTRL_ATTR_MCAST_GROUPS:
        for (const entry of parseAttributes(attribute.data, attribute.offset + 4)) {
          let groupName: string | undefined;
          let groupId: number | undefined;
          for (const field of parseAttributes(entry.data, entry.offset + 4)) {
            if (field.type === CTRL_ATTR_MCAST_GRP_NAME) groupName = readString(field);
            else if (field.type === CTRL_ATTR_MCAST_GRP_ID) groupId = readU32(field);
          }
          if (groupName !== undefined && groupId !== undefined) multicastGroups.set(groupName, groupId);
        }
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
