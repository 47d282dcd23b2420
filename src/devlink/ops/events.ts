/**
 * devlink notifications ("config" multicast group) as an async iterable of decoded events.
 *
 * Why a `resync` event: when the socket's receive buffer overflows the kernel drops notifications
 * (ENOBUFS); a daemon that mirrors devlink state must then re-dump. The stream says so explicitly
 * instead of pretending nothing was lost. The same happens when the consumer falls too far behind
 * (the queue is bounded).
 */
import { HOST_LITTLE_ENDIAN } from '../../netlink/byte-order.js';
import type { AttributeTree } from '../codec.js';
import { decodeDevice, decodePort, decodeRate } from '../decode.js';
import type { DevlinkSession } from '../session.js';
import { decodeDevlinkMessage } from '../session.js';
import { commandName, DEVLINK_CMD } from '../spec/commands.js';
import { HEALTH_REPORTER_STATE, LINECARD_STATE } from '../spec/enums.js';
import { big, bool, enumValue, nest, num, str } from '../tree.js';
import type { DevlinkDevice, DevlinkParam, DevlinkPort, DevlinkRate, UnknownEnumValue } from '../types.js';
import { decodeParam } from './params.js';
import { decodeLinecard, type DevlinkLinecard } from './linecards.js';
import { decodeTrap, decodeTrapGroup, decodeTrapPolicer, type DevlinkTrap, type DevlinkTrapGroup, type DevlinkTrapPolicer } from './traps.js';

/** `new` for *_NEW notifications (created or changed), `del` for *_DEL (removed). */
export type EventAction = 'new' | 'del';

/** Fields every decoded notification has. */
interface EventBase {
  /** The genl command of the notification. */
  readonly command: number;
  /** The notification's full attribute tree. */
  readonly attributes: AttributeTree;
}

/** A health reporter as carried by health notifications. */
export interface HealthReporterSummary {
  readonly name?: string;
  readonly state?: 'healthy' | 'error' | UnknownEnumValue;
  readonly errorCount?: bigint;
  readonly recoverCount?: bigint;
  readonly gracefulPeriod?: bigint;
  readonly autoRecover?: boolean;
  readonly autoDump?: boolean;
}

/** A decoded devlink notification, discriminated by `kind`. */
export type DevlinkEvent =
  | (EventBase & { readonly kind: 'dev'; readonly action: EventAction; readonly device: DevlinkDevice })
  | (EventBase & { readonly kind: 'port'; readonly action: EventAction; readonly port: DevlinkPort })
  | (EventBase & { readonly kind: 'param'; readonly action: EventAction; readonly param: DevlinkParam })
  | (EventBase & { readonly kind: 'port-param'; readonly action: EventAction; readonly handle: string })
  | (EventBase & { readonly kind: 'rate'; readonly action: EventAction; readonly rate: DevlinkRate })
  | (EventBase & { readonly kind: 'health'; readonly handle: string; readonly portIndex?: number; readonly reporter: HealthReporterSummary })
  | (EventBase & { readonly kind: 'region'; readonly action: EventAction; readonly handle: string; readonly portIndex?: number; readonly region?: string; readonly snapshotId?: number; /** Sent for a region (not a snapshot) appearing or going. */ readonly size?: bigint })
  | (EventBase & { readonly kind: 'trap'; readonly action: EventAction; readonly handle: string; readonly name?: string; readonly trap?: DevlinkTrap })
  | (EventBase & { readonly kind: 'trap-group'; readonly action: EventAction; readonly handle: string; readonly name?: string; readonly group?: DevlinkTrapGroup })
  | (EventBase & { readonly kind: 'trap-policer'; readonly action: EventAction; readonly handle: string; readonly id?: number; readonly policer?: DevlinkTrapPolicer })
  | (EventBase & { readonly kind: 'linecard'; readonly action: EventAction; readonly handle: string; readonly index?: number; readonly state?: string; readonly type?: string; readonly linecard?: DevlinkLinecard })
  | (EventBase & { readonly kind: 'flash'; readonly stage: 'begin' | 'end' | 'status'; readonly handle: string; readonly message?: string; readonly component?: string; readonly done?: bigint; readonly total?: bigint; readonly timeout?: bigint })
  | (EventBase & { readonly kind: 'unknown'; readonly commandName: string; readonly error?: Error })
  | { readonly kind: 'resync'; readonly reason: Error };

