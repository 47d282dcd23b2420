/**
 * The daemon under a stand-in for systemd: `runDaemon` against the fake kernel, with
 * `$NOTIFY_SOCKET` pointing at a real AF_UNIX datagram receiver (test/support/notify-receiver.py).
 * It must say READY=1 only after its first full pass (the SFs already exist in the kernel when the
 * receiver sees it), STATUS= lines a person reads, RELOADING=1 ... READY=1 around a real SIGHUP,
 * WATCHDOG=1 at half WATCHDOG_USEC, and STOPPING=1 when stopped — all from the daemon's own pid.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Devlink } from '../../src/devlink/client.js';
import { runDaemon } from '../../src/daemon/daemon.js';
import { createLogger } from '../../src/daemon/log.js';
import { SystemdNotifier } from '../../src/daemon/sd-notify.js';
import { SystemdIntegration } from '../../src/daemon/systemd.js';
import { FakeDevlink } from '../support/fake-devlink.js';
import { NotifyReceiver } from '../support/notify-receiver.js';

const DEV = 'pci/0000:08:00.0';

describe.each(['path', 'abstract'] as const)('daemon with NOTIFY_SOCKET at a %s address', (kind) => {
  let dir: string;
  let fake: FakeDevlink;
  let observer: Devlink;
  let receiver: NotifyReceiver;
  const stop = new AbortController();
  let exit: Promise<number>;
  const stderr: string[] = [];
  let sfsAtReady: number | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devlink-ts-daemon-systemd-'));
    writeFileSync(join(dir, 'sfs.yaml'), `devices:\n  - handle: ${DEV}\n    sfs:\n      - { pfnum: 0, sfnum: 1 }\n      - { pfnum: 0, sfnum: 2 }\n`);
    // attach takes a while: a READY=1 sent before the first pass finished would come before the SFs exist
    fake = new FakeDevlink(undefined, { attachDelayMs: 300, detachDelayMs: 5 });
    fake.addDevice(DEV, { sf: true, eswitchMode: 'switchdev' });
    observer = await Devlink.open({ transport: fake.openTransport() });
    const address = kind === 'path' ? join(dir, 'notify') : `@devlink-ts/test/daemon-${process.pid}-${Math.random().toString(36).slice(2)}`;
    receiver = await NotifyReceiver.start(address);
    const notifier = SystemdNotifier.fromEnvironment({ env: { NOTIFY_SOCKET: address, WATCHDOG_USEC: '200000', WATCHDOG_PID: String(process.pid) } });
    exit = runDaemon({
      configPath: dir, socketPath: join(dir, 'run', 'daemon.sock'), stateDir: join(dir, 'state'), logFormat: 'json',
      io: { stdout: () => undefined, stderr: (text) => stderr.push(text), readBatch: () => Promise.reject(new Error('no batch')) },
      signal: stop.signal, notifier, devlink: await Devlink.open({ transport: fake.openTransport() }),
    });
    await receiver.waitFor((n) => n.fields['READY'] === '1', 'READY=1', 30_000);
    sfsAtReady = (await observer.listPorts(DEV)).filter((p) => p.flavour === 'pcisf').length;
  });
  afterAll(async () => {
    stop.abort();
    await exit;
    await receiver.stop();
    observer.close();
    fake.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says READY=1 once, after the first full pass, with a status line', () => {
    expect(sfsAtReady).toBe(2);
    const readyAt = receiver.received.findIndex((n) => n.fields['READY'] === '1');
    expect(receiver.received[0]!.fields['STATUS']).toBe('starting: first reconcile pass');
    expect(receiver.received.slice(0, readyAt).every((n) => !('READY' in n.fields))).toBe(true);
    expect(receiver.received[readyAt]!.fields['STATUS']).toMatch(/^(ready|progressing|degraded): \d\/2 SFs ready, [01]\/1 devices ready, config generation 1/);
  });

  // The pace itself is checked on fake timers below: gaps measured here flaked on a loaded host.
  it('pings WATCHDOG=1 (every half WATCHDOG_USEC: 100 ms) from its own pid', async () => {
    const from = receiver.received.length;
    await receiver.waitFor(() => receiver.received.slice(from).filter((n) => n.message === 'WATCHDOG=1').length >= 4, '4 pings', 10_000);
    expect(receiver.received.filter((n) => n.message === 'WATCHDOG=1').every((n) => n.pid === process.pid)).toBe(true);
  });

  it('answers a real SIGHUP with RELOADING=1 (MONOTONIC_USEC) then READY=1', async () => {
    const from = receiver.received.length;
    process.kill(process.pid, 'SIGHUP');
    const reloading = await receiver.waitFor((n) => n.fields['RELOADING'] === '1', 'RELOADING=1', 10_000, from);
    expect(reloading.fields['MONOTONIC_USEC']).toMatch(/^\d+$/);
    const after = receiver.received.indexOf(reloading);
    const ready = await receiver.waitFor((n) => n.fields['READY'] === '1', 'READY=1 after the reload', 10_000, after);
    expect(ready.fields['STATUS']).toMatch(/SFs ready/);
  });

  it('follows state changes with STATUS= lines, and says STOPPING=1 last, all from our pid', async () => {
    writeFileSync(join(dir, 'sfs.yaml'), `devices:\n  - handle: ${DEV}\n    sfs:\n      - { pfnum: 0, sfnum: 1 }\n      - { pfnum: 0, sfnum: 2 }\n      - { pfnum: 0, sfnum: 3 }\n`);
    await receiver.waitFor((n) => /\/3 SFs ready/.test(n.fields['STATUS'] ?? ''), 'a STATUS with 3 SFs', 20_000);
    stop.abort();
    expect(await exit).toBe(0);
    const last = await receiver.waitFor((n) => n.fields['STOPPING'] === '1', 'STOPPING=1', 10_000);
    expect(receiver.received.at(-1)).toBe(last);
    expect(receiver.received.every((n) => n.pid === process.pid)).toBe(true);
  });
});

// The daemon's watchdog pace, on fake timers (deterministic): a ping when it starts, then one every
// half WATCHDOG_USEC, never early; none while the reconciler is unhealthy; none after STOPPING=1.
describe('daemon watchdog pace', () => {
  it('pings at once, every 100 ms for WATCHDOG_USEC=200000, skips while unhealthy, stops at STOPPING=1', () => {
    vi.useFakeTimers();
    try {
      const sent: string[] = [];
      const notifier = SystemdNotifier.fromEnvironment({
        env: { NOTIFY_SOCKET: '@x', WATCHDOG_USEC: '200000' },
        send: (_address, message) => sent.push(new TextDecoder().decode(message)),
      });
      let healthy = true;
      const subject = {
        currentStatus: (): never => {
          throw new Error('not needed');
        },
        get healthy() {
          return healthy;
        },
        on: () => undefined,
        off: () => undefined,
      };
      const systemd = new SystemdIntegration(subject, createLogger('json', () => undefined), notifier);
      const pings = (): number => sent.filter((m) => m === 'WATCHDOG=1').length;
      systemd.starting();
      expect(pings()).toBe(1);
      vi.advanceTimersByTime(99);
      expect(pings()).toBe(1);
      vi.advanceTimersByTime(1);
      expect(pings()).toBe(2);
      vi.advanceTimersByTime(300);
      expect(pings()).toBe(5);
      healthy = false;
      vi.advanceTimersByTime(1000);
      expect(pings()).toBe(5);
      healthy = true;
      vi.advanceTimersByTime(100);
      expect(pings()).toBe(6);
      systemd.stopping();
      vi.advanceTimersByTime(1000);
      expect(pings()).toBe(6);
      expect(sent.at(-1)).toBe('STOPPING=1\nSTATUS=stopping');
    } finally {
      vi.useRealTimers();
    }
  });
});
