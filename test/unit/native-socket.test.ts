/**
 * The N-API addon and SocketTransport against the host's real kernel: generic netlink exists here,
 * the devlink family does not. Requests are hand-encoded bytes (documented below) so these tests
 * depend on nothing but the addon and the transport.
 *
 * Needs root for the network-namespace tests (`ip netns add`) and SO_RCVBUFFORCE.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeAddon, loadNativeAddonFrom, nativeAddonPath } from '../../src/native/loader.js';
import { MAX_DATAGRAMS_PER_WAKEUP, openSocketTransport, SocketTransport } from '../../src/netlink/socket-transport.js';
import type { NativeNetlinkSocket } from '../../src/native/loader.js';
import { GenlConnection } from '../../src/genl/connection.js';

const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLM_F_CAPPED = 0x100;
const GENL_ID_CTRL = 0x10;
const CTRL_CMD_NEWFAMILY = 1;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;
const RTM_NEWLINK = 16;
const IFLA_IFNAME = 3;
const ENOENT = 2;

/**
 * CTRL_CMD_GETFAMILY for one family by name, as the kernel expects it on NETLINK_GENERIC:
 *
 *   struct nlmsghdr   len u32 | type u16 = 0x10 (GENL_ID_CTRL) | flags u16 = 0x05 (REQUEST|ACK)
 *                     | seq u32 | pid u32 = 0 (to the kernel)
 *   struct genlmsghdr cmd u8 = 3 (CTRL_CMD_GETFAMILY) | version u8 = 1 | reserved u16 = 0
 *   struct nlattr     len u16 = 4 + name + NUL | type u16 = 2 (CTRL_ATTR_FAMILY_NAME)
 *                     | name | NUL | zero padding to a multiple of 4
 *
 * "nlctrl" and "devlink" both give 32 bytes: 16 + 4 + (4 + 7 + pad 1) and 16 + 4 + (4 + 8).
 * All integers little-endian (host order on x86-64 and arm64).
 */
function getFamilyRequest(name: 'nlctrl' | 'devlink', seq: number): Uint8Array {
  const attributeLength = 4 + name.length + 1;
  const bytes = [
    32, 0, 0, 0, /* nlmsg_len */ 0x10, 0x00, /* nlmsg_type */ 0x05, 0x00, /* nlmsg_flags */
    seq & 0xff, (seq >> 8) & 0xff, (seq >> 16) & 0xff, seq >>> 24, /* nlmsg_seq */ 0, 0, 0, 0, /* nlmsg_pid */
    3, 1, 0, 0, /* genlmsghdr */
    attributeLength, 0, 2, 0, /* nlattr */ ...Buffer.from(name, 'latin1'), 0,
  ];
  while (bytes.length % 4 !== 0) bytes.push(0);
  expect(bytes.length).toBe(32);
  return Uint8Array.from(bytes);
}

/**
 * RTM_GETLINK dump on NETLINK_ROUTE (protocol 0): nlmsghdr (len 32, type 18, flags 0x301 =
 * REQUEST|ROOT|MATCH, seq, pid 0) followed by an all-zero struct ifinfomsg (16 bytes: family
 * AF_UNSPEC, index 0, no filters), which strict checking accepts. Used to see which namespace a
 * socket lives in: a fresh namespace has only `lo`.
 */
function getLinksDumpRequest(seq: number): Uint8Array {
  const bytes = Buffer.alloc(32);
  bytes.writeUInt32LE(32, 0);
  bytes.writeUInt16LE(18, 4);
  bytes.writeUInt16LE(0x301, 6);
  bytes.writeUInt32LE(seq, 8);
  return bytes;
}

interface Message {
  type: number;
  flags: number;
  seq: number;
  portId: number;
  body: Buffer;
}

