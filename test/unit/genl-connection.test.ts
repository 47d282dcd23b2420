/**
 * Generic netlink over the fake kernel: family resolution through nlctrl (one GETFAMILY by name,
 * cached), ENOENT for unknown families, genl framing of requests, dumps, groups and events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AttributeWriter, parseAttributes } from '../../src/netlink/attributes.js';
import { readString, readU32 } from '../../src/netlink/attribute-values.js';
import { NetlinkKernelError, NetlinkProtocolError } from '../../src/netlink/errors.js';
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { encodeMessage } from '../../src/netlink/message.js';
import { GenlConnection, type GenlEvent } from '../../src/genl/connection.js';
import { GenlFamilyNotFoundError, GenlGroupNotFoundError } from '../../src/genl/errors.js';
import { parseFamilyAttributes } from '../../src/genl/family.js';
import { encodeGenlPayload, parseGenlMessage } from '../../src/genl/header.js';
import { FakeKernel, type FakeFamilyHandler } from '../support/fake-kernel.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array =>
  Uint8Array.from(Buffer.from(text.split('\n').map((l) => l.replace(/#.*$/, '')).join('').replace(/\s+/g, ''), 'hex'));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const opened: GenlConnection[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

function setup(handler?: FakeFamilyHandler) {
  const kernel = new FakeKernel();
  const devlink = kernel.registerFamily({
    name: 'devlink',
    version: 1,
    maxAttribute: 180,
    multicastGroups: ['config'],
    operations: [{ id: 1, flags: 0x0a }, { id: 5 }],
    ...(handler !== undefined ? { handler } : {}),
  });
  const transport = kernel.openTransport();
  const genl = GenlConnection.open(transport);
  opened.push(genl);
  return { kernel, devlink, transport, genl };
}

describe('genl header', () => {
  it('encodes cmd, version and a zero reserved field before the attributes', () => {
    expect(hex(encodeGenlPayload(3, 1, fromHex('0800 0100 2a000000')))).toBe('03010000' + '080001002a000000');
  });

  it('rejects a command or version above 255', () => {
    expect(() => encodeGenlPayload(256, 1, new Uint8Array(0))).toThrow(/command must be an integer 0\.\.255, got 256/);
    expect(() => encodeGenlPayload(1, -1, new Uint8Array(0))).toThrow(/version must be an integer 0\.\.255, got -1/);
  });

  it('parses a message into command, version and attribute bytes at offset 20', () => {
    const message = { type: 0x14, flags: 2, seq: 5, portId: 9, payload: fromHex('07 01 0000 0500 0100 aa000000') };
    const genl = parseGenlMessage(message);
    expect(genl).toMatchObject({ familyId: 0x14, command: 7, version: 1, flags: 2, seq: 5, portId: 9, attributesOffset: 20 });
    expect(hex(genl.attributes)).toBe('05000100aa000000');
    expect(() => parseGenlMessage({ ...message, payload: fromHex('0701') })).toThrow(NetlinkProtocolError);
  });
});

describe('controller replies', () => {
  it('decodes a CTRL_CMD_NEWFAMILY for devlink as the kernel sends it (nests without NLA_F_NESTED)', () => {
    const attributes = fromHex(`
      0c00 0200 6465766c696e6b00          # FAMILY_NAME "devlink"
      0600 0100 1400 0000                 # FAMILY_ID 0x14 (u16 + pad)
      0800 0300 01000000                  # VERSION 1
      0800 0400 00000000                  # HDRSIZE 0
      0800 0500 b4000000                  # MAXATTR 180
      1800 0600                           # OPS
        1400 0100                         #   [1]
          0800 0100 01000000              #     OP_ID 1
          0800 0200 0a000000              #     OP_FLAGS 0x0a
      1c00 0700                           # MCAST_GROUPS
        1800 0100                         #   [1]
          0800 0200 05000000              #     MCAST_GRP_ID 5
          0b00 0100 636f6e66696700 00     #     MCAST_GRP_NAME "config"
    `);
    expect(parseFamilyAttributes(attributes)).toEqual({
      id: 0x14,
      name: 'devlink',
      version: 1,
      headerSize: 0,
      maxAttribute: 180,
      multicastGroups: new Map([['config', 5]]),
      operations: new Map([[1, 0x0a]]),
    });
  });

  it('rejects a malformed operation or group entry, naming the offset as parseAttributes does', () => {
    const head = '0600 0100 1400 0000  0c00 0200 6465766c696e6b00';
    // an OP_ID field whose length (2) is shorter than its header: at offset 20 + 4 + 4
    const shortField = fromHex(`${head} 1000 0600  0c00 0100  0200 0100 01000000`);
    expect(() => parseFamilyAttributes(shortField, 20)).toThrow(
      new NetlinkProtocolError('bad netlink attribute length 2 at offset 48 (type 1, 8 bytes left)'),
    );
    // an OP_ID of 2 bytes where a u32 belongs
    const shortId = fromHex(`${head} 1000 0600  0c00 0100  0600 0100 0100 0000`);
    expect(() => parseFamilyAttributes(shortId)).toThrow(new NetlinkProtocolError('attribute 1: u32 needs 4 bytes, got 2'));
    // a group entry running past its nest
    const longEntry = fromHex(`${head} 0c00 0700  1000 0100  0800 0200`);
    expect(() => parseFamilyAttributes(longEntry)).toThrow(
      new NetlinkProtocolError('bad netlink attribute length 16 at offset 24 (type 1, 8 bytes left)'),
    );
  });

  it('throws NetlinkProtocolError when the id is missing', () => {
    expect(() => parseFamilyAttributes(new AttributeWriter().string(2, 'x').finish())).toThrow(/lacks CTRL_ATTR_FAMILY_ID/);
  });
});

describe('GenlConnection.resolveFamily', () => {
  it('sends exactly one CTRL_CMD_GETFAMILY by name (not a dump) and returns id, version and groups', async () => {
    const { kernel, devlink, genl } = setup();
    const family = await genl.resolveFamily('devlink');
    expect(family).toEqual({
      id: devlink.id,
      name: 'devlink',
      version: 1,
      headerSize: 0,
      maxAttribute: 180,
      multicastGroups: devlink.multicastGroups,
      operations: new Map([
        [1, 0x0a],
        [5, 0],
      ]),
    });
    expect(kernel.requests).toHaveLength(1);
    const request = kernel.requests[0]!;
    expect(request.message.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(hex(request.bytes)).toBe(
      hex(
        encodeMessage({
          type: 0x10,
          flags: 0x05,
          seq: request.message.seq,
          payload: fromHex('03010000 0c00 0200 6465766c696e6b00'),
        }),
      ),
    );
  });

  it('caches per connection: sequential and concurrent lookups share one request', async () => {
    const { kernel, genl } = setup();
    const [a, b] = await Promise.all([genl.resolveFamily('devlink'), genl.resolveFamily('devlink')]);
    const c = await genl.resolveFamily('devlink');
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(kernel.requests).toHaveLength(1);
    const other = GenlConnection.open(kernel.openTransport());
    opened.push(other);
    await other.resolveFamily('devlink');
    expect(kernel.requests).toHaveLength(2);
  });

  it('resolves nlctrl itself', async () => {
    const { genl } = setup();
    const nlctrl = await genl.resolveFamily('nlctrl');
    expect(nlctrl).toMatchObject({ id: 0x10, name: 'nlctrl', version: 2 });
    expect(nlctrl.multicastGroups.get('notify')).toBe(0x10);
  });

  it('an unknown family rejects with GenlFamilyNotFoundError (ENOENT) saying the kernel lacks it', async () => {
    const { genl } = setup();
    const error = await genl.resolveFamily('ethtool').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenlFamilyNotFoundError);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect(error).toMatchObject({ code: 'ENOENT', errno: 2, family: 'ethtool', description: 'No such file or directory' });
    expect((error as Error).message).toBe(
      'generic netlink family "ethtool" not found: the running kernel has no ethtool support (ENOENT)',
    );
  });

  it('does not cache failures: a family registered later is found', async () => {
    const kernel = new FakeKernel();
    const genl = GenlConnection.open(kernel.openTransport());
    opened.push(genl);
    await expect(genl.resolveFamily('devlink')).rejects.toBeInstanceOf(GenlFamilyNotFoundError);
    kernel.registerFamily({ name: 'devlink' });
    await expect(genl.resolveFamily('devlink')).resolves.toMatchObject({ name: 'devlink' });
  });

  it('rejects an impossible family name before sending', async () => {
    const { kernel, genl } = setup();
    await expect(genl.resolveFamily('a-name-longer-than-15')).rejects.toThrow(/1\.\.15 characters, got "a-name-longer-than-15"/);
    await expect(genl.resolveFamily('')).rejects.toThrow(RangeError);
    expect(kernel.requests).toHaveLength(0);
  });
});

describe('GenlConnection requests, dumps and events', () => {
  const ATTR_NAME = 2;

  it('frames requests with the family id and version and decodes replies as GenlMessages', async () => {
    const { kernel, genl } = setup((req) => {
      req.reply(3, new AttributeWriter().string(ATTR_NAME, `got ${readString(req.attribute(ATTR_NAME)!)}`).finish());
    });
    const family = await genl.resolveFamily('devlink');
    const replies = await genl.request(family, 1, new AttributeWriter().string(ATTR_NAME, 'x').finish());
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(reply).toMatchObject({ familyId: family.id, command: 3, version: 1, attributesOffset: 20 });
    expect(readString(parseAttributes(reply.attributes)[0]!)).toBe('got x');
    const sent = kernel.requests[1]!;
    expect(sent.message.type).toBe(family.id);
    expect(sent.genl).toMatchObject({ command: 1, version: 1 });
  });

  it('dumps', async () => {
    const { kernel, genl } = setup((req) => {
      for (let i = 0; i < 3; i++) req.reply(3, new AttributeWriter().u32(1, i).finish());
    });
    const family = await genl.resolveFamily('devlink');
    const parts = await genl.dump(family, 5, new Uint8Array(0));
    expect(parts.map((p) => readU32(parseAttributes(p.attributes)[0]!))).toEqual([0, 1, 2]);
    expect(kernel.requests[1]!.message.flags).toBe(NLM_F_REQUEST | NLM_F_DUMP);
  });

  it('passes ack warnings through', async () => {
    const { genl } = setup((req) => req.warn('clamped'));
    const family = await genl.resolveFamily('devlink');
    const replies = await genl.request(family, 1, new Uint8Array(0));
    expect(replies.warning).toEqual({ message: 'clamped' });
  });

  it('joins a group by name and delivers only its family\'s notifications', async () => {
    const { kernel, genl, transport } = setup();
    const family = await genl.resolveFamily('devlink');
    kernel.registerFamily({ name: 'other', multicastGroups: ['config'] });
    const other = await genl.resolveFamily('other');
    const events: GenlEvent[] = [];
    genl.subscribe(family, (e) => events.push(e));
    genl.joinGroup(family, 'config');
    genl.joinGroup(other, 'config');
    expect(transport.memberships.has(family.multicastGroups.get('config')!)).toBe(true);
    kernel.multicast('devlink', 'config', 7, new AttributeWriter().u32(1, 32768).finish());
    kernel.multicast('other', 'config', 7, new AttributeWriter().u32(1, 1).finish());
    await sleep(5);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.kind === 'message' && event.message).toMatchObject({ familyId: family.id, command: 7, seq: 0 });
    genl.leaveGroup(family, 'config');
    expect(transport.memberships.has(family.multicastGroups.get('config')!)).toBe(false);
  });

  it('forwards overflow events to genl subscribers', async () => {
    const { kernel, genl, transport } = setup();
    const family = await genl.resolveFamily('devlink');
    const events: GenlEvent[] = [];
    genl.subscribe(family, (e) => events.push(e));
    kernel.injectOverflow(transport);
    await sleep(5);
    expect(events.map((e) => e.kind)).toEqual(['overflow']);
  });

  it('rejects an unknown group with the available ones', async () => {
    const { genl } = setup();
    const family = await genl.resolveFamily('devlink');
    expect(() => genl.joinGroup(family, 'conifg')).toThrow(GenlGroupNotFoundError);
    expect(() => genl.joinGroup(family, 'conifg')).toThrow('generic netlink family "devlink" has no multicast group "conifg" (it has: "config")');
  });

  it('surfaces kernel refusals as NetlinkKernelError with extack', async () => {
    const { genl } = setup((req) => req.fail('EOPNOTSUPP', { message: 'Port function does not support this', offset: 20 }));
    const family = await genl.resolveFamily('devlink');
    await expect(genl.request(family, 6, new AttributeWriter().u32(1, 1).finish())).rejects.toMatchObject({
      code: 'EOPNOTSUPP',
      message: 'Port function does not support this',
      extack: { offset: 20 },
    });
  });
});
