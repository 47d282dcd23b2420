/**
 * Socket-level numbers used when opening a real netlink socket (asm-generic/socket.h), in one place.
 *
 * Why a separate file: the netlink protocol numbers (SOL_NETLINK, NETLINK_EXT_ACK, ...) live in
 * constants.ts, shared with the fake kernel; these are generic BSD-socket options that only the
 * addon-backed transport needs.
 */

/** setsockopt level for generic socket options. */
export const SOL_SOCKET = 1;
/** Receive buffer size; the kernel doubles the value and caps it at net.core.rmem_max. */
export const SO_RCVBUF = 8;
/** Receive buffer size ignoring net.core.rmem_max; needs CAP_NET_ADMIN. */
export const SO_RCVBUFFORCE = 33;

/**
 * Default receive buffer for devlink sockets: 4 MiB (the kernel doubles it for bookkeeping).
 * Why this large: a dump of hundreds of SF ports, or a burst of port/rate notifications while
 * hundreds of SFs are created, must not overrun the socket (which loses messages and forces a
 * resync); iproute2 settles for 1 MiB on its netlink sockets.
 */
export const DEFAULT_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
