import { DevlinkTsError } from '../error-base.js';
import { errnoNumber } from '../netlink/errno-names.js';
import { NetlinkKernelError, type NetlinkExtendedAck } from '../netlink/errors.js';

const ENOENT = errnoNumber('ENOENT') ?? 2;

/**
 * The kernel has no generic netlink family of that name (the controller answered ENOENT).
 *
 * Why a class: "No such file or directory" says nothing; the usual cause is a kernel without the
 * feature (no devlink on this host, module not loaded), and the message says exactly that.
 * It is a NetlinkKernelError with errno 2 and code 'ENOENT'.
 */
export class GenlFamilyNotFoundError extends NetlinkKernelError {
  /** The family that was looked up. */
  readonly family: string;

  constructor(family: string, extack?: NetlinkExtendedAck) {
    super(
      ENOENT,
      extack,
      `generic netlink family "${family}" not found: the running kernel has no ${family} support (ENOENT)`,
    );
    this.name = 'GenlFamilyNotFoundError';
    this.family = family;
  }
}

/**
 * A multicast group name the family does not have.
 * Why: joining a misspelled group would otherwise fail with a bare errno or silently get nothing.
 */
export class GenlGroupNotFoundError extends DevlinkTsError {
  /** Always 'ENOENT'. */
  readonly code = 'ENOENT' as const;

  constructor(family: string, group: string, available: readonly string[]) {
    super(
      `generic netlink family "${family}" has no multicast group "${group}"` +
        ` (it has: ${available.length > 0 ? available.map((g) => `"${g}"`).join(', ') : 'none'})`,
    );
    this.name = 'GenlGroupNotFoundError';
  }
}
