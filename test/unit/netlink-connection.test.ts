/**
 * NetlinkConnection end to end over the fake kernel: real netlink bytes in both directions,
 * asynchronous delivery like a socket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AttributeWriter } from '../../src/netlink/attributes.js';
import { readU32 } from '../../src/netlink/attribute-values.js';
import { NetlinkConnection, type NetlinkEvent } from '../../src/netlink/connection.js';
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_MULTI, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import {
  NetlinkConnectionClosedError,
  NetlinkDumpInterruptedError,
  NetlinkKernelError,
  NetlinkOverflowError,
  NetlinkProtocolError,
  NetlinkTimeoutError,
} from '../../src/netlink/errors.js';
import { encodeMessage, parseDatagram, type NetlinkMessage } from '../../src/netlink/message.js';
import { parseErrorMessage } from '../../src/netlink/ack.js';
import { encodeGenlPayload, parseGenlMessage } from '../../src/genl/header.js';
import { parseAttributes } from '../../src/netlink/attributes.js';
import { FakeKernel, FakeKernelError, type FakeFamilyHandler, type FakeTransport } from '../support/fake-kernel.js';
import { genlMessage } from '../support/netlink-builders.js';

const CMD_ECHO = 1;
const CMD_LIST = 2;
const ATTR_VALUE = 1;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const value = (n: number): Uint8Array => new AttributeWriter().u32(ATTR_VALUE, n).finish();
const valueOf = (payload: Uint8Array): number => readU32(parseAttributes(payload.subarray(4))[0]!);

const opened: NetlinkConnection[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

function setup(handler: FakeFamilyHandler, options: { timeoutMs?: number; dumpRetries?: number; capAck?: boolean } = {}) {
  const kernel = new FakeKernel();
  const family = kernel.registerFamily({ name: 'test', version: 1, multicastGroups: ['events'], handler });
  const transport = kernel.openTransport(options.capAck === undefined ? {} : { capAck: options.capAck });
  const connection = new NetlinkConnection(transport, options);
  opened.push(connection);
  const payload = (command: number, attributes: Uint8Array = new Uint8Array(0)): Uint8Array =>
    encodeGenlPayload(command, 1, attributes);
  return { kernel, family, transport, connection, payload };
}

/** Echoes ATTR_VALUE back in one reply, or lists `value` parts for dumps. */
const echoHandler: FakeFamilyHandler = (req) => {
  const n = readU32(req.attribute(ATTR_VALUE)!);
  if (req.isDump) for (let i = 0; i < n; i++) req.reply(CMD_LIST, value(i));
  else req.reply(CMD_ECHO, value(n));
};

