/**
 * The fake kernel itself, at the datagram level: the other layers' tests trust it to behave like
 * the real one (asynchronous delivery, port ids, ack/error/done shapes, batching of dump parts).
 */
import { describe, expect, it } from 'vitest';
import { AttributeWriter } from '../../src/netlink/attributes.js';
import { parseDoneMessage, parseErrorMessage } from '../../src/netlink/ack.js';
import {
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
} from '../../src/netlink/constants.js';
import { encodeMessage, parseDatagram, type NetlinkMessage } from '../../src/netlink/message.js';
import { encodeGenlPayload } from '../../src/genl/header.js';
import { FakeKernel, type FakeFamilyHandler, type FakeTransport } from '../support/fake-kernel.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/** Starts a transport and records every datagram (as parsed messages) and error it receives. */
function record(transport: FakeTransport): { datagrams: NetlinkMessage[][]; errors: string[] } {
  const log = { datagrams: [] as NetlinkMessage[][], errors: [] as string[] };
  transport.start(
    (datagram) => log.datagrams.push(parseDatagram(datagram)),
    (error) => log.errors.push(String(error.code)),
  );
  return log;
}

function setup(handler?: FakeFamilyHandler, options: { capAck?: boolean; extAck?: boolean } = {}) {
  const kernel = new FakeKernel();
  const family = kernel.registerFamily({ name: 'test', multicastGroups: ['a', 'b'], ...(handler ? { handler } : {}) });
  const transport = kernel.openTransport(options);
  const log = record(transport);
  const send = (flags: number, seq = 1, type = family.id): Uint8Array => {
    const bytes = encodeMessage({ type, flags, seq, payload: encodeGenlPayload(1, 1, new AttributeWriter().u32(1, 5).finish()) });
    transport.send(bytes);
    return bytes;
  };
  return { kernel, family, transport, log, send };
}

