/**
 * Netlink numbers from the kernel uapi (include/uapi/linux/netlink.h), in one place.
 *
 * Why: every layer above (connection, genl, devlink, the fake kernel) must agree on these bytes;
 * naming them once keeps magic numbers out of the logic and makes byte-level tests readable.
 */

/** Size of `struct nlmsghdr` (len u32, type u16, flags u16, seq u32, pid u32). */
export const NLMSG_HDRLEN = 16;
/** Size of `struct nlattr` (len u16, type u16). */
export const NLA_HDRLEN = 4;
/** Netlink messages and attributes are padded to multiples of this many bytes. */
export const NLMSG_ALIGNTO = 4;

/** Control message: no operation, to be skipped. */
export const NLMSG_NOOP = 1;
/** Control message: error or acknowledgement (error 0), payload `struct nlmsgerr`. */
export const NLMSG_ERROR = 2;
/** Control message: end of a multipart dump; payload is an int error (and extack TLVs). */
export const NLMSG_DONE = 3;
/** Control message: data lost (obsolete, kept so it is recognised and not handed to families). */
export const NLMSG_OVERRUN = 4;
/** Message types below this are control messages, not family data. */
export const NLMSG_MIN_TYPE = 0x10;

/** The message is a request. */
export const NLM_F_REQUEST = 0x01;
/** Part of a multipart message terminated by NLMSG_DONE. */
export const NLM_F_MULTI = 0x02;
/** Ask for an acknowledgement (an NLMSG_ERROR with error 0 on success). */
export const NLM_F_ACK = 0x04;
/** Echo this request to the sender. */
export const NLM_F_ECHO = 0x08;
/** The dump was interrupted by a concurrent change; its contents may be inconsistent. */
export const NLM_F_DUMP_INTR = 0x10;
/** The dump was filtered as requested (strict checking). */
export const NLM_F_DUMP_FILTERED = 0x20;

/** GET modifier: return the whole table. */
export const NLM_F_ROOT = 0x100;
/** GET modifier: return all entries matching the criteria. */
export const NLM_F_MATCH = 0x200;
/** GET modifier: atomic snapshot. */
export const NLM_F_ATOMIC = 0x400;
/** GET modifier: a dump (ROOT | MATCH). */
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

/** NEW modifier: replace an existing object. */
export const NLM_F_REPLACE = 0x100;
/** NEW modifier: fail if the object exists. */
export const NLM_F_EXCL = 0x200;
/** NEW modifier: create if it does not exist. */
export const NLM_F_CREATE = 0x400;
/** NEW modifier: add to the end of the list. */
export const NLM_F_APPEND = 0x800;

/** Ack flag: the original request was not echoed in the NLMSG_ERROR (NETLINK_CAP_ACK). */
export const NLM_F_CAPPED = 0x100;
/** Ack flag: extended ACK TLVs follow the (possibly capped) original request. */
export const NLM_F_ACK_TLVS = 0x200;

/** Extended ACK attribute: human-readable error message (string). */
export const NLMSGERR_ATTR_MSG = 1;
/** Extended ACK attribute: offset of the offending attribute in the original request (u32). */
export const NLMSGERR_ATTR_OFFS = 2;
/** Extended ACK attribute: arbitrary cookie (binary). */
export const NLMSGERR_ATTR_COOKIE = 3;
/** Extended ACK attribute: policy of the offending attribute (nested, kept raw). */
export const NLMSGERR_ATTR_POLICY = 4;
/** Extended ACK attribute: type of a missing required attribute (u32). */
export const NLMSGERR_ATTR_MISS_TYPE = 5;
/** Extended ACK attribute: offset of the nest the missing attribute belonged in (u32). */
export const NLMSGERR_ATTR_MISS_NEST = 6;

/** Attribute type flag: the payload is a nested attribute stream. */
export const NLA_F_NESTED = 1 << 15;
/** Attribute type flag: the payload is in network byte order. */
export const NLA_F_NET_BYTEORDER = 1 << 14;
/** Mask that removes the flag bits from an attribute type. */
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** Netlink protocol number of generic netlink. */
export const NETLINK_GENERIC = 16;
/** setsockopt level for netlink socket options. */
export const SOL_NETLINK = 270;
/** Socket option: join a multicast group. */
export const NETLINK_ADD_MEMBERSHIP = 1;
/** Socket option: leave a multicast group. */
export const NETLINK_DROP_MEMBERSHIP = 2;
/** Socket option: receive packet info. */
export const NETLINK_PKTINFO = 3;
/** Socket option: report ENOBUFS on overrun (on by default; setting it disables reporting). */
export const NETLINK_NO_ENOBUFS = 5;
/** Socket option: do not echo the request in acks. */
export const NETLINK_CAP_ACK = 10;
/** Socket option: ask for extended ACK TLVs. */
export const NETLINK_EXT_ACK = 11;
/** Socket option: strict checking of dump requests. */
export const NETLINK_GET_STRICT_CHK = 12;