/** Splits a datagram into netlink messages (test-local, independent of the library's parser). */
function splitDatagram(datagram: Uint8Array): Message[] {
  const view = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const messages: Message[] = [];
  for (let offset = 0; offset + 16 <= view.length; ) {
    const length = view.readUInt32LE(offset);
    expect(length).toBeGreaterThanOrEqual(16);
    messages.push({
      type: view.readUInt16LE(offset + 4),
      flags: view.readUInt16LE(offset + 6),
      seq: view.readUInt32LE(offset + 8),
      portId: view.readUInt32LE(offset + 12),
      body: view.subarray(offset + 16, offset + length),
    });
    offset += (length + 3) & ~3;
  }
  return messages;
}

/** Attribute payloads by type (flag bits masked), from a TLV stream. */
function attributes(stream: Buffer): Map<number, Buffer> {
  const found = new Map<number, Buffer>();
  for (let offset = 0; offset + 4 <= stream.length; ) {
    const length = stream.readUInt16LE(offset);
    found.set(stream.readUInt16LE(offset + 2) & 0x3fff, stream.subarray(offset + 4, offset + length));
    offset += (length + 3) & ~3;
  }
  return found;
}

/** Collects everything a started transport delivers, with a promise for "the next message matching". */
class Inbox {
  readonly messages: Message[] = [];
  readonly errors: NodeJS.ErrnoException[] = [];
  datagrams = 0;
  #waiters: Array<() => void> = [];

