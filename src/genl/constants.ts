/**
 * Generic netlink numbers (include/uapi/linux/genetlink.h).
 *
 * Why here: the controller (nlctrl) is how every genl family is found; the fake kernel and the
 * real one must agree on these bytes.
 */

/** Size of `struct genlmsghdr` (cmd u8, version u8, reserved u16). */
export const GENL_HDRLEN = 4;
/** Offset of a genl message's attributes from the start of its nlmsghdr (16 + 4). */
export const GENL_ATTRIBUTES_OFFSET = 20;

/** The controller family's fixed id. */
export const GENL_ID_CTRL = 0x10;
/** The controller family's name. */
export const GENL_CTRL_NAME = 'nlctrl';
/** Version we put in controller requests (the kernel ignores it; libnl and iproute2 send 1). */
export const GENL_CTRL_VERSION = 1;

/** Controller command: reply carrying a family's description. */
export const CTRL_CMD_NEWFAMILY = 1;
/** Controller command: family removed (multicast). */
export const CTRL_CMD_DELFAMILY = 2;
/** Controller command: look up one family (by name or id) or dump all. */
export const CTRL_CMD_GETFAMILY = 3;

/** Controller attribute: family id (u16). */
export const CTRL_ATTR_FAMILY_ID = 1;
/** Controller attribute: family name (string). */
export const CTRL_ATTR_FAMILY_NAME = 2;
/** Controller attribute: family version (u32). */
export const CTRL_ATTR_VERSION = 3;
/** Controller attribute: size of the family's user header (u32). */
export const CTRL_ATTR_HDRSIZE = 4;
/** Controller attribute: highest attribute type of the family (u32). */
export const CTRL_ATTR_MAXATTR = 5;
/** Controller attribute: supported operations (nested array of nests). */
export const CTRL_ATTR_OPS = 6;
/** Controller attribute: multicast groups (nested array of nests). */
export const CTRL_ATTR_MCAST_GROUPS = 7;

/** Inside an OPS entry: command number (u32). */
export const CTRL_ATTR_OP_ID = 1;
/** Inside an OPS entry: GENL_* operation flags (u32). */
export const CTRL_ATTR_OP_FLAGS = 2;

/** Inside a MCAST_GROUPS entry: group name (string). */
export const CTRL_ATTR_MCAST_GRP_NAME = 1;
/** Inside a MCAST_GROUPS entry: group id to join (u32). */
export const CTRL_ATTR_MCAST_GRP_ID = 2;
