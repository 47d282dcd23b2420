/**
 * Notifications as contracts state them: a recorder subscribed before the requests, that waits for
 * the events it expects (never sleeps) and describes each as a short line
 * (`port-new 32768 inactive/detached`, `rate-del node1`, `health port_fw error 1/0`), so a
 * contract can say which commands emit which events, in what order.
 */
import type { Devlink } from '../../src/devlink/client.js';
import type { DevlinkEvent } from '../../src/devlink/ops/events.js';

/** One line for an event of the devices a contract watches. */
export function describeEvent(event: DevlinkEvent): string {
  switch (event.kind) {
    case 'dev': return `dev-${event.action} ${event.device.handle}`;
    case 'port': {
      const fn = event.port.function;
      const state = fn?.state !== undefined || fn?.opstate !== undefined ? ` ${fn.state ?? '-'}/${fn.opstate ?? '-'}` : '';
      return `port-${event.action} ${event.port.portIndex}${state}`;
    }
    case 'rate': return `rate-${event.action} ${event.rate.nodeName ?? event.rate.portIndex}`;
    case 'param': return `param-${event.action} ${event.param.name}`;
    case 'health': return `health ${event.reporter.name}${event.portIndex === undefined ? '' : `@${event.portIndex}`} ${event.reporter.state} ${event.reporter.errorCount}/${event.reporter.recoverCount}`;
    case 'linecard': return `linecard-${event.action} ${event.index} ${event.state}${event.type === undefined ? '' : ` ${event.type}`}`;
    case 'flash': return `flash-${event.stage}${event.message === undefined ? '' : ` ${event.message}`}${event.component === undefined ? '' : ` [${event.component}]`}${event.total ? ` ${event.done}/${event.total}` : ''}${event.timeout ? ` timeout ${event.timeout}` : ''}`;
    case 'region': return `region-${event.action} ${event.region} ${event.snapshotId}`;
    case 'trap': return `trap-${event.action} ${event.name}`;
    case 'trap-group': return `trap-group-${event.action} ${event.name}`;
    case 'trap-policer': return `trap-policer-${event.action} ${event.id}`;
    case 'port-param': return `port-param-${event.action}`;
    case 'unknown': return `unknown ${event.commandName}`;
    case 'resync': return `resync ${event.reason.message}`;
  }
}

/** The device (`bus/dev`) an event belongs to. */
function eventDevice(event: DevlinkEvent): string | undefined {
  switch (event.kind) {
    case 'dev': return event.device.handle;
    case 'port': return `${event.port.busName}/${event.port.deviceName}`;
    case 'rate': return `${event.rate.busName}/${event.rate.deviceName}`;
    case 'param': return `${event.param.busName}/${event.param.deviceName}`;
    case 'resync': return undefined;
    case 'unknown': return undefined;
    default: return event.handle;
  }
}

/** Records the events of some devices from the moment it is made. */
export interface EventRecorder {
  /** Waits until `count` events were recorded (or `until` matches one), then returns and forgets them. */
  take(count: number, timeoutMs?: number): Promise<string[]>;
  /** Waits for an event whose line matches, returning every line recorded up to it (and forgetting them). */
  until(match: RegExp, timeoutMs?: number): Promise<string[]>;
  close(): void;
}

/** Starts recording the events `accept` takes (given the event's device, `bus/dev`, and the event), as lines `describe` makes. */
export function recordEvents(
  dl: Devlink,
  accept: (device: string, event: DevlinkEvent) => boolean,
  describe: (event: DevlinkEvent) => string = describeEvent,
): EventRecorder {
  const stream = dl.events();
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  void (async () => {
    for await (const event of stream) {
      const device = eventDevice(event);
      if (device !== undefined && !accept(device, event)) continue;
      lines.push(describe(event));
      wake?.();
    }
  })();
  const wait = async (done: () => number | undefined, timeoutMs: number, what: string): Promise<string[]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = done();
      if (end !== undefined) return lines.splice(0, end);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; recorded: ${JSON.stringify(lines)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };
  return {
    take: (count, timeoutMs = 20_000) => wait(() => (lines.length >= count ? count : undefined), timeoutMs, `${count} events`),
    until: (match, timeoutMs = 20_000) => wait(() => {
      const at = lines.findIndex((line) => match.test(line));
      return at < 0 ? undefined : at + 1;
    }, timeoutMs, String(match)),
    close: () => stream.close(),
  };
}