function deviceOf(tree: AttributeTree): string {
  return `${str(tree, 'bus-name') ?? ''}/${str(tree, 'dev-name') ?? ''}`;
}

function optional<T extends object>(fields: T): T {
  for (const key of Object.keys(fields)) if ((fields as Record<string, unknown>)[key] === undefined) delete (fields as Record<string, unknown>)[key];
  return fields;
}

/** The typed view of an event's object, or undefined when the message lacks what it needs. */
function attempt<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}

/** Decodes one notification; anything undecodable becomes an `unknown` event, never an exception. */
export function decodeEvent(command: number, tree: AttributeTree): DevlinkEvent {
  const C = DEVLINK_CMD;
  const base = { command, attributes: tree };
  try {
    switch (command) {
      case C.new: case C.del:
        // Kernels that answered port objects with NEW: a NEW carrying a port index is a port.
        if (command === C.new && num(tree, 'port-index') !== undefined) {
          return { ...base, kind: 'port', action: 'new', port: decodePort(tree) };
        }
        return { ...base, kind: 'dev', action: command === C.new ? 'new' : 'del', device: decodeDevice(tree) };
      case C['port-new']: case C['port-del']:
        return { ...base, kind: 'port', action: command === C['port-new'] ? 'new' : 'del', port: decodePort(tree) };
      case C['param-new']: case C['param-del']:
        return { ...base, kind: 'param', action: command === C['param-new'] ? 'new' : 'del', param: decodeParam(tree) };
      case C['port-param-new']: case C['port-param-del']:
        return { ...base, kind: 'port-param', action: command === C['port-param-new'] ? 'new' : 'del', handle: deviceOf(tree) };
      case C['rate-new']: case C['rate-del']:
        return { ...base, kind: 'rate', action: command === C['rate-new'] ? 'new' : 'del', rate: decodeRate(tree) };
      case C['health-reporter-recover']: {
        const reporter = nest(tree, 'health-reporter') ?? tree;
        return optional({
          ...base, kind: 'health' as const, handle: deviceOf(tree), portIndex: num(tree, 'port-index'),
          reporter: optional({
            name: str(reporter, 'health-reporter-name'),
            state: enumValue<'healthy' | 'error'>(reporter, 'health-reporter-state', HEALTH_REPORTER_STATE),
            errorCount: big(reporter, 'health-reporter-err-count'),
            recoverCount: big(reporter, 'health-reporter-recover-count'),
            gracefulPeriod: big(reporter, 'health-reporter-graceful-period'),
            autoRecover: bool(reporter, 'health-reporter-auto-recover'),
            autoDump: bool(reporter, 'health-reporter-auto-dump'),
          }),
        });
      }
      case C['region-new']: case C['region-del']:
        return optional({
          ...base, kind: 'region' as const, action: command === C['region-new'] ? 'new' as const : 'del' as const, handle: deviceOf(tree),
          portIndex: num(tree, 'port-index'), region: str(tree, 'region-name'), snapshotId: num(tree, 'region-snapshot-id'), size: big(tree, 'region-size'),
        });
      case C['trap-new']: case C['trap-del']:
        return optional({ ...base, kind: 'trap' as const, action: command === C['trap-new'] ? 'new' as const : 'del' as const, handle: deviceOf(tree), name: str(tree, 'trap-name'), trap: attempt(() => decodeTrap(tree)) });
      case C['trap-group-new']: case C['trap-group-del']:
        return optional({ ...base, kind: 'trap-group' as const, action: command === C['trap-group-new'] ? 'new' as const : 'del' as const, handle: deviceOf(tree), name: str(tree, 'trap-group-name'), group: attempt(() => decodeTrapGroup(tree)) });
      case C['trap-policer-new']: case C['trap-policer-del']:
        return optional({ ...base, kind: 'trap-policer' as const, action: command === C['trap-policer-new'] ? 'new' as const : 'del' as const, handle: deviceOf(tree), id: num(tree, 'trap-policer-id'), policer: attempt(() => decodeTrapPolicer(tree)) });
      case C['linecard-new']: case C['linecard-del']:
        return optional({
          ...base, kind: 'linecard' as const, action: command === C['linecard-new'] ? 'new' as const : 'del' as const, handle: deviceOf(tree),
          index: num(tree, 'linecard-index'), state: enumValue<string>(tree, 'linecard-state', LINECARD_STATE), type: str(tree, 'linecard-type'),
          linecard: attempt(() => decodeLinecard(tree)),
        });
      case C['flash-update']: case C['flash-update-end']: case C['flash-update-status']:
        return optional({
          ...base, kind: 'flash' as const,
          stage: command === C['flash-update'] ? 'begin' as const : command === C['flash-update-end'] ? 'end' as const : 'status' as const,
          handle: deviceOf(tree), message: str(tree, 'flash-update-status-msg'), component: str(tree, 'flash-update-component'),
          done: big(tree, 'flash-update-status-done'), total: big(tree, 'flash-update-status-total'), timeout: big(tree, 'flash-update-status-timeout'),
        });
      default:
        return { ...base, kind: 'unknown', commandName: commandName(command) };
    }
  } catch (error) {
    return { ...base, kind: 'unknown', commandName: commandName(command), error: error as Error };
  }
}

