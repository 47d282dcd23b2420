import { CliError } from './errors.js';

interface KernelErrorLike {
  errno: number;
  description?: string;
  message: string;
  extack?: { message?: string };
}

function isKernelError(error: unknown): error is KernelErrorLike {
  return (
    error instanceof Error &&
    typeof (error as { errno?: unknown }).errno === 'number' &&
    (error.name === 'NetlinkKernelError' || error.name === 'GenlFamilyNotFoundError' || 'extack' in error)
  );
}

/**
 * Turns any failure into the text for stderr and the exit code, the way iproute2 reports it:
 * a kernel refusal prints `Error: <extended ACK message>.` (when the kernel sent one) and
 * `kernel answers: <strerror>`; a missing devlink family prints iproute2's
 * `Failed to connect to devlink Netlink` with the library's explanation; our own CLI errors print
 * their text. Never a stack trace (set DEVLINK_TS_DEBUG=1 to see one).
 */
export function describeFailure(error: unknown): { text: string; exitCode: number } {
  if (error instanceof CliError) return { text: error.text, exitCode: error.exitCode };
  if (error instanceof Error && error.name === 'GenlFamilyNotFoundError') {
    return { text: `Failed to connect to devlink Netlink: ${error.message}\n`, exitCode: 1 };
  }
  if (isKernelError(error)) {
    let text = '';
    const extack = error.extack?.message;
    if (extack !== undefined && extack !== '') {
      text += `Error: ${extack}${extack.endsWith('.') ? '' : '.'}\n`;
    }
    text += `kernel answers: ${error.description ?? error.message}\n`;
    return { text, exitCode: 1 };
  }
  if (error instanceof Error) {
    const debug = process.env['DEVLINK_TS_DEBUG'] ? `\n${error.stack ?? ''}` : '';
    const code = (error as { code?: unknown }).code;
    const prefix = error.name === 'DevlinkInputError' || code === 'ETIMEDOUT' ? '' : 'devlink-ts: ';
    return { text: `${prefix}${error.message}${debug}\n`, exitCode: 1 };
  }
  return { text: `devlink-ts: ${String(error)}\n`, exitCode: 1 };
}
