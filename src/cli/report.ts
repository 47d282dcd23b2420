import { DevlinkInputError } from '../devlink/errors.js';
import { DevlinkTsError } from '../error-base.js';
import { GenlFamilyNotFoundError } from '../genl/errors.js';
import { NetlinkKernelError } from '../netlink/errors.js';
import { CliError } from './errors.js';

/**
 * Turns any failure into the text for stderr and the exit code, the way iproute2 reports it:
 * a kernel refusal prints `Error: <extended ACK message>.` (when the kernel sent one) and
 * `kernel answers: <strerror>`; a missing devlink family prints iproute2's
 * `Failed to connect to devlink Netlink` with the library's explanation; our own CLI errors print
 * their text. Never a stack trace (set DEVLINK_TS_DEBUG=1 to see one).
 */
export function describeFailure(error: unknown): { text: string; exitCode: number } {
  if (error instanceof CliError) return { text: error.text, exitCode: error.exitCode };
  if (error instanceof GenlFamilyNotFoundError) {
    return { text: `Failed to connect to devlink Netlink: ${error.message}\n`, exitCode: 1 };
  }
  if (error instanceof NetlinkKernelError) {
    let text = '';
    const extack = error.extack?.message;
    if (extack !== undefined && extack !== '') {
      text += `Error: ${extack}${extack.endsWith('.') ? '' : '.'}\n`;
    }
    text += `kernel answers: ${error.description}\n`;
    return { text, exitCode: 1 };
  }
  if (error instanceof Error) {
    const debug = process.env['DEVLINK_TS_DEBUG'] ? `\n${error.stack ?? ''}` : '';
    // The library's own input and timeout messages are complete sentences for the user.
    const own = error instanceof DevlinkInputError || (error instanceof DevlinkTsError && error.code === 'ETIMEDOUT');
    return { text: `${own ? '' : 'devlink-ts: '}${error.message}${debug}\n`, exitCode: 1 };
  }
  return { text: `devlink-ts: ${String(error)}\n`, exitCode: 1 };
}