describe('requests and acks', () => {
  it('sends REQUEST|ACK with its own seq and port 0, and resolves with the replies before the ack', async () => {
    const { kernel, family, connection, payload, transport } = setup(echoHandler);
    const replies = await connection.request(family.id, 0, payload(CMD_ECHO, value(42)));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ type: family.id, flags: 0, portId: transport.portId });
    expect(valueOf(replies[0]!.payload)).toBe(42);
    expect(replies.warning).toBeUndefined();

    const [logged] = kernel.requests;
    const seq = logged!.message.seq;
    expect(seq).toBeGreaterThan(0);
    expect(replies[0]!.seq).toBe(seq);
    expect(hex(logged!.bytes)).toBe(
      hex(encodeMessage({ type: family.id, flags: NLM_F_REQUEST | NLM_F_ACK, seq, payload: payload(CMD_ECHO, value(42)) })),
    );
  });

  it('adds flags from the argument and from options', async () => {
    const { kernel, family, connection, payload } = setup(() => undefined);
    await connection.request(family.id, 0x400, payload(CMD_ECHO), { flags: 0x200 });
    expect(kernel.requests[0]!.message.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | 0x400 | 0x200);
  });

  it('uses consecutive sequence numbers and wraps past 2^32-1 to 1', async () => {
    const { kernel, family, connection, payload } = setup(() => undefined);
    await connection.request(family.id, 0, payload(CMD_ECHO));
    await connection.request(family.id, 0, payload(CMD_ECHO));
    const [a, b] = kernel.requests.map((r) => r.message.seq);
    expect(b).toBe(a! + 1);
    (connection as unknown as { seq: number }).seq = 0xfffffffe;
    await connection.request(family.id, 0, payload(CMD_ECHO));
    await connection.request(family.id, 0, payload(CMD_ECHO));
    expect(kernel.requests.slice(2).map((r) => r.message.seq)).toEqual([0xffffffff, 1]);
  });

  it('rejects with NetlinkKernelError carrying errno, extack message and described paths', async () => {
    const { connection, family, payload } = setup((req) => {
      req.fail('EINVAL', { message: 'value too large', offset: req.attribute(ATTR_VALUE)!.offset, missingType: 9 });
    });
    const error = await connection
      .request(family.id, 0, payload(CMD_ECHO, value(7)), {
        describeOffset: (request, offset) => (offset === 20 && request.length === 28 ? 'value' : undefined),
        describeMissing: (_request, type) => `attr-${type}`,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect(error).toMatchObject({
      message: 'value too large',
      errno: 22,
      code: 'EINVAL',
      description: 'Invalid argument',
      extack: { message: 'value too large', offset: 20, attributePath: 'value', missingType: 9, missingPath: 'attr-9' },
    });
  });

  it('parses errors from sockets without NETLINK_CAP_ACK (request echoed in full)', async () => {
    const { connection, family, payload } = setup((req) => req.fail('EBUSY', { message: 'in use', offset: 20 }), { capAck: false });
    await expect(connection.request(family.id, 0, payload(CMD_ECHO, value(1)))).rejects.toMatchObject({
      code: 'EBUSY',
      message: 'in use',
      extack: { offset: 20 },
    });
  });

  it('uses the strerror text when the kernel sends no extack message', async () => {
    const { connection, family, payload } = setup((req) => {
      throw new FakeKernelError('EOPNOTSUPP');
    });
    await expect(connection.request(family.id, 0, payload(CMD_ECHO))).rejects.toMatchObject({
      message: 'Operation not supported',
      code: 'EOPNOTSUPP',
      errno: 95,
    });
  });

  it('keeps an ack warning on the result and reports it to onWarning', async () => {
    const { connection, family, payload } = setup((req) => req.warn('rate rounded to 125000'));
    const warnings: unknown[] = [];
    const replies = await connection.request(family.id, 0, payload(CMD_ECHO), { onWarning: (w) => warnings.push(w) });
    expect(replies.warning).toEqual({ message: 'rate rounded to 125000' });
    expect(warnings).toEqual([{ message: 'rate rounded to 125000' }]);
  });

  it('keeps many requests in flight and matches replies answered out of order', async () => {
    const { connection, family, payload } = setup(async (req) => {
      const n = readU32(req.attribute(ATTR_VALUE)!);
      await sleep((20 - n) * 2); // later requests answer first
      req.reply(CMD_ECHO, value(n * 10));
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => connection.request(family.id, 0, payload(CMD_ECHO, value(n)))),
    );
    expect(results.map((r) => valueOf(r[0]!.payload))).toEqual(Array.from({ length: 20 }, (_, n) => n * 10));
  });

  it('matches by port id too: a reply with the right seq for another port is not ours', async () => {
    const { kernel, connection, family, payload, transport } = setup((req) => {
      req.raw(genlMessage(req.family.id, CMD_ECHO, value(666), { seq: req.message.seq, portId: transport.portId + 1 }));
      req.reply(CMD_ECHO, value(1));
    });
    const events: NetlinkEvent[] = [];
    connection.subscribe((e) => events.push(e));
    const replies = await connection.request(family.id, 0, payload(CMD_ECHO));
    expect(replies.map((r) => valueOf(r.payload))).toEqual([1]);
    expect(events).toHaveLength(1); // the foreign-port message is treated as unsolicited
    expect(kernel.requests).toHaveLength(1);
  });
});

