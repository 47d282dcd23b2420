import type { Devlink, DevlinkOpenOptions } from '../devlink/client.js';
import type { CliIo } from './io.js';
import type { Printer } from './print/printer.js';

/** Global options (iproute2's `devlink [ OPTIONS ]`). */
export interface GlobalOptions {
  json: boolean;
  pretty: boolean;
  verbose: boolean;
  statistics: boolean;
  noNiceNames: boolean;
  iec: boolean;
  force: boolean;
  netns?: string;
  batch?: string;
  /** `--wait[=SECONDS]`: undefined when not given; the timeout in milliseconds otherwise. */
  waitMs?: number;
}

/**
 * Opens the library client the CLI talks through (a real netlink socket by default; tests hand
 * in one on the fake kernel). The CLI passes the netns of `-N` and a warning printer.
 */
export type DevlinkFactory = (options: DevlinkOpenOptions) => Promise<Devlink>;

/**
 * What a command needs: the options, the printer, the streams, and the library's `Devlink`
 * client, opened on first use (so `help` and bad command lines never open a socket) and shared
 * across the commands of a batch.
 */
export class CliContext {
  private opened: Promise<Devlink> | undefined;
  /** Set by commands whose JSON output is line-based (monitor): no final newline. */
  lineBasedJson = false;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
    readonly printer: Printer,
    private readonly openDevlink: DevlinkFactory,
    /** Aborted on SIGINT/SIGTERM (or by a test): long-running commands stop cleanly. */
    readonly stopSignal: AbortSignal,
  ) {}

  /** The devlink client, opened once. */
  devlink(): Promise<Devlink> {
    this.opened ??= this.openDevlink({
      ...(this.options.netns !== undefined ? { netns: this.options.netns } : {}),
      // iproute2 prints an accepted request's extended-ACK message as `Warning: <message>.`
      onWarning: ({ message }) => {
        if (message) this.io.stderr(`Warning: ${message}${message.endsWith('.') ? '' : '.'}\n`);
      },
    });
    return this.opened;
  }

  /** Writes what the printer produced so far to stdout. */
  flush(): void {
    const text = this.printer.drain();
    if (text !== '') this.io.stdout(text);
  }

  /** Closes the client if it was opened. */
  async close(): Promise<void> {
    if (!this.opened) return;
    const pending = this.opened;
    this.opened = undefined;
    try {
      (await pending).close();
    } catch {
      // Opening failed: the error was already reported by the command that needed it.
    }
  }
}

/** A command implementation: reads its words from the cursor, prints through the context. */
export type Command = (words: import('./grammar/cursor.js').ArgCursor, context: CliContext) => Promise<void>;
