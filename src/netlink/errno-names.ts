import { constants as osConstants } from 'node:os';

/**
 * Errno numbers <-> names <-> strerror texts, in one place.
 *
 * Why: kernel refusals arrive as bare negative integers; users and the CLI need the name
 * ('EINVAL') and the libc text ('Invalid argument', as iproute2 prints after "kernel answers:").
 * Names come from Node's own table for the running platform; texts for the errnos netlink
 * actually returns are listed here, so messages do not depend on libc.
 */

const STRERROR: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EINTR: 'Interrupted system call',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  E2BIG: 'Argument list too long',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EFAULT: 'Bad address',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files',
  ENOSPC: 'No space left on device',
  ERANGE: 'Numerical result out of range',
  EDEADLK: 'Resource deadlock avoided',
  ENAMETOOLONG: 'File name too long',
  ENOSYS: 'Function not implemented',
  ENOTEMPTY: 'Directory not empty',
  ENOMSG: 'No message of desired type',
  ENODATA: 'No data available',
  ETIME: 'Timer expired',
  ENOLINK: 'Link has been severed',
  EPROTO: 'Protocol error',
  EBADMSG: 'Bad message',
  EOVERFLOW: 'Value too large for defined data type',
  EMSGSIZE: 'Message too long',
  EPROTONOSUPPORT: 'Protocol not supported',
  EOPNOTSUPP: 'Operation not supported',
  ENOTSUP: 'Operation not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENETDOWN: 'Network is down',
  ENOBUFS: 'No buffer space available',
  ETIMEDOUT: 'Connection timed out',
  ECONNREFUSED: 'Connection refused',
  EALREADY: 'Operation already in progress',
  EINPROGRESS: 'Operation now in progress',
  ECANCELED: 'Operation canceled',
};

const NAME_BY_ERRNO: ReadonlyMap<number, string> = (() => {
  const map = new Map<number, string>();
  for (const [name, value] of Object.entries(osConstants.errno)) {
    // First name wins for aliases (EAGAIN/EWOULDBLOCK, EOPNOTSUPP/ENOTSUP, EDEADLK/EDEADLOCK).
    if (!map.has(value)) map.set(value, name);
  }
  // The kernel returns EOPNOTSUPP (95) for "not supported"; Linux ENOTSUP is the same number.
  const opnotsupp = (osConstants.errno as Record<string, number>).EOPNOTSUPP;
  if (opnotsupp !== undefined) map.set(opnotsupp, 'EOPNOTSUPP');
  return map;
})();

/** Returns the symbolic name of a positive errno, e.g. 22 -> 'EINVAL'; unknown -> 'E<n>'. */
export function errnoName(errno: number): string {
  return NAME_BY_ERRNO.get(errno) ?? `E${errno}`;
}

/** Returns the errno number for a symbolic name, e.g. 'ENOENT' -> 2, or undefined. */
export function errnoNumber(name: string): number | undefined {
  return (osConstants.errno as Record<string, number | undefined>)[name];
}

/** Returns the libc-style description of a positive errno, e.g. 22 -> 'Invalid argument'. */
export function strerror(errno: number): string {
  const name = errnoName(errno);
  return STRERROR[name] ?? `Unknown error ${errno}`;
}