/** Options of an event stream. */
export interface EventStreamOptions {
  /** Ends the stream (iteration completes normally) when aborted. */
  signal?: AbortSignal;
  /** Events buffered for a slow consumer before they are dropped for one `resync`; default 4096. */
  maxQueue?: number;
  /**
   * Only these kinds are delivered (`resync` always is). Why: a consumer that waits for port
   * states among thousands of notifications (an SF's attach also announces its new instance, its
   * params and its own port) should not pay for decoding the rest; notifications of other
   * commands are dropped before their attributes are decoded. Default: every kind.
   */
  kinds?: readonly Exclude<DevlinkEvent['kind'], 'resync'>[];
  /**
   * Called with what a notification is about (its instance and port index, read from its first
   * attributes) before it is decoded; false drops it (`resync` is always delivered). Why: an
   * SF's activation announces its port several times, its new instance and that instance's port;
   * a consumer waiting for a few ports' states should not pay for decoding the rest.
   */
  filter?: (subject: NotificationSubject) => boolean;
}

/** What a notification is about: `bus/dev`, and the port index when it is about a port (or a port's object). */
export interface NotificationSubject {
  readonly device: string;
  readonly portIndex?: number;
}

/**
 * What a notification is about, read from its top-level bus-name, dev-name and port-index
 * attributes (the kernel puts them first) without decoding the rest; undefined when it names no
 * instance (or not in ASCII: the full decoder then reads it).
 */
export function notificationSubject(bytes: Uint8Array): NotificationSubject | undefined {
  let bus: string | undefined;
  let dev: string | undefined;
  let portIndex: number | undefined;
  let position = 0;
  while (position + 4 <= bytes.length) {
    const length = bytes[position]! | (bytes[position + 1]! << 8);
    const type = (bytes[position + 2]! | (bytes[position + 3]! << 8)) & 0x3fff;
    if (length < 4 || position + length > bytes.length) break;
    if (type === 1 || type === 2) {
      let text = '';
      for (let i = position + 4; i < position + length && bytes[i] !== 0; i++) {
        if (bytes[i]! >= 0x80) return undefined;
        text += String.fromCharCode(bytes[i]!);
      }
      if (type === 1) bus = text;
      else dev = text;
    } else if (type === 3 && length >= 8) {
      portIndex = new DataView(bytes.buffer, bytes.byteOffset + position + 4, 4).getUint32(0, HOST_LITTLE_ENDIAN);
    } else if (bus !== undefined && dev !== undefined) {
      break; // past the handle: the port index, when there is one, comes right after it
    }
    position += (length + 3) & ~3;
  }
  if (bus === undefined || dev === undefined) return undefined;
  return portIndex !== undefined ? { device: `${bus}/${dev}`, portIndex } : { device: `${bus}/${dev}` };
}

/** The notification commands that can decode to one of `kinds` (`new` may be a port, on old kernels). */
function commandsOf(kinds: readonly string[]): Set<number> {
  const C = DEVLINK_CMD;
  const byKind: Record<string, number[]> = {
    dev: [C.new, C.del], port: [C['port-new'], C['port-del'], C.new], param: [C['param-new'], C['param-del']],
    'port-param': [C['port-param-new'], C['port-param-del']], rate: [C['rate-new'], C['rate-del']], health: [C['health-reporter-recover']],
    region: [C['region-new'], C['region-del']], trap: [C['trap-new'], C['trap-del']], 'trap-group': [C['trap-group-new'], C['trap-group-del']],
    'trap-policer': [C['trap-policer-new'], C['trap-policer-del']], linecard: [C['linecard-new'], C['linecard-del']],
    flash: [C['flash-update'], C['flash-update-end'], C['flash-update-status']],
  };
  return new Set(kinds.flatMap((kind) => byKind[kind] ?? []));
}

