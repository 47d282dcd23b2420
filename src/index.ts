/**
 * devlink-ts: devlink for Node.js over real generic-netlink sockets.
 *
 * ```ts
 * import { Devlink } from 'devlink-ts';
 * const dl = await Devlink.open();
 * const sf = await dl.addPort('pci/0000:06:00.0', { flavour: 'pcisf', pfnum: 0, sfnum: 88 });
 * await dl.setPortFunction(sf.handle, { hwAddr: '00:00:00:00:88:88', roce: true, state: 'active' });
 * await dl.waitForFunctionOpstate(sf.handle, 'attached', { timeoutMs: 30_000 });
 * ```
 */
export * from './devlink/index.js';
export {
  NetlinkConnectionClosedError, NetlinkDumpInterruptedError, NetlinkKernelError, NetlinkOverflowError,
  NetlinkProtocolError, NetlinkTimeoutError, type NetlinkExtendedAck,
} from './netlink/errors.js';
export { GenlFamilyNotFoundError, GenlGroupNotFoundError } from './genl/errors.js';
export type { NetlinkTransport } from './netlink/transport.js';