describe('FakeKernel', () => {
  it('hands out distinct port ids and allocates distinct family and group ids', () => {
    const kernel = new FakeKernel();
    const ports = new Set(Array.from({ length: 5 }, () => kernel.openTransport().portId));
    expect(ports.size).toBe(5);
    const a = kernel.registerFamily({ name: 'a', multicastGroups: ['x', 'y'] });
    const b = kernel.registerFamily({ name: 'b', multicastGroups: ['x'] });
    expect(a.id).not.toBe(b.id);
    expect(new Set([...a.multicastGroups.values(), ...b.multicastGroups.values(), 0x10]).size).toBe(4);
    expect(() => kernel.registerFamily({ name: 'a' })).toThrow(/already registered/);
  });

  it('answers asynchronously, never inside send, and logs the exact request bytes', async () => {
    const { kernel, transport, log, send } = setup((req) => void req.reply(2, new Uint8Array(0)));
    const bytes = send(NLM_F_REQUEST | NLM_F_ACK, 9);
    expect(log.datagrams).toHaveLength(0);
    await tick();
    expect(kernel.requests).toHaveLength(1);
    expect([...kernel.requests[0]!.bytes]).toEqual([...bytes]);
    expect(kernel.requests[0]!.portId).toBe(transport.portId);
    // One datagram for the reply, one for the ack, both addressed to the socket's port with the request's seq.
    expect(log.datagrams.map((d) => d.map((m) => [m.type === NLMSG_ERROR ? 'ack' : 'data', m.seq, m.portId]))).toEqual([
      [['data', 9, transport.portId]],
      [['ack', 9, transport.portId]],
    ]);
    expect(parseErrorMessage(log.datagrams[1]![0]!).errno).toBe(0);
  });

  it('sends no ack without NLM_F_ACK but always sends errors', async () => {
    const ok = setup(() => undefined);
    ok.send(NLM_F_REQUEST);
    const failing = setup((req) => req.fail('EPERM'));
    failing.send(NLM_F_REQUEST);
    await tick();
    expect(ok.log.datagrams).toHaveLength(0);
    expect(parseErrorMessage(failing.log.datagrams[0]![0]!).errno).toBe(1);
  });

  it('answers ENOENT for an unknown family id and EOPNOTSUPP for a family without handler', async () => {
    const { log, send, family } = setup();
    send(NLM_F_REQUEST | NLM_F_ACK, 1, family.id + 50);
    send(NLM_F_REQUEST | NLM_F_ACK, 2);
    await tick();
    expect(log.datagrams.map((d) => parseErrorMessage(d[0]!).errno)).toEqual([2, 95]);
  });

  it('caps errors and adds extack TLVs by default; honours capAck=false and extAck=false', async () => {
    const handler: FakeFamilyHandler = (req) => req.fail('EINVAL', { message: 'bad', offset: 20 });
    const capped = setup(handler);
    capped.send(NLM_F_REQUEST | NLM_F_ACK);
    const uncapped = setup(handler, { capAck: false });
    uncapped.send(NLM_F_REQUEST | NLM_F_ACK);
    const plain = setup(handler, { extAck: false });
    plain.send(NLM_F_REQUEST | NLM_F_ACK);
    await tick();
    const flags = (log: { datagrams: NetlinkMessage[][] }): number => log.datagrams[0]![0]!.flags;
    expect(flags(capped.log)).toBe(NLM_F_CAPPED | NLM_F_ACK_TLVS);
    expect(flags(uncapped.log)).toBe(NLM_F_ACK_TLVS);
    expect(flags(plain.log)).toBe(NLM_F_CAPPED);
    expect(parseErrorMessage(uncapped.log.datagrams[0]![0]!).requestPayload!.length).toBe(12);
    expect(parseErrorMessage(plain.log.datagrams[0]![0]!).extack).toBeUndefined();
  });

  it('batches dump parts per datagram, appends DONE to the last, and marks interrupted dumps', async () => {
    const { kernel, family, log, send } = setup((req) => {
      req.partsPerDatagram = 2;
      for (let i = 0; i < 3; i++) req.reply(2, new AttributeWriter().u32(1, i).finish());
    });
    kernel.interruptDumps(family, 1);
    send(NLM_F_REQUEST | NLM_F_DUMP, 1);
    await tick(); // one dump at a time per socket, as the kernel (a second one meanwhile: EBUSY)
    send(NLM_F_REQUEST | NLM_F_DUMP, 2);
    await tick();
    const shape = log.datagrams.map((d) => d.map((m) => `${m.seq}:${m.type === NLMSG_DONE ? 'done' : 'part'}:${m.flags & (NLM_F_MULTI | NLM_F_DUMP_INTR)}`));
    expect(shape).toEqual([
      ['1:part:18', '1:part:18'],
      ['1:part:18', '1:done:18'],
      ['2:part:2', '2:part:2'],
      ['2:part:2', '2:done:2'],
    ]);
    expect(parseDoneMessage(log.datagrams[3]![1]!).errno).toBe(0);
  });

  it('multicasts only to members, and not to closed sockets', async () => {
    const { kernel, family, transport, log } = setup();
    const other = kernel.openTransport();
    const otherLog = record(other);
    transport.addMembership(family.multicastGroups.get('a')!);
    other.addMembership(family.multicastGroups.get('b')!);
    expect(kernel.multicast(family, 'a', 3, new Uint8Array(0))).toBe(1);
    other.close();
    expect(kernel.multicast(family, 'b', 3, new Uint8Array(0))).toBe(0);
    expect(() => kernel.multicast(family, 'c', 3, new Uint8Array(0))).toThrow(/no group "c"/);
    await tick();
    expect(log.datagrams).toHaveLength(1);
    expect(log.datagrams[0]![0]).toMatchObject({ type: family.id, seq: 0, portId: 0 });
    expect(otherLog.datagrams).toHaveLength(0);
    expect(() => other.send(new Uint8Array(16))).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });

  it('injects ENOBUFS in order with datagrams, optionally dropping what was queued', async () => {
    const { kernel, family, transport, log } = setup();
    transport.addMembership(family.multicastGroups.get('a')!);
    kernel.multicast(family, 'a', 3, new Uint8Array(0));
    kernel.injectOverflow(transport, { dropQueued: true });
    kernel.multicast(family, 'a', 4, new Uint8Array(0));
    kernel.injectOverflow(transport);
    await tick();
    expect(log.datagrams.map((d) => d[0]!.payload[0])).toEqual([4]);
    expect(log.errors).toEqual(['ENOBUFS', 'ENOBUFS']);
  });
});