describe('dumps', () => {
  it('collects NLM_F_MULTI parts spread over several datagrams until NLMSG_DONE', async () => {
    const { kernel, family, connection, payload, transport } = setup((req) => {
      req.partsPerDatagram = 2;
      echoHandler(req);
    });
    const delivered: number[] = [];
    const originalDeliver = transport.deliver.bind(transport);
    transport.deliver = (datagram: Uint8Array) => {
      delivered.push(parseDatagram(datagram).length);
      originalDeliver(datagram);
    };
    const parts = await connection.dump(family.id, payload(CMD_LIST, value(5)));
    expect(parts.map((p) => valueOf(p.payload))).toEqual([0, 1, 2, 3, 4]);
    expect(parts.every((p) => (p.flags & NLM_F_MULTI) !== 0)).toBe(true);
    expect(delivered).toEqual([2, 2, 2]); // 2 parts, 2 parts, last part + DONE
    expect(kernel.requests[0]!.message.flags).toBe(NLM_F_REQUEST | NLM_F_DUMP);
  });

  it('resolves an empty dump', async () => {
    const { family, connection, payload } = setup(echoHandler);
    await expect(connection.dump(family.id, payload(CMD_LIST, value(0)))).resolves.toEqual([]);
  });

  it('rejects with the error carried in NLMSG_DONE', async () => {
    const { family, connection, payload } = setup((req) => {
      req.reply(CMD_LIST, value(1));
      req.failDone('EMSGSIZE', { message: 'entry too big' });
    });
    await expect(connection.dump(family.id, payload(CMD_LIST))).rejects.toMatchObject({
      code: 'EMSGSIZE',
      message: 'entry too big',
    });
  });

  it('rejects when the dump cannot start (NLMSG_ERROR)', async () => {
    const { family, connection, payload } = setup((req) => req.fail('EOPNOTSUPP'));
    await expect(connection.dump(family.id, payload(CMD_LIST))).rejects.toBeInstanceOf(NetlinkKernelError);
  });

  it('restarts a dump marked NLM_F_DUMP_INTR with a new sequence number and returns only the clean run', async () => {
    const { kernel, family, connection, payload } = setup(echoHandler);
    kernel.interruptDumps(family, 2);
    const parts = await connection.dump(family.id, payload(CMD_LIST, value(3)));
    expect(parts.map((p) => valueOf(p.payload))).toEqual([0, 1, 2]);
    expect(parts.every((p) => (p.flags & NLM_F_DUMP_INTR) === 0)).toBe(true);
    const seqs = kernel.requests.map((r) => r.message.seq);
    expect(seqs).toHaveLength(3);
    expect(new Set(seqs).size).toBe(3);
  });

  it('gives up after dumpRetries with NetlinkDumpInterruptedError', async () => {
    const { kernel, family, connection, payload } = setup(echoHandler, { dumpRetries: 2 });
    kernel.interruptDumps(family, 100);
    const error = await connection.dump(family.id, payload(CMD_LIST, value(3))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkDumpInterruptedError);
    expect(error).toMatchObject({ code: 'EINTR', attempts: 3, messageType: family.id });
    expect((error as Error).message).toBe(
      `netlink dump (message type ${family.id}) was interrupted by concurrent changes (NLM_F_DUMP_INTR) on all 3 attempts; its results would be inconsistent`,
    );
    expect(kernel.requests).toHaveLength(3);
  });

  it('the fake kernel, like the real one, refuses a second dump on a socket while one runs (EBUSY)', async () => {
    const { kernel, family, transport, payload } = setup(echoHandler);
    const received: NetlinkMessage[] = [];
    transport.start((datagram) => received.push(...parseDatagram(datagram)), () => {});
    const bySeq = (seq: number): string[] => received.filter((m) => m.seq === seq).map((m) => (m.type === 2 ? `error ${parseErrorMessage(m).errno}` : m.type === 3 ? 'done' : 'part'));
    const dump = (seq: number): Uint8Array => encodeMessage({ type: family.id, flags: NLM_F_REQUEST | NLM_F_DUMP, seq, payload: payload(CMD_LIST, value(2)) });
    transport.send(dump(1));
    transport.send(dump(2));
    await sleep(10);
    expect(bySeq(1)).toEqual(['part', 'part', 'done']);
    expect(bySeq(2)).toEqual(['error 16']); // EBUSY
    expect(kernel.requests).toHaveLength(2);
    transport.send(dump(3)); // the first one has ended: accepted
    await sleep(10);
    expect(bySeq(3)).toEqual(['part', 'part', 'done']);
  });

  it('runs dumps on one connection one at a time, in call order: many at once all succeed', async () => {
    const { kernel, family, connection, payload } = setup((req) => {
      req.partsPerDatagram = 1;
      echoHandler(req);
    });
    const results = await Promise.all([1, 2, 3, 4].map((n) => connection.dump(family.id, payload(CMD_LIST, value(n)))));
    expect(results.map((parts) => parts.map((p) => valueOf(p.payload)))).toEqual([[0], [0, 1], [0, 1, 2], [0, 1, 2, 3]]);
    const dumps = kernel.requests.filter((r) => (r.message.flags & NLM_F_DUMP) !== 0);
    expect(dumps.map((r) => valueOf(r.message.payload))).toEqual([1, 2, 3, 4]);
    // each sent in a datagram of its own, after the one before had ended
    expect(new Set(dumps.map((r) => r.datagram)).size).toBe(4);
  });

  it('requests are not held back by a running dump; a queued dump that times out is never sent', async () => {
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { kernel, family, connection, payload } = setup(async (req) => {
      if (req.isDump && readU32(req.attribute(ATTR_VALUE)!) === 1) await gate;
      echoHandler(req);
    });
    const first = connection.dump(family.id, payload(CMD_LIST, value(1)));
    const expired = connection.dump(family.id, payload(CMD_LIST, value(2)), { timeoutMs: 20 });
    const third = connection.dump(family.id, payload(CMD_LIST, value(3)));
    const echo = await connection.request(family.id, 0, payload(CMD_ECHO, value(7)));
    expect(valueOf(echo[0]!.payload)).toBe(7);
    await expect(expired).rejects.toBeInstanceOf(NetlinkTimeoutError);
    release!();
    expect((await first).map((p) => valueOf(p.payload))).toEqual([0]);
    expect((await third).map((p) => valueOf(p.payload))).toEqual([0, 1, 2]);
    expect(kernel.requests.filter((r) => (r.message.flags & NLM_F_DUMP) !== 0).map((r) => valueOf(r.message.payload))).toEqual([1, 3]);
  });

  it('close() rejects queued dumps too', async () => {
    const { family, connection, payload } = setup((req) => req.silence());
    const running = connection.dump(family.id, payload(CMD_LIST, value(1)));
    const queued = connection.dump(family.id, payload(CMD_LIST, value(1)));
    connection.close();
    await expect(running).rejects.toBeInstanceOf(NetlinkConnectionClosedError);
    await expect(queued).rejects.toBeInstanceOf(NetlinkConnectionClosedError);
  });
});