/**
 * A live stream of devlink events. Subscribed and joined to the "config" group as soon as it is
 * created (events from then on are buffered), so a caller can subscribe, then read current state,
 * then consume events without a gap.
 */
export class DevlinkEventStream implements AsyncIterableIterator<DevlinkEvent> {
  private readonly queue: DevlinkEvent[] = [];
  private waiter: ((result: IteratorResult<DevlinkEvent>) => void) | undefined;
  private closed = false;
  private finishing = false;
  private listening = true;
  private readonly unsubscribe: () => void;
  private readonly leave: () => void;
  private forget: (() => void) | undefined;
  private readonly maxQueue: number;
  private readonly onAbort = (): void => this.close();
  private readonly signal: AbortSignal | undefined;

  constructor(session: DevlinkSession, options: EventStreamOptions = {}) {
    this.maxQueue = options.maxQueue ?? 4096;
    this.signal = options.signal;
    if (session.isClosed) {
      // Nothing will ever arrive: an already finished stream.
      this.closed = true;
      this.listening = false;
      this.unsubscribe = () => {};
      this.leave = () => {};
      return;
    }
    const kinds = options.kinds && !options.kinds.includes('unknown') ? new Set<string>(options.kinds) : undefined;
    const commands = kinds ? commandsOf([...kinds]) : undefined;
    const filter = options.filter;
    this.unsubscribe = session.genl.subscribe(session.family, (event) => {
      if (event.kind === 'overflow') {
        this.push({ kind: 'resync', reason: event.error });
        return;
      }
      if (commands && !commands.has(event.message.command)) return;
      if (filter) {
        const subject = notificationSubject(event.message.attributes);
        if (subject !== undefined && !filter(subject)) return;
      }
      let decoded: DevlinkEvent;
      try {
        const message = decodeDevlinkMessage(event.message);
        decoded = decodeEvent(message.command, message.attributes);
      } catch (error) {
        // Malformed bytes: the event is lost, so state may be stale.
        decoded = { kind: 'resync', reason: error as Error };
      }
      if (kinds && decoded.kind !== 'resync' && !kinds.has(decoded.kind)) return;
      this.push(decoded);
    });
    try {
      this.leave = session.joinConfigGroup();
    } catch (error) {
      this.unsubscribe();
      throw error;
    }
    this.forget = session.onClose(() => this.close());
    if (this.signal?.aborted) this.close();
    else this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private push(event: DevlinkEvent): void {
    if (this.closed) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter({ value: event, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      this.queue.length = 0;
      this.queue.push({ kind: 'resync', reason: new Error(`event queue exceeded ${this.maxQueue} events; events were dropped`) });
      return;
    }
    this.queue.push(event);
  }

  /** Next event; completes (done) once the stream is closed or its signal aborted. */
  next(): Promise<IteratorResult<DevlinkEvent>> {
    const event = this.queue.shift();
    if (event) {
      if (this.finishing && this.queue.length === 0) this.close();
      return Promise.resolve({ value: event, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Called by `break` in a for-await loop: closes the stream. */
  return(): Promise<IteratorResult<DevlinkEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Stops listening but keeps what is buffered: `next()` returns the buffered events, then
   * completes. Why: a caller that listened around a request (flash progress) wants every event
   * the kernel sent before its answer, and none after.
   */
  finish(): void {
    if (this.closed || this.finishing) return;
    this.finishing = true;
    this.stopListening();
    if (this.queue.length === 0) this.close();
  }

  private stopListening(): void {
    if (this.listening) {
      this.listening = false;
      this.signal?.removeEventListener('abort', this.onAbort);
      this.unsubscribe();
      this.leave();
      this.forget?.();
    }
  }

  /** Stops listening; buffered events are discarded, a pending `next()` completes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.stopListening();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.({ value: undefined, done: true });
  }
}
