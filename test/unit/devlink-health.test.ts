import { afterEach, describe, expect, it } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { fmsgToPlain } from '../../src/devlink/fmsg.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { FakeKernel } from '../support/fake-kernel.js';
import { FakeDevlink, type FmsgItem } from '../support/fake-devlink.js';

const DEV = 'netdevsim/netdevsim10';
let fake: FakeDevlink;
let dl: Devlink;

const DIAGNOSE: FmsgItem[] = [
  ['obj'],
  ['pair'], ['name', 'test_data'], ['str', 'somedata'], ['end'],
  ['pair'], ['name', 'SQs'], ['arr'],
  ['obj'], ['pair'], ['name', 'sqn'], ['u32', 1], ['end'], ['pair'], ['name', 'stopped'], ['flag', 0], ['end'], ['end'],
  ['obj'], ['pair'], ['name', 'sqn'], ['u32', 2], ['end'], ['pair'], ['name', 'stopped'], ['flag', 1], ['end'], ['end'],
  ['end'], ['end'],
  ['pair'], ['name', 'bytes'], ['u64', 2n ** 40n], ['end'],
  ['end'],
];

async function setup(): Promise<void> {
  fake = new FakeDevlink(new FakeKernel());
  fake.addDevice(DEV, {
    physicalPorts: 1,
    healthReporters: [
      { name: 'empty', state: 'healthy', errorCount: 0n, recoverCount: 0n },
      {
        name: 'dummy', state: 'healthy', errorCount: 0n, recoverCount: 0n,
        // without auto-recovery, so a test report leaves it in error until recovered
        recover: { gracefulPeriod: 0n, autoRecover: false },
        dump: { autoDump: true, items: [['obj'], ['pair'], ['name', 'break_count'], ['u32', 3], ['end'], ['end']] },
        diagnose: DIAGNOSE,
        test: {},
      },
      { name: 'port_reporter', portIndex: 1000, state: 'healthy', errorCount: 0n, recoverCount: 0n },
    ],
  });
  dl = await Devlink.open({ transport: fake.openTransport(), timeoutMs: 2000 });
}

afterEach(() => {
  dl?.close();
  fake?.dispose();
});

describe('health reporters', () => {
  it('lists per device and per port, gets, sets', async () => {
    await setup();
    const all = await dl.listHealthReporters(DEV);
    expect(all.map((r) => [r.name, r.portIndex])).toEqual([['empty', undefined], ['dummy', undefined], ['port_reporter', 1000]]);
    expect(all[0]).toEqual(expect.not.objectContaining({ gracefulPeriod: expect.anything() }));
    expect((await dl.listHealthReporters(`${DEV}/1000`)).map((r) => r.name)).toEqual(['port_reporter']);
    await dl.setHealthReporter(DEV, 'dummy', { gracefulPeriod: 500, autoRecover: false, autoDump: false });
    expect(await dl.getHealthReporter(DEV, 'dummy')).toMatchObject({
      handle: DEV, name: 'dummy', state: 'healthy', errorCount: 0n, recoverCount: 0n, gracefulPeriod: 500n, autoRecover: false, autoDump: false,
    });
    const unsupported = (await dl.setHealthReporter(DEV, 'empty', { autoDump: true }).catch((e: unknown) => e)) as NetlinkKernelError;
    expect(unsupported.code).toBe('EOPNOTSUPP');
    expect(((await dl.setHealthReporter(DEV, 'dummy', {}).catch((e: unknown) => e)) as Error).message).toMatch(/nothing to set/);
  });

  it('tests, recovers (with notifications), diagnoses and dumps across several reply messages', async () => {
    await setup();
    const events = dl.events();
    await dl.testHealthReporter(DEV, 'dummy');
    expect(await dl.getHealthReporter(DEV, 'dummy')).toMatchObject({ state: 'error', errorCount: 1n, dumpTs: 2000n, dumpTsNs: 2_000_000_000n });
    await dl.recoverHealthReporter(DEV, 'dummy');
    const first = await events.next();
    const second = await events.next();
    events.close();
    expect([first.value, second.value]).toMatchObject([
      { kind: 'health', handle: DEV, reporter: { name: 'dummy', state: 'error', errorCount: 1n } },
      { kind: 'health', handle: DEV, reporter: { name: 'dummy', state: 'healthy', recoverCount: 1n } },
    ]);
    const diagnosis = await dl.diagnoseHealthReporter(DEV, 'dummy');
    expect(fmsgToPlain(diagnosis)).toEqual({
      test_data: 'somedata',
      SQs: [{ sqn: 1, stopped: false }, { sqn: 2, stopped: true }],
      bytes: 2n ** 40n,
    });
    expect(fmsgToPlain(await dl.dumpHealthReporter(DEV, 'dummy'))).toEqual({ break_count: 3 });
    await dl.clearHealthReporterDump(DEV, 'dummy');
    expect((await dl.getHealthReporter(DEV, 'dummy')).dumpTs).toBeUndefined();
    const noDiagnose = (await dl.diagnoseHealthReporter(DEV, 'empty').catch((e: unknown) => e)) as NetlinkKernelError;
    expect(noDiagnose.code).toBe('EOPNOTSUPP');
  });
});