describe('timeouts and abort', () => {
  it('rejects with NetlinkTimeoutError naming the message type and timeout, then drops the late reply', async () => {
    const { family, connection, payload, transport } = setup((req) => req.silence(), { timeoutMs: 30 });
    const error = await connection.request(family.id, 0, payload(CMD_ECHO)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkTimeoutError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', messageType: family.id, timeoutMs: 30 });
    expect((error as Error).message).toBe(`netlink request (message type ${family.id}) got no reply within 30 ms`);
    expect(transport.referenced).toBe(false);
  });

  it('a per-call timeout overrides the connection default', async () => {
    const { family, connection, payload } = setup((req) => req.silence());
    await expect(connection.dump(family.id, payload(CMD_LIST), { timeoutMs: 20 })).rejects.toMatchObject({
      message: `netlink dump (message type ${family.id}) got no reply within 20 ms`,
    });
  });

  it('an already-aborted signal rejects with its reason without sending anything', async () => {
    const { kernel, family, connection, payload, transport } = setup(echoHandler);
    const controller = new AbortController();
    controller.abort();
    const error = await connection.request(family.id, 0, payload(CMD_ECHO), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect((error as DOMException).name).toBe('AbortError');
    await sleep(5);
    expect(transport.sent).toHaveLength(0);
    expect(kernel.requests).toHaveLength(0);
  });

  it('aborting a request in flight rejects with the reason; its late reply reaches nobody', async () => {
    let answer: (() => void) | undefined;
    const { family, connection, payload } = setup(
      (req) =>
        new Promise<void>((resolve) => {
          answer = () => {
            req.reply(CMD_ECHO, value(1));
            resolve();
          };
        }),
    );
    const events: NetlinkEvent[] = [];
    connection.subscribe((e) => events.push(e));
    const controller = new AbortController();
    const pending = connection.request(family.id, 0, payload(CMD_ECHO), { signal: controller.signal });
    await sleep(5);
    controller.abort(new Error('user gave up'));
    await expect(pending).rejects.toThrow('user gave up');
    answer!();
    await sleep(5);
    expect(events).toEqual([]);
  });
});

describe('multicast', () => {
  it('delivers messages of joined groups (seq 0) to subscribers, not those of other groups', async () => {
    const { kernel, family, connection } = setup(echoHandler);
    const other = kernel.registerFamily({ name: 'other', multicastGroups: ['noise'] });
    const events: NetlinkEvent[] = [];
    const unsubscribe = connection.subscribe((e) => events.push(e));
    connection.addMembership(family.multicastGroups.get('events')!);
    expect(kernel.multicast(family, 'events', 5, value(99))).toBe(1);
    expect(kernel.multicast(other, 'noise', 5, value(1))).toBe(0);
    await sleep(5);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.kind).toBe('message');
    if (event.kind === 'message') {
      expect(event.message).toMatchObject({ type: family.id, seq: 0, portId: 0 });
      expect(parseGenlMessage(event.message).command).toBe(5);
    }
    unsubscribe();
    connection.dropMembership(family.multicastGroups.get('events')!);
    expect(kernel.multicast(family, 'events', 5, value(99))).toBe(0);
  });

  it('interleaves multicast with replies without confusing them', async () => {
    const { kernel, family, connection, payload } = setup((req) => {
      kernel.multicast(family, 'events', 6, value(7));
      req.reply(CMD_ECHO, value(8));
    });
    const events: NetlinkEvent[] = [];
    connection.subscribe((e) => events.push(e));
    connection.addMembership(family.multicastGroups.get('events')!);
    const replies = await connection.request(family.id, 0, payload(CMD_ECHO));
    expect(replies.map((r) => valueOf(r.payload))).toEqual([8]);
    expect(events.map((e) => (e.kind === 'message' ? valueOf(e.message.payload) : -1))).toEqual([7]);
  });

  it('drops stale replies to finished requests instead of treating them as notifications', async () => {
    const { kernel, family, connection, payload, transport } = setup(echoHandler);
    const events: NetlinkEvent[] = [];
    connection.subscribe((e) => events.push(e));
    await connection.request(family.id, 0, payload(CMD_ECHO, value(1)));
    const seq = kernel.requests[0]!.message.seq;
    transport.deliver(genlMessage(family.id, CMD_ECHO, value(2), { seq, portId: transport.portId }));
    await sleep(5);
    expect(events).toEqual([]);
  });
});

describe('overflow (ENOBUFS)', () => {
  it('emits an overflow event and keeps the connection working', async () => {
    const { kernel, family, connection, payload, transport } = setup(echoHandler);
    const events: NetlinkEvent[] = [];
    connection.subscribe((e) => events.push(e));
    kernel.injectOverflow(transport);
    await sleep(5);
    expect(events).toHaveLength(1);
    expect(events[0]!.kind).toBe('overflow');
    if (events[0]!.kind === 'overflow') {
      expect(events[0]!.error).toBeInstanceOf(NetlinkOverflowError);
      expect(events[0]!.error).toMatchObject({ code: 'ENOBUFS' });
    }
    const replies = await connection.request(family.id, 0, payload(CMD_ECHO, value(3)));
    expect(valueOf(replies[0]!.payload)).toBe(3);
    expect(transport.closed).toBe(false);
  });

  it('fails requests whose replies were lost with a retryable ENOBUFS error, and restarts dumps', async () => {
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let dumps = 0;
    const { kernel, family, connection, payload } = setup(async (req) => {
      if (!req.isDump) {
        req.reply(CMD_ECHO, value(1));
        req.overflow(); // the reply does not fit in the receive buffer: lost, ENOBUFS reported
        return;
      }
      dumps++;
      if (dumps === 1) await gate; // the first dump attempt is still running when the overflow happens
      echoHandler(req);
    });
    const dump = connection.dump(family.id, payload(CMD_LIST, value(2)));
    const request = connection.request(family.id, 0, payload(CMD_ECHO, value(1)));
    const error = await request.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkOverflowError);
    expect(error).toMatchObject({ code: 'ENOBUFS', retryable: true });
    expect((error as Error).message).toMatch(/while message type \d+ waited for its reply/);
    release!();
    const parts = await dump;
    expect(parts.map((p) => valueOf(p.payload))).toEqual([0, 1]);
    expect(kernel.requests.filter((r) => (r.message.flags & NLM_F_DUMP) !== 0)).toHaveLength(2);
  });

  it('treats a corrupt datagram as a loss: the pending request fails with NetlinkProtocolError', async () => {
    const { family, connection, payload } = setup((req) => {
      req.transport.deliver(new Uint8Array([1, 2, 3]));
      req.silence();
    });
    const events: NetlinkEvent[] = [];
    connection.subscribe((e) => events.push(e));
    await expect(connection.request(family.id, 0, payload(CMD_ECHO))).rejects.toBeInstanceOf(NetlinkProtocolError);
    expect(events.map((e) => e.kind)).toEqual(['overflow']);
  });
});

