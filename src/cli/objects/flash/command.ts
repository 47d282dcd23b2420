import type { ArgCursor } from '../../grammar/cursor.js';
import { parseDeviceArg } from '../../grammar/handles.js';
import { parseObjectOptions } from '../../grammar/object-options.js';
import type { CliContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { FlashProgressPrinter } from './progress.js';

const TICK_MS = 100;

/**
 * Whether progress goes to a terminal. A test's io may say so (`isTty`); otherwise the process's
 * stdout decides, as iproute2's isatty(STDOUT) does.
 */
function isTerminal(context: CliContext): boolean {
  const io = context.io as { isTty?: boolean };
  return io.isTty ?? process.stdout.isTTY === true;
}

/**
 * `devlink-ts dev flash DEV file PATH [ component NAME ] [ overwrite SECTION ]...`: progress as
 * iproute2 prints it (see FlashProgressPrinter). With -j nothing is printed but the final JSON
 * line break: progress text would make the output unparseable (iproute2 prints it anyway).
 */
export async function devFlash(cursor: ArgCursor, context: CliContext, usage: () => void): Promise<void> {
  if (cursor.matches('help') || cursor.atEnd) return usage();
  const dev = parseDeviceArg(cursor.next());
  const options = parseObjectOptions(cursor, ['component', 'overwrite'], ['file']);
  const devlink = await context.devlink();
  const quiet = context.printer.json;
  const progress = new FlashProgressPrinter((text) => context.io.stdout(text), isTerminal(context));
  const timer = quiet ? undefined : setInterval(() => progress.tick(), TICK_MS);
  try {
    await devlink.flash(dev, {
      file: options.file ?? '',
      ...(options.component !== undefined ? { component: options.component } : {}),
      ...(options.overwrite !== undefined ? { overwrite: options.overwrite } : {}),
      onProgress: (status) => {
        if (!quiet) progress.status(status);
      },
    });
  } catch (error) {
    throw flashFailure(error);
  } finally {
    if (timer) clearInterval(timer);
  }
}

/**
 * iproute2 reports a refused flash with the extended-ACK line only (`Error: MESSAGE.`), without
 * `kernel answers: ...` (its request runs in a child process), and exits with status 1.
 */
function flashFailure(error: unknown): unknown {
  const kernel = error as { errno?: unknown; extack?: { message?: string } };
  if (!(error instanceof Error) || typeof kernel.errno !== 'number') return error;
  const message = kernel.extack?.message;
  return new CliError(message ? [`Error: ${message}${message.endsWith('.') ? '' : '.'}`] : []);
}
