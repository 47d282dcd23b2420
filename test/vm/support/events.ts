/**
 * Reading devlink notifications in tests: collect events from a stream until the one we wait for
 * arrives, with a deadline, so a missing notification fails the test instead of hanging it.
 */
import type { DevlinkEvent, DevlinkEventStream } from '../../../src/index.js';

/**
 * Reads events until `done(event)` holds for one of them; resolves with every event read (the
 * matching one last). Rejects after `timeoutMs` naming what was awaited and what was seen.
 */
export async function readEventsUntil(
  stream: DevlinkEventStream,
  done: (event: DevlinkEvent) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<DevlinkEvent[]> {
  const seen: DevlinkEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, left));
    });
    const result = await Promise.race([stream.next(), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      throw new Error(`no ${what} notification within ${timeoutMs} ms; saw: ${seen.map(describeEvent).join(', ') || 'nothing'}`);
    }
    if (result.done) throw new Error(`event stream ended before ${what}`);
    seen.push(result.value);
    if (done(result.value)) return seen;
  }
}

/** One line per event for failure messages: `port new netdevsim/netdevsim3/0`. */
export function describeEvent(event: DevlinkEvent): string {
  switch (event.kind) {
    case 'dev':
      return `dev ${event.action} ${event.device.handle}`;
    case 'port':
      return `port ${event.action} ${event.port.handle}`;
    case 'rate':
      return `rate ${event.action} ${event.rate.handle}`;
    case 'param':
      return `param ${event.action} ${event.param.handle} ${event.param.name}`;
    case 'resync':
      return `resync (${event.reason.message})`;
    case 'unknown':
      return `unknown ${event.commandName}`;
    default:
      return `${event.kind} ${'action' in event ? event.action : ''} ${'handle' in event ? event.handle : ''}`.trim();
  }
}

/**
 * Reads events until every one of `expected` (in {@link describeEvent} form, e.g.
 * `rate new netdevsim/netdevsim3/128`) has been seen, in any order; others are skipped.
 */
export async function readEventsUntilAll(
  stream: DevlinkEventStream,
  expected: readonly string[],
  timeoutMs = 10_000,
): Promise<DevlinkEvent[]> {
  const missing = new Set(expected);
  return readEventsUntil(
    stream,
    (event) => {
      missing.delete(describeEvent(event));
      return missing.size === 0;
    },
    expected.join(' + '),
    timeoutMs,
  );
}
