import type { FlashProgress } from '../../../devlink/ops/flash.js';

/** What the progress printer reads of a flash notification. */
export type FlashStatus = Pick<FlashProgress, 'stage' | 'message' | 'component' | 'done' | 'total' | 'timeout'>;

/**
 * Prints flash progress as iproute2's `devlink dev flash` does: each new message (with its
 * `[component]`) on its own line; on a terminal only, a percentage that is rewritten in place
 * (`\b\b\b\b\b`) while the message stays the same, and an elapsed-time note
 * (` ( 1m 5s )`, ` ( 0m 3s : 1m 0s )`, ` ( 2m 1s : timeout reached )`) when the device stays silent
 * for more than 2 s or gave a timeout; a final line break once the update ended.
 */
export class FlashProgressPrinter {
  private lastMessage: string | undefined;
  private lastComponent: string | undefined;
  private lastHadPercent = false;
  private notFirst = false;
  private elapsedLength = 0;
  private statusTimeout = 0n;
  private lastStatusAt: number;

  constructor(
    private readonly write: (text: string) => void,
    private readonly terminal: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastStatusAt = this.now();
  }

  private tty(text: string): void {
    if (this.terminal) this.write(text);
  }

  private clearElapsed(): void {
    this.tty('\b \b'.repeat(this.elapsedLength));
    this.elapsedLength = 0;
  }

  /** One notification of the device being flashed. */
  status(status: FlashStatus): void {
    this.clearElapsed();
    if (status.stage === 'begin') return;
    if (status.stage === 'end' && this.notFirst) {
      this.write('\n');
      return;
    }
    this.statusTimeout = status.timeout ?? 0n;
    const same = status.message === this.lastMessage && status.component === this.lastComponent;
    if (same && this.lastHadPercent && this.notFirst) {
      this.tty('\b\b\b\b\b');
    } else {
      this.lastStatusAt = this.now();
      if (this.notFirst) this.write('\n');
      if (status.component !== undefined) {
        this.write(`[${status.component}] `);
        this.lastComponent = status.component;
      }
      if (status.message !== undefined) {
        this.write(status.message);
        this.lastMessage = status.message;
      }
    }
    const total = status.total ?? 0n;
    if (total !== 0n) {
      this.tty(` ${String(((status.done ?? 0n) * 100n) / total).padStart(3)}%`);
      this.lastHadPercent = true;
    } else {
      this.lastHadPercent = false;
    }
    this.notFirst = true;
  }

  /** Called every 100 ms while the flash runs (iproute2's select timeout). */
  tick(): void {
    const seconds = Math.floor((this.now() - this.lastStatusAt) / 1000);
    if (seconds <= 2 && this.statusTimeout === 0n) return;
    this.clearElapsed();
    const elapsed = `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
    let note: string;
    if (this.statusTimeout === 0n) note = ` ( ${elapsed} )`;
    else if (BigInt(seconds) <= this.statusTimeout) {
      note = ` ( ${elapsed} : ${this.statusTimeout / 60n}m ${this.statusTimeout % 60n}s )`;
    } else note = ` ( ${elapsed} : timeout reached )`;
    this.elapsedLength = note.length;
    this.tty(note);
  }
}
