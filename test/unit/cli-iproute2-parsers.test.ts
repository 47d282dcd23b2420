import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { decodeAttributes, type AttributeTree } from '../../src/devlink/codec.js';
import { DEVLINK_CMD } from '../../src/devlink/spec/index.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { parseUnsigned, strtoull, U16_MAX, U32_MAX, U64_MAX, U8_MAX } from '../../src/cli/grammar/values.js';
import { parseRate } from '../../src/devlink/rate-units.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { runCli, words } from './cli-harness.js';

// The CLI's number readers against the iproute2 helpers they mirror (lib/utils.c get_u64/get_u32/
// get_u16/get_u8 with base 10 over glibc's strtoull/strtoul; lib/utils_math.c get_rate64 over
// strtod). Expected values were checked against glibc's strtoull/strtod themselves.

describe('strtoull (glibc, base 10)', () => {
  it.each([
    ['1', 1n, false, ''],
    [' \t\n\v\f\r7', 7n, false, ''],
    ['+5', 5n, false, ''],
    ['-0', 0n, false, ''],
    [' -1', U64_MAX, false, ''],
    ['-18446744073709551615', 1n, false, ''],
    ['010', 10n, false, ''],
    ['0x10', 0n, false, 'x10'],
    ['12 ', 12n, false, ' '],
    ['18446744073709551615', U64_MAX, false, ''],
    ['18446744073709551616', U64_MAX, true, ''],
    ['-18446744073709551616', U64_MAX, true, ''],
  ])('%j -> %s (overflow %s, rest %j)', (text, value, overflow, rest) => {
    expect(strtoull(text)).toEqual({ value, overflow, rest });
  });

  it.each(['', ' ', '+', '-', ' +', 'x1', '+-1'])('%j has no digits', (text) => {
    expect(strtoull(text)).toBeUndefined();
  });
});

describe('parseUnsigned (get_u64/get_u32/get_u16/get_u8, base 10)', () => {
  it.each([
    // blanks, signs, bases
    ['42', U32_MAX, 42n],
    [' 42', U32_MAX, 42n],
    ['\t42', U32_MAX, 42n],
    ['+42', U32_MAX, 42n],
    ['-0', U8_MAX, 0n],
    ['010', U16_MAX, 10n],
    ['0x10', U64_MAX, undefined],
    ['42 ', U32_MAX, undefined],
    ['', U32_MAX, undefined],
    [' ', U32_MAX, undefined],
    ['4x', U32_MAX, undefined],
    // -1 is all ones: a u64 takes it, narrower widths are out of range (strtoul is 64-bit)
    ['-1', U64_MAX, U64_MAX],
    [' -1', U64_MAX, U64_MAX],
    ['-1', U32_MAX, undefined],
    ['-1', U16_MAX, undefined],
    ['-1', U8_MAX, undefined],
    ['-18446744073709551615', U32_MAX, 1n],
    // range and overflow
    ['18446744073709551615', U64_MAX, U64_MAX],
    ['18446744073709551616', U64_MAX, undefined],
    ['4294967295', U32_MAX, U32_MAX],
    ['4294967296', U32_MAX, undefined],
    ['65535', U16_MAX, 65535n],
    ['65536', U16_MAX, undefined],
    ['255', U8_MAX, 255n],
    ['256', U8_MAX, undefined],
  ])('%j within %s -> %s', (text, max, expected) => {
    expect(parseUnsigned(text, max)).toBe(expected);
  });
});

describe('parseRate (get_rate64 over strtod)', () => {
  it.each([
    [' 8', 1n],
    ['-0', 0n],
    ['-0mbit', 0n],
    ['0x10', 2n],
    ['0X10kbit', 2000n],
    ['0x10bit', undefined], // strtod reads the hex float 0x10b, then "it" is no unit
    ['0x1.8p4', 3n],
    ['0x10mbit', 2_000_000n],
    ['1e', undefined],
    ['0x', undefined],
    ['-8', undefined],
    ['inf', undefined],
    ['nan', undefined],
  ])('%j -> %s', (text, expected) => {
    expect(parseRate(text)).toBe(expected);
  });
});