  constructor(transport: SocketTransport) {
    transport.start(
      (datagram) => {
        this.datagrams += 1;
        this.messages.push(...splitDatagram(datagram));
        this.#wake();
      },
      (error) => {
        this.errors.push(error);
        this.#wake();
      },
    );
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Resolves with the first message satisfying `match`, failing after 5 s. */
  async next(match: (message: Message) => boolean): Promise<Message> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const index = this.messages.findIndex(match);
      if (index >= 0) return this.messages.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error('no matching netlink message within 5 s');
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
}

function thrown(action: () => unknown): NodeJS.ErrnoException {
  try {
    action();
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('expected an exception, none was thrown');
}

/** Runs a CommonJS snippet in a fresh node with the addon bound to `NetlinkSocket`. */
function runChild(source: string, nodeFlags: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const script = `const { NetlinkSocket } = require(${JSON.stringify(nativeAddonPath)});\n${source}`;
  const result = spawnSync(process.execPath, [...nodeFlags, '-e', script], { encoding: 'utf8', timeout: 15_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ownNamespace = (): string => readlinkSync('/proc/thread-self/ns/net');

describe('native addon loader', () => {
  it('finds the built addon relative to the package root', () => {
    expect(nativeAddonPath).toMatch(/\/build\/Release\/netlink_socket\.node$/);
    expect(typeof loadNativeAddon().NetlinkSocket).toBe('function');
    expect(loadNativeAddon()).toBe(loadNativeAddon());
  });

  it('says how to build the addon when it is missing or broken', () => {
    const directory = mkdtempSync(join(tmpdir(), 'dlts-loader-'));
    try {
      const missing = thrown(() => loadNativeAddonFrom(join(directory, 'netlink_socket.node')));
      expect(missing).toMatchObject({ code: 'MODULE_NOT_FOUND' });
      expect(missing.message).toMatch(/native addon is not built \(missing .*netlink_socket\.node\): build it with "npm install" or "npm rebuild"/);

      const garbage = join(directory, 'garbage.node');
      writeFileSync(garbage, 'not an ELF file');
      const broken = thrown(() => loadNativeAddonFrom(garbage));
      expect(broken).toMatchObject({ code: 'ERR_DLOPEN_FAILED' });
      expect(broken.message).toMatch(/garbage\.node failed to load \(.*\): build it with/);

      const wrongExports = join(directory, 'other.json');
      writeFileSync(wrongExports, '{}');
      expect(thrown(() => loadNativeAddonFrom(wrongExports)).message).toMatch(/does not export NetlinkSocket/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('native netlink socket on the host kernel', () => {
  it('opens and binds a generic netlink socket with a kernel-assigned port id', () => {
    const transport = openSocketTransport();
    try {
      expect(transport.portId).toBeGreaterThan(0);
      expect(Number.isInteger(transport.portId)).toBe(true);
      expect(transport.closed).toBe(false);
    } finally {
      transport.close();
    }
  });

  it('resolves nlctrl with CTRL_CMD_GETFAMILY through the readable callback, then gets a capped ack', async () => {
    const transport = openSocketTransport();
    try {
      const inbox = new Inbox(transport);
      transport.send(getFamilyRequest('nlctrl', 7));

      const reply = await inbox.next((m) => m.seq === 7 && m.type === GENL_ID_CTRL);
      expect(reply.portId).toBe(transport.portId);
      expect(reply.body[0]).toBe(CTRL_CMD_NEWFAMILY);
      const attrs = attributes(reply.body.subarray(4));
      expect(attrs.get(CTRL_ATTR_FAMILY_ID)?.readUInt16LE(0)).toBe(0x10);
      expect(attrs.get(CTRL_ATTR_FAMILY_NAME)?.toString('latin1')).toBe('nlctrl\0');

      const ack = await inbox.next((m) => m.seq === 7 && m.type === NLMSG_ERROR);
      expect(ack.body.readInt32LE(0)).toBe(0);
      // NETLINK_CAP_ACK is on: the ack carries only the request's header, and says so.
      expect(ack.flags & NLM_F_CAPPED).toBe(NLM_F_CAPPED);
      expect(ack.body.length).toBe(4 + 16);
      expect(inbox.errors).toEqual([]);
    } finally {
      transport.close();
    }
  });

  it('asking for the devlink family (absent on this host) gets NLMSG_ERROR -ENOENT', async () => {
    const transport = openSocketTransport();
    try {
      const inbox = new Inbox(transport);
      transport.send(getFamilyRequest('devlink', 8));
      const error = await inbox.next((m) => m.seq === 8);
      expect(error.type).toBe(NLMSG_ERROR);
      expect(error.body.readInt32LE(0)).toBe(-ENOENT);
      expect(error.portId).toBe(transport.portId);
    } finally {
      transport.close();
    }
  });

  it('drains several queued datagrams in order on one readable event', async () => {
    const transport = openSocketTransport();
    try {
      for (let seq = 100; seq < 105; seq++) transport.send(getFamilyRequest('nlctrl', seq));
      const inbox = new Inbox(transport);
      await inbox.next((m) => m.seq === 104 && m.type === NLMSG_ERROR);
      expect(inbox.messages.filter((m) => m.type === GENL_ID_CTRL).map((m) => m.seq)).toEqual([100, 101, 102, 103, 104]);
    } finally {
      transport.close();
    }
  });

  it('a handler may close the transport mid-drain; nothing more is delivered', async () => {
    const transport = openSocketTransport();
    for (let seq = 1; seq <= 3; seq++) transport.send(getFamilyRequest('nlctrl', seq));
    let delivered = 0;
    await new Promise<void>((resolve) => {
      transport.start(
        () => {
          delivered += 1;
          transport.close();
          resolve();
        },
        () => {},
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(delivered).toBe(1);
    expect(transport.closed).toBe(true);
  });

  it('reports a receive-buffer overrun as ENOBUFS and keeps delivering', async () => {
    // The smallest buffer the kernel allows; 64 replies plus 64 acks cannot fit while unread.
    const transport = openSocketTransport({ receiveBufferBytes: 1 });
    try {
      for (let seq = 1; seq <= 64; seq++) transport.send(getFamilyRequest('nlctrl', seq));
      const inbox = new Inbox(transport);
      // The replies queued before the overrun still arrive after the error...
      await inbox.next((m) => m.seq <= 64);
      expect(inbox.errors.length).toBeGreaterThanOrEqual(1);
      expect(inbox.errors[0]).toMatchObject({ code: 'ENOBUFS', errno: -105, syscall: 'recvmsg' });
      expect(inbox.messages.length).toBeLessThan(128);

      // ...and the socket keeps working once drained.
      transport.send(getFamilyRequest('nlctrl', 1000));
      await inbox.next((m) => m.seq === 1000 && m.type === NLMSG_ERROR);
    } finally {
      transport.close();
    }
  });

  it('close is idempotent and later use throws a clear EBADF error', () => {
    const transport = openSocketTransport();
    transport.close();
    transport.close();
    expect(transport.closed).toBe(true);
    const error = thrown(() => transport.send(getFamilyRequest('nlctrl', 1)));
    expect(error.message).toBe('sendto: netlink socket is closed');
    expect(error).toMatchObject({ code: 'EBADF', errno: -9, syscall: 'sendto' });
    expect(thrown(() => transport.addMembership(1))).toMatchObject({ code: 'EBADF', syscall: 'setsockopt' });
    expect(thrown(() => transport.start(() => {}, () => {}))).toMatchObject({ code: 'EBADF' });
    transport.ref();
    transport.unref();
  });

  it('rejects a second start', () => {
    const transport = openSocketTransport();
    try {
      transport.start(() => {}, () => {});
      expect(thrown(() => transport.start(() => {}, () => {})).message).toMatch(/already started/);
    } finally {
      transport.close();
    }
  });

  it('joins and leaves a multicast group (nlctrl "notify" is group 0x10)', () => {
    const transport = openSocketTransport();
    try {
      transport.addMembership(0x10);
      transport.dropMembership(0x10);
    } finally {
      transport.close();
    }
  });

  it('an unsupported protocol number fails in socket() with EPROTONOSUPPORT', () => {
    const error = thrown(() => openSocketTransport({ protocol: 99 }));
    expect(error.message).toBe('socket: Protocol not supported');
    expect(error).toMatchObject({ code: 'EPROTONOSUPPORT', errno: -93, syscall: 'socket' });
  });

  it('rejects bad arguments by naming the value', () => {
    expect(thrown(() => openSocketTransport({ protocol: -1 })).message).toMatch(/protocol must be a non-negative integer, got -1/);
    expect(thrown(() => openSocketTransport({ receiveBufferBytes: 0 })).message).toMatch(/receiveBufferBytes .* got 0/);
    expect(thrown(() => openSocketTransport({ netns: '../etc' })).message).toMatch(/netns must be .* got "\.\.\/etc"/);
  });
});

/** A scripted stand-in for the addon: recv() plays back `script`, onReadable is fired by hand. */
function scriptedSocket(script: Array<Buffer | NodeJS.ErrnoException>) {
  let onReadable: ((error?: NodeJS.ErrnoException) => void) | undefined;
  let closed = false;
  const socket: NativeNetlinkSocket = {
    portId: 1234,
    get closed() {
      return closed;
    },
    setOption: () => {},
    send: (datagram) => datagram.length,
    recv: () => {
      const next = script.shift();
      if (next === undefined) return null;
      if (next instanceof Error) throw next;
      return next;
    },
    start: (callback) => {
      onReadable = callback;
    },
    stop: () => {},
    ref: () => {},
    unref: () => {},
    close: () => {
      closed = true;
    },
  };
  return { socket, readable: (error?: NodeJS.ErrnoException) => onReadable!(error) };
}

const errnoError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`recvmsg: ${code}`), { code });

describe('SocketTransport drain logic (scripted native socket)', () => {
  it('bounds the datagrams read per wakeup and reads the rest on the next one', () => {
    const { socket, readable } = scriptedSocket(Array.from({ length: 2500 }, (_, i) => Buffer.from([i & 0xff])));
    const transport = new SocketTransport(socket);
    let delivered = 0;
    transport.start(() => (delivered += 1), () => {});
    readable();
    expect(delivered).toBe(MAX_DATAGRAMS_PER_WAKEUP);
    readable();
    readable();
    expect(delivered).toBe(2500);
  });

  it('reports ENOBUFS and reads on; stops at any other error until the next wakeup', () => {
    const one = Buffer.from([1]);
    const { socket, readable } = scriptedSocket([one, errnoError('ENOBUFS'), one, errnoError('EIO'), one]);
    const transport = new SocketTransport(socket);
    const events: string[] = [];
    transport.start(() => events.push('datagram'), (error) => events.push(String(error.code)));
    readable();
    expect(events).toEqual(['datagram', 'ENOBUFS', 'datagram', 'EIO']);
    readable();
    expect(events).toEqual(['datagram', 'ENOBUFS', 'datagram', 'EIO', 'datagram']);
  });

  it('passes a polling failure to onError without reading', () => {
    const { socket, readable } = scriptedSocket([Buffer.from([1])]);
    const transport = new SocketTransport(socket);
    const events: string[] = [];
    transport.start(() => events.push('datagram'), (error) => events.push(String(error.code)));
    readable(errnoError('EBADF'));
    expect(events).toEqual(['EBADF']);
  });
});

describe('generic netlink over the real socket', () => {
  it('resolves nlctrl, and resolving devlink fails with the clear ENOENT error', async () => {
    const transport = openSocketTransport();
    const genl = GenlConnection.open(transport, { timeoutMs: 5000 });
    try {
      const nlctrl = await genl.resolveFamily('nlctrl');
      expect(nlctrl).toMatchObject({ id: 0x10, name: 'nlctrl' });
      expect(nlctrl.multicastGroups.get('notify')).toBe(0x10);

      const failure = await genl.resolveFamily('devlink').then(
        () => undefined,
        (error: unknown) => error as NodeJS.ErrnoException,
      );
      expect(failure).toMatchObject({ name: 'GenlFamilyNotFoundError', code: 'ENOENT', errno: 2 });
      expect(failure?.message).toBe('generic netlink family "devlink" not found: the running kernel has no devlink support (ENOENT)');
    } finally {
      genl.close();
    }
    expect(transport.closed).toBe(true);
  });
});

describe('native netlink socket in other network namespaces', () => {
  const name = `dlts-test-${process.pid}`;
  let linksHere: string[] = [];

  async function linkNames(transport: SocketTransport): Promise<string[]> {
    const inbox = new Inbox(transport);
    transport.send(getLinksDumpRequest(42));
    await inbox.next((m) => m.seq === 42 && m.type === NLMSG_DONE);
    return inbox.messages
      .filter((m) => m.type === RTM_NEWLINK)
      .map((m) => attributes(m.body.subarray(16)).get(IFLA_IFNAME)!.toString('latin1').replace(/\0$/, ''));
  }

  beforeAll(async () => {
    execFileSync('ip', ['netns', 'add', name]);
    const here = openSocketTransport({ protocol: 0 });
    try {
      linksHere = await linkNames(here);
    } finally {
      here.close();
    }
  });

  afterAll(() => {
    execFileSync('ip', ['netns', 'delete', name]);
  });

  it('a nonexistent namespace fails in open() with ENOENT, naming the path', () => {
    const before = ownNamespace();
    const error = thrown(() => openSocketTransport({ netns: 'dlts-test-does-not-exist' }));
    expect(error).toMatchObject({ code: 'ENOENT', errno: -2, syscall: 'open', path: '/var/run/netns/dlts-test-does-not-exist' });
    expect(error.message).toBe('open /var/run/netns/dlts-test-does-not-exist: No such file or directory');
    expect(ownNamespace()).toBe(before);
  });

  it('a file that is not a namespace fails in setns() and the thread stays home', () => {
    const before = ownNamespace();
    const error = thrown(() => openSocketTransport({ netns: '/proc/self/status' }));
    expect(error).toMatchObject({ code: 'EINVAL', syscall: 'setns' });
    expect(ownNamespace()).toBe(before);
  });

  it('opens a socket inside a named namespace and returns to the original one', async () => {
    const before = ownNamespace();
    const transport = openSocketTransport({ netns: name, protocol: 0 });
    try {
      expect(ownNamespace()).toBe(before);
      expect(transport.portId).toBeGreaterThan(0);
      // The socket really lives over there: a fresh namespace has only loopback.
      expect(await linkNames(transport)).toEqual(['lo']);
      expect(linksHere.length).toBeGreaterThan(1);
    } finally {
      transport.close();
    }
    expect(ownNamespace()).toBe(before);
  });

  it('accepts an absolute namespace path and speaks generic netlink there', async () => {
    const before = ownNamespace();
    const transport = openSocketTransport({ netns: `/var/run/netns/${name}` });
    try {
      expect(ownNamespace()).toBe(before);
      const inbox = new Inbox(transport);
      transport.send(getFamilyRequest('nlctrl', 9));
      const reply = await inbox.next((m) => m.seq === 9 && m.type === GENL_ID_CTRL);
      expect(attributes(reply.body.subarray(4)).get(CTRL_ATTR_FAMILY_ID)?.readUInt16LE(0)).toBe(0x10);
    } finally {
      transport.close();
    }
  });
});

describe('native netlink socket lifetimes (in a child process)', () => {
  it('garbage-collected sockets close their fds and poll handles; started ones are kept alive', () => {
    const result = runChild(
      `
      const fds = () => require('fs').readdirSync('/proc/self/fd').length;
      const settle = async () => { for (let i = 0; i < 5; i++) { gc(); await new Promise((r) => setImmediate(r)); } };
      (async () => {
        const baseline = fds();
        for (let round = 0; round < 4; round++) {
          for (let i = 0; i < 500; i++) {
            const socket = new NetlinkSocket(16);
            if (i % 2 === 0) { socket.start(() => {}); socket.stop(); } // poll handle created, then collected
            if (i % 5 === 0) socket.close();
          }
          await settle();
        }
        const afterDropped = fds();
        const started = [];
        for (let i = 0; i < 10; i++) { const s = new NetlinkSocket(16); s.start(() => {}); s.unref(); started.push(new WeakRef(s)); }
        await settle();
        const afterStarted = fds();
        const alive = started.filter((r) => r.deref() !== undefined).length;
        console.log(JSON.stringify({ baseline, afterDropped, afterStarted, alive }));
      })();
      `,
      ['--expose-gc'],
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const figures = JSON.parse(result.stdout) as { baseline: number; afterDropped: number; afterStarted: number; alive: number };
    expect(figures.afterDropped).toBeLessThanOrEqual(figures.baseline + 2);
    expect(figures.alive).toBe(10);
    expect(figures.afterStarted).toBeGreaterThanOrEqual(figures.afterDropped + 10);
    // Sanity for the fd counter itself.
    expect(readdirSync('/proc/self/fd').length).toBeGreaterThan(0);
  });

  it('ref keeps the event loop alive while started; unref lets the process exit', () => {
    const kept = runChild(`
      const socket = new NetlinkSocket(16);
      socket.start(() => {});
      socket.ref();
      setTimeout(() => { process.stdout.write('alive'); socket.unref(); }, 100).unref();
    `);
    expect(kept).toMatchObject({ status: 0, stdout: 'alive' });

    const released = runChild(`
      const socket = new NetlinkSocket(16);
      socket.start(() => {});
      socket.unref();
      setTimeout(() => { process.stdout.write('alive'); }, 100).unref();
    `);
    expect(released).toMatchObject({ status: 0, stdout: '' });
  });

  it('an exception thrown by the readable callback surfaces as an uncaught exception', () => {
    const result = runChild(`
      const socket = new NetlinkSocket(16);
      process.on('uncaughtException', (error) => { process.stdout.write('caught ' + error.message); socket.close(); });
      socket.start(() => { throw new Error('boom'); });
      // CTRL_CMD_GETFAMILY without attributes (an error reply is enough to make the socket readable).
      socket.send(Buffer.from([20,0,0,0, 0x10,0, 0x05,0, 1,0,0,0, 0,0,0,0, 3,1,0,0]));
    `);
    expect(result).toMatchObject({ status: 0, stdout: 'caught boom' });
  });
});
