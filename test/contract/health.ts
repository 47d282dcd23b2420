/**
 * Contract: health reporters — netdevsim's `empty` and `dummy` (what each reports, the core's
 * refusals for a missing op or reporter, recovering a healthy reporter being a no-op, an error
 * report dumped and recovered automatically, with its notifications) and objsim's per-port
 * `port_fw` (diagnose and dump as decoded fmsg values, the stored dump kept until cleared, and a
 * `test` request reported from a work item).
 */
import { describe, expect, it } from 'vitest';
import { fmsgToPlain } from '../../src/devlink/fmsg.js';
import { decoded } from './decoded.js';
import { recordEvents } from './events.js';
import { refusal } from './refusal.js';
import { contractDevice } from './setup.js';
import type { Contract } from './target.js';

const BARE = (code: string) => ({ code, message: null });

export const healthContract: Contract = (target) => {
  describe(`health reporters (netdevsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.netdevsim());
    const owner = () => ({ handle: c.dev.handle, busName: 'netdevsim', deviceName: c.dev.handle.slice(10) });

    it('reports empty (dump, diagnose) and dummy (recover too) with what each op allows', async () => {
      expect(decoded(await c.dl.listHealthReporters(c.dev.handle))).toEqual([
        { ...owner(), name: 'empty', state: 'healthy', errorCount: 0n, recoverCount: 0n, autoDump: true },
        { ...owner(), name: 'dummy', state: 'healthy', errorCount: 0n, recoverCount: 0n, gracefulPeriod: 0n, autoRecover: true, autoDump: true },
      ]);
      expect(fmsgToPlain(await c.dl.diagnoseHealthReporter(c.dev.handle, 'empty'))).toEqual({});
    });

    it('refuses unknown reporters and ops the driver lacks (core, no message); recovering a healthy reporter does nothing', async () => {
      const h = c.dev.handle;
      expect(await refusal(c.dl.getHealthReporter(h, 'nope'))).toEqual(BARE('EINVAL'));
      expect(await refusal(c.dl.recoverHealthReporter(h, 'nope'))).toEqual(BARE('EINVAL'));
      expect(await refusal(c.dl.setHealthReporter(h, 'empty', { gracefulPeriod: 10 }))).toEqual(BARE('EOPNOTSUPP'));
      expect(await refusal(c.dl.setHealthReporter(h, 'empty', { autoRecover: false }))).toEqual(BARE('EOPNOTSUPP'));
      expect(await refusal(c.dl.testHealthReporter(h, 'dummy'))).toEqual(BARE('EOPNOTSUPP'));
      expect(await refusal(c.dl.testHealthReporter(h, 'empty'))).toEqual(BARE('EOPNOTSUPP'));
      await c.dl.recoverHealthReporter(h, 'empty');
      await c.dl.recoverHealthReporter(h, 'dummy');
      expect(await c.dl.getHealthReporter(h, 'dummy')).toMatchObject({ state: 'healthy', errorCount: 0n, recoverCount: 0n });
      await c.dl.setHealthReporter(h, 'dummy', { gracefulPeriod: 500 });
      expect((await c.dl.getHealthReporter(h, 'dummy')).gracefulPeriod).toBe(500n);
      await c.dl.setHealthReporter(h, 'dummy', { gracefulPeriod: 0 });
    });

    it('dumps on request, keeps the dump until cleared', async () => {
      const h = c.dev.handle;
      expect((await c.dl.getHealthReporter(h, 'empty')).dumpTs).toBeUndefined();
      expect(fmsgToPlain(await c.dl.dumpHealthReporter(h, 'empty'))).toEqual({});
      expect(typeof (await c.dl.getHealthReporter(h, 'empty')).dumpTs).toBe('bigint');
      await c.dl.clearHealthReporterDump(h, 'empty');
      expect((await c.dl.getHealthReporter(h, 'empty')).dumpTs).toBeUndefined();
    });

    it('an error report: error notified, dumped with its context, recovered and notified', async () => {
      const events = recordEvents(c.dl, (device) => device === c.dev.handle);
      try {
        await c.dev.breakHealth('contract break');
        expect(await events.take(2)).toEqual(['health dummy error 1/0', 'health dummy healthy 1/1']);
      } finally {
        events.close();
      }
      expect(await c.dl.getHealthReporter(c.dev.handle, 'dummy')).toMatchObject({ state: 'healthy', errorCount: 1n, recoverCount: 1n });
      const dump = await c.dl.dumpHealthReporterItems(c.dev.handle, 'dummy');
      expect(dump.slice(0, 5)).toEqual([
        { kind: 'start', nest: 'object' }, { kind: 'start', nest: 'pair' }, { kind: 'name', name: 'break_message' },
        { kind: 'value', type: 10, value: 'contract break' }, { kind: 'end' },
      ]);
      await c.dl.clearHealthReporterDump(c.dev.handle, 'dummy');
    });
  });

  describe(`per-port health reporters (objsim, ${target.kind})`, () => {
    const c = contractDevice(target, () => target.objsim());
    const owner = () => ({ handle: c.dev.handle, busName: 'objsim', deviceName: c.dev.handle.slice(7) });

    it('reports port_fw on each port; diagnose and dump as decoded values', async () => {
      const reporter = (portIndex: number) => ({ ...owner(), name: 'port_fw', portIndex, state: 'healthy', errorCount: 0n, recoverCount: 0n, gracefulPeriod: 0n, autoRecover: true, autoDump: true });
      expect(decoded(await c.dl.listHealthReporters(c.dev.handle))).toEqual([reporter(0), reporter(1)]);
      expect(decoded(await c.dl.listHealthReporters(c.dev.port(1)))).toEqual([reporter(1)]);
      expect(decoded(await c.dl.getHealthReporter(c.dev.port(0), 'port_fw'))).toEqual(reporter(0));
      // a device-wide reporter of that name does not exist
      expect(await refusal(c.dl.getHealthReporter(c.dev.handle, 'port_fw'))).toEqual(BARE('EINVAL'));
      expect(fmsgToPlain(await c.dl.diagnoseHealthReporter(c.dev.port(1), 'port_fw'))).toEqual({
        port: 1, firmware: { version: '1.2.3', running: true, boot_count: 1 },
        queues: [{ id: 0, head: 16, tail: 16 }, { id: 1, head: 32, tail: 30 }], test_events: 0n,
      });
      expect(fmsgToPlain(await c.dl.dumpHealthReporter(c.dev.port(1), 'port_fw'))).toEqual({
        cause: 'user', registers: [0x2000, 0x2001, 0x2002, 0x2003],
        config: { lanes: 4, speed_mbps: 100000, fec: 'rs', autoneg: false }, blob: [0x0b, 0x15, 0x10, 0x00, 0xca, 0xfe, 0xf0, 0x0d],
      });
    });

    it('test: reported from a work item — error, dump taken by the report (the stored one cleared first), recovery', async () => {
      const port = c.dev.port(0);
      await c.dl.dumpHealthReporter(port, 'port_fw');
      await c.dl.clearHealthReporterDump(port, 'port_fw');
      const events = recordEvents(c.dl, (device) => device === c.dev.handle);
      try {
        await c.dl.testHealthReporter(port, 'port_fw');
        expect(await events.take(2)).toEqual(['health port_fw@0 error 1/0', 'health port_fw@0 healthy 1/1']);
      } finally {
        events.close();
      }
      expect(fmsgToPlain(await c.dl.dumpHealthReporter(port, 'port_fw'))).toMatchObject({ cause: 'test', event: 1n });
      expect(fmsgToPlain(await c.dl.diagnoseHealthReporter(port, 'port_fw'))).toMatchObject({ port: 0, test_events: 1n });
      expect(await c.dl.getHealthReporter(c.dev.port(1), 'port_fw')).toMatchObject({ errorCount: 0n });
    });
  });
};