describe('lifecycle', () => {
  it('refs the transport only while something is pending or subscribed', async () => {
    const { family, connection, payload, transport } = setup(echoHandler);
    expect(transport.referenced).toBe(false);
    const pending = connection.request(family.id, 0, payload(CMD_ECHO, value(1)));
    expect(transport.referenced).toBe(true);
    await pending;
    expect(transport.referenced).toBe(false);
    const unsubscribe = connection.subscribe(() => undefined);
    expect(transport.referenced).toBe(true);
    unsubscribe();
    expect(transport.referenced).toBe(false);
  });

  it('close() rejects pending calls, closes the transport, and later calls reject', async () => {
    const { family, connection, payload, transport } = setup((req) => req.silence());
    const pending = connection.request(family.id, 0, payload(CMD_ECHO));
    const dump = connection.dump(family.id, payload(CMD_LIST));
    connection.close();
    await expect(pending).rejects.toBeInstanceOf(NetlinkConnectionClosedError);
    await expect(dump).rejects.toThrow('netlink connection was closed while the request was waiting for its reply');
    expect(transport.closed).toBe(true);
    expect(transport.referenced).toBe(false);
    await expect(connection.request(family.id, 0, payload(CMD_ECHO))).rejects.toMatchObject({ code: 'ERR_NETLINK_CLOSED' });
    connection.close(); // idempotent
  });

  it('rejects a request whose send fails, with the transport error', async () => {
    const { family, connection, payload, transport } = setup(echoHandler);
    transport.send = () => {
      throw Object.assign(new Error('send EMSGSIZE'), { code: 'EMSGSIZE' });
    };
    await expect(connection.request(family.id, 0, payload(CMD_ECHO))).rejects.toMatchObject({ code: 'EMSGSIZE' });
    expect(transport.referenced).toBe(false);
  });

  it('validates its options', () => {
    const kernel = new FakeKernel();
    expect(() => new NetlinkConnection(kernel.openTransport(), { timeoutMs: -1 })).toThrow(/timeoutMs must be a number >= 0, got -1/);
    expect(() => new NetlinkConnection(kernel.openTransport(), { dumpRetries: 1.5 })).toThrow(/dumpRetries must be an integer >= 0, got 1.5/);
  });
});

// Keep the type import used even if a test above is skipped.
void (null as unknown as FakeTransport);
