/**
 * The netlink and genl layers against the host's real kernel through the addon's SocketTransport.
 * The host kernel has generic netlink (nlctrl) but no devlink family, which is exactly what
 * users without devlink support see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AttributeWriter, parseAttributes } from '../../src/netlink/attributes.js';
import { readString } from '../../src/netlink/attribute-values.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { openSocketTransport } from '../../src/netlink/socket-transport.js';
import { GenlConnection } from '../../src/genl/connection.js';
import { GenlFamilyNotFoundError } from '../../src/genl/errors.js';
import { CTRL_ATTR_FAMILY_NAME, CTRL_CMD_GETFAMILY, CTRL_CMD_NEWFAMILY } from '../../src/genl/constants.js';
import { FakeKernel } from '../support/fake-kernel.js';

const opened: GenlConnection[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

function open(): GenlConnection {
  const genl = GenlConnection.open(openSocketTransport(), { timeoutMs: 5000 });
  opened.push(genl);
  return genl;
}

const familyName = (name: string): Uint8Array => new AttributeWriter().string(CTRL_ATTR_FAMILY_NAME, name).finish();

describe('genl on the host kernel', () => {
  it('resolves nlctrl with its id, version, GETFAMILY operation and notify group, and caches it', async () => {
    const genl = open();
    const nlctrl = await genl.resolveFamily('nlctrl');
    expect(nlctrl).toMatchObject({ id: 0x10, name: 'nlctrl', version: 2, headerSize: 0 });
    expect(Number.isInteger(nlctrl.maxAttribute)).toBe(true); // 0 on 6.x: nlctrl declares its policies per operation
    expect(nlctrl.multicastGroups.get('notify')).toBe(0x10);
    expect(nlctrl.operations.has(CTRL_CMD_GETFAMILY)).toBe(true);
    expect(await genl.resolveFamily('nlctrl')).toBe(nlctrl);
  });

  it('resolving devlink rejects with GenlFamilyNotFoundError, code ENOENT and the clear message', async () => {
    const genl = open();
    const error = await genl.resolveFamily('devlink').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenlFamilyNotFoundError);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect(error).toMatchObject({ code: 'ENOENT', errno: 2, family: 'devlink' });
    expect((error as Error).message).toBe(
      'generic netlink family "devlink" not found: the running kernel has no devlink support (ENOENT)',
    );
  });

  it('dumps every family (multipart until NLMSG_DONE) and finds nlctrl among them', async () => {
    const genl = open();
    const nlctrl = await genl.resolveFamily('nlctrl');
    const parts = await genl.dump(nlctrl, CTRL_CMD_GETFAMILY, new Uint8Array(0));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.command === CTRL_CMD_NEWFAMILY)).toBe(true);
    const names = parts.map((p) => readString(parseAttributes(p.attributes).find((a) => a.type === CTRL_ATTR_FAMILY_NAME)!));
    expect(names).toContain('nlctrl');
    expect(names).not.toContain('devlink');
  });

  it('keeps 50 requests in flight on one socket and matches every reply', async () => {
    const genl = open();
    const nlctrl = await genl.resolveFamily('nlctrl');
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => genl.request(nlctrl, CTRL_CMD_GETFAMILY, familyName('nlctrl'))),
    );
    expect(replies.every((r) => r.length === 1 && r[0]!.command === CTRL_CMD_NEWFAMILY)).toBe(true);
    expect(new Set(replies.map((r) => r[0]!.seq)).size).toBe(50);
  });

  it('parses the real kernel extended ACK: policy failure message and offset, turned into a path', async () => {
    const genl = open();
    const nlctrl = await genl.resolveFamily('nlctrl');
    // CTRL_ATTR_FAMILY_NAME is NLA_NUL_STRING of at most 15 characters; 20 fails policy validation.
    const error = await genl
      .request(nlctrl, CTRL_CMD_GETFAMILY, familyName('x'.repeat(20)), {
        describeOffset: (request, offset) =>
          offset === 20 && request.length === 48 ? 'family-name' : `unexpected offset ${offset}`,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkKernelError);
    expect(error).toMatchObject({
      code: 'EINVAL',
      errno: 22,
      description: 'Invalid argument',
      extack: { message: 'Attribute failed policy validation', offset: 20, attributePath: 'family-name' },
    });
    expect((error as Error).message).toBe('Attribute failed policy validation');
  });

  it('reports a refusal without extended ACK text with the strerror message', async () => {
    const genl = open();
    const nlctrl = await genl.resolveFamily('nlctrl');
    // GETFAMILY with neither name nor id.
    await expect(genl.request(nlctrl, CTRL_CMD_GETFAMILY, new Uint8Array(0))).rejects.toMatchObject({
      code: 'EINVAL',
      errno: 22,
    });
  });

  it('the fake kernel describes a family with the same attribute layout as the real nlctrl', async () => {
    const shape = async (genl: GenlConnection): Promise<unknown> => {
      const nlctrl = await genl.resolveFamily('nlctrl');
      const [reply] = await genl.request(nlctrl, CTRL_CMD_GETFAMILY, familyName('nlctrl'));
      const attributes = parseAttributes(reply!.attributes);
      const groups = parseAttributes(attributes.find((a) => a.type === 7)!.data);
      return {
        command: reply!.command,
        version: reply!.version,
        order: attributes.map((a) => a.type),
        groupEntry: parseAttributes(groups[0]!.data).map((a) => a.type),
      };
    };
    const fake = GenlConnection.open(new FakeKernel().openTransport());
    opened.push(fake);
    const real = await shape(open());
    expect(real).toEqual({ command: CTRL_CMD_NEWFAMILY, version: 2, order: [2, 1, 3, 4, 5, 6, 7], groupEntry: [2, 1] });
    expect(await shape(fake)).toEqual(real);
  });
});