describe('tc-bw words (strtoul over the text around the last colon)', () => {
  it.each([
    // index and share read with blanks and signs; an empty index or share is 0
    ['0:\t60 1:+40 2:0 3:0 4:0 5:0 6:0 7:0', 0, undefined],
    [':60 1:40 2:0 3:0 4:0 5:0 6:0 7:', 0, undefined],
    ['0:60 1:2:40 2:0 3:0 4:0 5:0 6:0 7:0', 1, 'Invalid traffic class index: 1:2\n'],
    ['0:60 -1:40 2:0 3:0 4:0 5:0 6:0 7:0', 1, 'Error parsing tc-bw: invalid index: -1, use values between 0 and 7\n'],
    ['0:60 1:4294967296 2:0 3:0 4:0 5:0 6:0 7:0', 1, 'Invalid bandwidth value: 4294967296\n'],
    ['0:60 1:4x 2:0 3:0 4:0 5:0 6:0 7:0', 1, 'Invalid bandwidth value: 4x\n'],
  ])('%s', async (tcBw, code, err) => {
    let received: unknown;
    const run = await runCli(['port', 'function', 'rate', 'set', 'pci/0000:06:00.0/1', 'tc-bw', ...tcBw.split(' ')], {
      devlink: { setRate: async (...args: unknown[]) => { received = args; }, close: () => undefined } as never,
    });
    expect(run.code).toBe(code);
    if (err !== undefined) expect(run.err).toBe(err);
    else expect((received as [unknown, { tcBandwidths: { bw: number }[] }])[1].tcBandwidths.slice(0, 2).map((tc) => tc.bw)).toEqual([60, 40]);
  });
});

describe('the kernel selftests\' command lines (tools/testing/selftests/drivers/net/netdevsim/devlink.sh)', () => {
  const DEV = 'netdevsim/netdevsim10';
  let fake: FakeDevlink;
  let factory: DevlinkFactory;

  beforeEach(() => {
    fake = new FakeDevlink();
    fake.addDevice(DEV, {
      eswitchMode: null,
      resources: [{ name: 'IPv4', id: 1n, size: U64_MAX, min: 0n, max: U64_MAX, gran: 1n, children: [
        { name: 'fib', id: 2n, size: U64_MAX, min: 0n, max: U64_MAX, gran: 1n, occ: 3n, children: [] },
      ] }],
    });
    factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
  });
  afterEach(() => fake.dispose());

  function sent(command: number): AttributeTree[] {
    return fake.kernel.requests
      .filter((r) => r.genl?.familyId === fake.family.id && r.genl.command === command)
      .map((r) => decodeAttributes(r.genl!.attributes, 'devlink'));
  }

  it("resource set ... size ' -1' sends all ones (unset), as strtoull reads it", async () => {
    expect(await runCli(['resource', 'set', DEV, 'path', 'IPv4/fib', 'size', ' -1'], { devlink: factory })).toMatchObject({ code: 0, err: '' });
    expect(sent(DEVLINK_CMD['resource-set']).at(-1)!.values['resource-size']).toBe(U64_MAX);
    expect(await runCli(['resource', 'set', DEV, 'path', 'IPv4/fib', 'size', '4'], { devlink: factory })).toMatchObject({ code: 0 });
    expect(sent(DEVLINK_CMD['resource-set']).at(-1)!.values['resource-size']).toBe(4n);
    expect(await runCli(['resource', 'set', DEV, 'path', 'IPv4/fib', 'size', '0x4'], { devlink: factory })).toMatchObject({
      code: 1, err: '"0x4" is not a number or not within range\n',
    });
  });

  it('dev reload DEV netns 1: a number that names no namespace is a PID (iproute2 netns_get_fd, then get_u32)', async () => {
    expect(await runCli(words(`dev reload ${DEV} netns 1`), { devlink: factory })).toMatchObject({ code: 0, err: '' });
    const byPid = sent(DEVLINK_CMD.reload).at(-1)!.values;
    expect(byPid['netns-pid']).toBe(1);
    expect(byPid['netns-fd']).toBeUndefined();
  });

  it('dev reload DEV netns PATH opens the namespace file and sends its descriptor', async () => {
    expect(await runCli(words(`dev reload ${DEV} netns /proc/self/ns/net`), { devlink: factory })).toMatchObject({ code: 0, err: '' });
    const byFd = sent(DEVLINK_CMD.reload).at(-1)!.values;
    expect(typeof byFd['netns-fd']).toBe('number');
    expect(byFd['netns-pid']).toBeUndefined();
  });

  it('dev reload DEV netns WORD that is neither a namespace nor a number fails as iproute2 does, before asking the kernel', async () => {
    expect(await runCli(words(`dev reload ${DEV} netns devlink-ts-no-such-netns`))).toMatchObject({
      code: 1, err: '"devlink-ts-no-such-netns" is not a number or not within range\n', opened: false,
    });
    expect(await runCli(words(`dev reload ${DEV} netns 4294967296`))).toMatchObject({
      code: 1, err: '"4294967296" is not a number or not within range\n', opened: false,
    });
  });
});
