/**
 * A real AF_UNIX datagram receiver standing in for systemd's `$NOTIFY_SOCKET`
 * (test/support/notify-receiver.py, see there why Python), for the sd_notify tests: start it at a
 * path or an `@abstract` name, then wait for the messages it received.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** One datagram as the receiver saw it. */
export interface ReceivedNotification {
  /** The datagram's text, e.g. `READY=1\nSTATUS=...`. */
  message: string;
  /** The sender's pid, from the kernel's SCM_CREDENTIALS (as systemd reads it). */
  pid: number | null;
  /** CLOCK_MONOTONIC at receipt, in microseconds. */
  monotonic_usec: number;
  /** The message's assignments, `KEY` -> `VALUE`. */
  fields: Record<string, string>;
}

const script = fileURLToPath(new URL('./notify-receiver.py', import.meta.url));
/** Debian's python3 when there (a pyenv shim on PATH costs a second of start-up), else PATH's. */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A running receiver: its address, what it received so far, and how to wait for more. */
export class NotifyReceiver {
  readonly received: ReceivedNotification[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    readonly address: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {}

  /** Binds the receiver at `address` (a path or `@name`) and resolves once it can receive. */
  static async start(address: string): Promise<NotifyReceiver> {
    const child = spawn(python, [script, address], { stdio: ['pipe', 'pipe', 'pipe'] });
    const receiver = new NotifyReceiver(address, child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`notify receiver exited (${code}): ${stderr.trim()}`)));
      lines.on('line', (line) => {
        if (line === 'bound') return resolve();
        const parsed = JSON.parse(line) as Omit<ReceivedNotification, 'fields'>;
        const fields = Object.fromEntries(parsed.message.split('\n').map((assignment) => {
          const at = assignment.indexOf('=');
          return [assignment.slice(0, at), assignment.slice(at + 1)];
        }));
        receiver.received.push({ ...parsed, fields });
        for (const wake of receiver.waiters.splice(0)) wake();
      });
    });
    return receiver;
  }

  /**
   * Resolves with the first received message (from index `from` on) that `match` accepts; rejects
   * after `timeoutMs` naming what it waited for and what came.
   */
  async waitFor(match: (n: ReceivedNotification) => boolean, what: string, timeoutMs = 10_000, from = 0): Promise<ReceivedNotification> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no ${what} within ${timeoutMs} ms; received: ${JSON.stringify(this.received.map((r) => r.message))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Stops the receiver (it exits when its stdin closes). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}
