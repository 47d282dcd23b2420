/**
 * The one base class of every error devlink-ts raises (netlink, generic netlink, devlink).
 *
 * Why one base: callers (our CLI, the daemon, users' programs) tell our failures from anything
 * else with `instanceof DevlinkTsError` and branch on `code` (a Node-style errno name such as
 * `EINVAL`, `ETIMEDOUT`, `ENOENT`) without knowing which layer raised it, and never by comparing
 * `error.name` strings.
 */
export abstract class DevlinkTsError extends Error {
  /** Node-style error code: the errno name the failure corresponds to, e.g. `EINVAL`. */
  abstract readonly code: string;
}
