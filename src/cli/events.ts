import type { DevlinkBackend, MonitorEvent } from './backend.js';

/**
 * A queue of notifications with a wait-for-next that can time out or be aborted.
 *
 * Why: both `monitor` and the `--wait` options consume the backend's callback-style
 * subscription as "give me the next event, or tell me the time ran out".
 */
export class EventQueue {
  private readonly events: MonitorEvent[] = [];
  private wake: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;

  /** Subscribes; resolves once notifications are flowing. */
  static async open(backend: DevlinkBackend): Promise<EventQueue> {
    const queue = new EventQueue();
    queue.unsubscribe = await backend.subscribe((event) => {
      queue.events.push(event);
      queue.wake?.();
    });
    return queue;
  }

  /**
   * The next event; undefined when `deadline` (ms since epoch) passes or `signal` aborts first.
   */
  async next(deadline: number, signal?: AbortSignal): Promise<MonitorEvent | undefined> {
    for (;;) {
      const event = this.events.shift();
      if (event) return event;
      const remaining = deadline - Date.now();
      if (remaining <= 0 || signal?.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(remaining, 2 ** 31 - 1));
        const onAbort = (): void => done();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.wake = done;
        function done(): void {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
      });
      this.wake = undefined;
    }
  }

  /** Ends the subscription. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake?.();
  }
}
