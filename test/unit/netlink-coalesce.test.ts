/**
 * Requests coalesced into one datagram (transports with `coalescesRequests`, as the real socket):
 * every request made in one event-loop turn goes out in as few sends as fit, and each call still
 * gets exactly its own replies, ack or error, as when sent one datagram each.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AttributeWriter, parseAttributes } from '../../src/netlink/attributes.js';
import { readU32 } from '../../src/netlink/attribute-values.js';
import { NetlinkConnection } from '../../src/netlink/connection.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { parseDatagram } from '../../src/netlink/message.js';
import { encodeGenlPayload } from '../../src/genl/header.js';
import type { NetlinkTransport } from '../../src/netlink/transport.js';
import { FakeKernel, FakeKernelError, type FakeFamilyHandler, type FakeTransport } from '../support/fake-kernel.js';

const CMD_ECHO = 1;
const ATTR_VALUE = 1;
const value = (n: number): Uint8Array => new AttributeWriter().u32(ATTR_VALUE, n).finish();
const valueOf = (payload: Uint8Array): number => readU32(parseAttributes(payload.subarray(4))[0]!);

/** The fake kernel's socket, announcing that it takes several requests per datagram. */
class CoalescingTransport implements NetlinkTransport {
  readonly coalescesRequests = true;
  /** Set to make the next send throw. */
  failNextSend?: NodeJS.ErrnoException;
  constructor(readonly inner: FakeTransport) {}
  get portId(): number {
    return this.inner.portId;
  }
  send(datagram: Uint8Array): void {
    const failure = this.failNextSend;
    if (failure !== undefined) {
      this.failNextSend = undefined;
      throw failure;
    }
    this.inner.send(datagram);
  }
  start(onDatagram: (datagram: Uint8Array) => void, onError: (error: NodeJS.ErrnoException) => void): void {
    this.inner.start(onDatagram, onError);
  }
  addMembership(group: number): void {
    this.inner.addMembership(group);
  }
  dropMembership(group: number): void {
    this.inner.dropMembership(group);
  }
  ref(): void {
    this.inner.ref();
  }
  unref(): void {
    this.inner.unref();
  }
  close(): void {
    this.inner.close();
  }
}

const opened: NetlinkConnection[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

/** Echoes ATTR_VALUE; refuses 13 with EINVAL and an extended ACK pointing at the attribute. */
const echoHandler: FakeFamilyHandler = (req) => {
  const n = readU32(req.attribute(ATTR_VALUE)!);
  if (n === 13) throw new FakeKernelError('EINVAL', { message: 'unlucky', offset: req.attribute(ATTR_VALUE)!.offset });
  req.reply(CMD_ECHO, value(n));
};

function setup() {
  const kernel = new FakeKernel();
  const family = kernel.registerFamily({ name: 'test', version: 1, handler: echoHandler });
  const inner = kernel.openTransport();
  const transport = new CoalescingTransport(inner);
  const connection = new NetlinkConnection(transport);
  opened.push(connection);
  const echo = (n: number, options = {}) => connection.request(family.id, 0, encodeGenlPayload(CMD_ECHO, 1, value(n)), options);
  return { kernel, inner, transport, connection, echo };
}

describe('requests coalesced into one datagram', () => {
  it('sends the requests of one turn in one datagram; each call gets its own reply or error', async () => {
    const { inner, echo } = setup();
    const calls = [echo(1), echo(13), echo(3)];
    expect(inner.sent).toHaveLength(0); // nothing before the turn ends
    const results = await Promise.allSettled(calls);
    expect(inner.sent).toHaveLength(1);
    expect(parseDatagram(inner.sent[0]!)).toHaveLength(3);
    expect(results[0]).toMatchObject({ status: 'fulfilled' });
    expect(valueOf((results[0] as PromiseFulfilledResult<{ payload: Uint8Array }[]>).value[0]!.payload)).toBe(1);
    expect(valueOf((results[2] as PromiseFulfilledResult<{ payload: Uint8Array }[]>).value[0]!.payload)).toBe(3);
    const refused = (results[1] as PromiseRejectedResult).reason as NetlinkKernelError;
    expect(refused).toBeInstanceOf(NetlinkKernelError);
    expect(refused.code).toBe('EINVAL');
    expect(refused.extack?.message).toBe('unlucky');
  });

  it('splits a large turn into datagrams of at most 32 KiB, in order', async () => {
    const { inner, echo } = setup();
    const replies = await Promise.all(Array.from({ length: 2000 }, (_, i) => echo(100 + i)));
    expect(replies.map((r) => valueOf(r[0]!.payload))).toEqual(Array.from({ length: 2000 }, (_, i) => 100 + i));
    expect(inner.sent.length).toBeGreaterThan(1);
    for (const datagram of inner.sent) expect(datagram.length).toBeLessThanOrEqual(32 * 1024);
    const order = inner.sent.flatMap((d) => parseDatagram(d).map((m) => valueOf(m.payload)));
    expect(order).toEqual(Array.from({ length: 2000 }, (_, i) => 100 + i));
  });

  it('does not send a call aborted before the turn ended', async () => {
    const { inner, echo } = setup();
    const controller = new AbortController();
    const aborted = echo(7, { signal: controller.signal });
    const kept = echo(8);
    controller.abort(new Error('changed my mind'));
    await expect(aborted).rejects.toThrow('changed my mind');
    expect(valueOf((await kept)[0]!.payload)).toBe(8);
    expect(parseDatagram(inner.sent[0]!).map((m) => valueOf(m.payload))).toEqual([8]);
  });

  it('fails the calls a failed send carried, and the connection goes on', async () => {
    const { transport, echo } = setup();
    transport.failNextSend = Object.assign(new Error('sendto: No buffer space available'), { code: 'ENOBUFS' });
    const results = await Promise.allSettled([echo(1), echo(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(((results[0] as PromiseRejectedResult).reason as NodeJS.ErrnoException).code).toBe('ENOBUFS');
    expect(valueOf((await echo(3))[0]!.payload)).toBe(3);
  });

  it('sends nothing for calls pending when the connection is closed in the same turn', async () => {
    const { inner, connection, echo } = setup();
    const call = echo(1);
    connection.close();
    await expect(call).rejects.toThrow(/closed/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(inner.sent).toHaveLength(0);
  });
});
