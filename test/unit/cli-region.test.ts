import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import type { DevlinkFactory } from '../../src/cli/context.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { runCli, words } from './cli-harness.js';

// Goldens of `devlink-ts region ...` against the fake devlink (iproute2 6.1's layout; compared
// byte for byte with iproute2 on netdevsim by test/vm/cli-region.test.ts).

let fake: FakeDevlink;
let factory: DevlinkFactory;
const DEV = 'netdevsim/netdevsim1';
const CONTENTS = Uint8Array.from({ length: 40 }, (_, i) => i);

beforeEach(() => {
  fake = new FakeDevlink();
  fake.addDevice(DEV, {
    regions: [
      { name: 'dummy', maxSnapshots: 2, data: CONTENTS, direct: true, snapshot: true, snapshots: new Map() },
      { name: 'fw', maxSnapshots: 1, data: new Uint8Array(16), direct: false, snapshot: false, snapshots: new Map([[42, new Uint8Array(16).fill(7)]]) },
    ],
  });
  factory = async (opts) => Devlink.open({ ...opts, transport: fake.openTransport() });
});

afterEach(() => fake.dispose());

const cli = (line: string) => runCli(words(line), { devlink: factory });

describe('region', () => {
  it('shows regions with their snapshots, text and JSON', async () => {
    expect((await cli('region')).out).toBe('netdevsim/netdevsim1/dummy: size 40 snapshot [] max 2\nnetdevsim/netdevsim1/fw: size 16 snapshot [42] max 1\n');
    expect((await cli('-j region show netdevsim/netdevsim1/fw')).out).toBe('{"regions":{"netdevsim/netdevsim1/fw":{"size":16,"snapshot":[42],"max":1}}}\n');
  });

  it('takes and deletes snapshots', async () => {
    expect(await cli('region new netdevsim/netdevsim1/dummy snapshot 7')).toMatchObject({ code: 0, err: '' });
    expect((await cli('region new netdevsim/netdevsim1/dummy')).out).toMatch(/^netdevsim\/netdevsim1\/dummy:( size 40)? snapshot \d+\n$/);
    expect((await cli('region show netdevsim/netdevsim1/dummy')).out).toMatch(/^netdevsim\/netdevsim1\/dummy: size 40 snapshot \[7 \d+\] max 2\n$/);
    expect(await cli('region del netdevsim/netdevsim1/dummy snapshot 7')).toMatchObject({ code: 0, out: '', err: '' });
  });

  it('dumps and reads as hex rows of 16 bytes with addresses, or JSON chunks', async () => {
    await cli('region new netdevsim/netdevsim1/dummy snapshot 1');
    expect((await cli('region dump netdevsim/netdevsim1/dummy snapshot 1')).out).toBe(
      '0000000000000000 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f \n' +
        '0000000000000010 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f \n' +
        '0000000000000020 20 21 22 23 24 25 26 27 \n',
    );
    expect((await cli('region read netdevsim/netdevsim1/dummy snapshot 1 address 30 length 4')).out).toBe('000000000000001e 1e 1f 20 21 \n');
    expect((await cli('-j region read netdevsim/netdevsim1/dummy snapshot 1 address 30 length 4')).out).toBe('{"read":{"address":30,"data":[30,31,32,33]}}\n');
  });

  it('reads the live region without a snapshot (direct, as iproute2 6.2+), and shows the refusal of a region that cannot', async () => {
    expect((await cli('region read netdevsim/netdevsim1/dummy address 16 length 3')).out).toBe('0000000000000010 10 11 12 \n');
    expect((await cli('-j region read netdevsim/netdevsim1/dummy address 16 length 3')).out).toBe('{"read":{"address":16,"data":[16,17,18]}}\n');
    const refused = await cli('region read netdevsim/netdevsim1/fw address 0 length 4');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Requested region does not support direct read');
    expect(await runCli(words('region dump netdevsim/netdevsim1/dummy'))).toMatchObject({ code: 1, err: 'Region snapshot id expected.\n', opened: false });
  });

  it('names bad command lines as iproute2 does', async () => {
    expect(await runCli(words('region del netdevsim/netdevsim1/dummy'))).toMatchObject({ code: 1, err: 'Region snapshot id expected.\n', opened: false });
    expect(await runCli(words('region read netdevsim/netdevsim1/dummy snapshot 1 length 4'))).toMatchObject({ code: 1, err: 'Region address value expected.\n' });
    expect(await runCli(words('region bogus'))).toMatchObject({ code: 1, err: 'Command "bogus" not found\n' });
  });
});
