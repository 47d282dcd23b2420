import type { Devlink } from '../devlink/client.js';
import type { CliIo } from './io.js';
import type { Printer } from './output/printer.js';
import type { BackendFactory, DevlinkBackend } from './backend.js';

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
 * What a command needs: the options, the printer, the streams, and the devlink backend, opened
 * on first use (so `help` and bad command lines never open a socket) and shared across the
 * commands of a batch.
 */
export class CliContext {
  private opened: Promise<DevlinkBackend> | undefined;
  /** Set by commands whose JSON output is line-based (monitor): no final newline. */
  lineBasedJson = false;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
    readonly printer: Printer,
    private readonly openBackend: BackendFactory,
    /** Aborted on SIGINT/SIGTERM (or by a test): long-running commands stop cleanly. */
    readonly stopSignal: AbortSignal,
  ) {}

  /** The devlink backend, opened once. */
  backend(): Promise<DevlinkBackend> {
    this.opened ??= this.openBackend({
      ...(this.options.netns !== undefined ? { netns: this.options.netns } : {}),
      // iproute2 prints an accepted request's extended-ACK message as `Warning: <message>.`
      onWarning: (message) => this.io.stderr(`Warning: ${message}${message.endsWith('.') ? '' : '.'}\n`),
    });
    return this.opened;
  }

  /** The library's `Devlink` client, opened once (for commands written on the library's own objects). */
  async devlink(): Promise<Devlink> {
    const client = (await this.backend()).client;
    if (!client) throw new Error('this devlink backend has no library client');
    return client;
  }

  /** Writes what the printer produced so far to stdout. */
  flush(): void {
    const text = this.printer.drain();
    if (text !== '') this.io.stdout(text);
  }

  /** Closes the backend if it was opened. */
  async close(): Promise<void> {
    if (!this.opened) return;
    const pending = this.opened;
    this.opened = undefined;
    try {
      const backend = await pending;
      await backend.close();
    } catch {
      // Opening failed: the error was already reported by the command that needed it.
    }
  }
}

/** A command implementation: reads its words from the cursor, prints through the context. */
export type Command = (words: import('./args/cursor.js').ArgCursor, context: CliContext) => Promise<void>;
