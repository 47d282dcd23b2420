/**
 * sd_notify against a real AF_UNIX datagram receiver standing in for systemd
 * (test/support/notify-receiver.py): the addon's sdNotify reaches a path and an abstract name, the
 * receiver sees the sender's pid as systemd would, and the protocol module sends what the daemon
 * asks (READY, STATUS, RELOADING with MONOTONIC_USEC, STOPPING, WATCHDOG at half WATCHDOG_USEC).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DevlinkTsError } from '../../src/error-base.js';
import { loadNativeAddon } from '../../src/native/loader.js';
import { monotonicMicroseconds, SdNotifyError, SystemdNotifier } from '../../src/daemon/sd-notify.js';
import { NotifyReceiver } from '../support/notify-receiver.js';

let scratch: string;
const receivers: NotifyReceiver[] = [];

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'devlink-ts-sd-notify-'));
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function receiver(kind: 'path' | 'abstract'): Promise<NotifyReceiver> {
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const address = kind === 'path' ? join(scratch, `notify-${unique}`) : `@devlink-ts/test/notify-${unique}`;
  const started = await NotifyReceiver.start(address);
  receivers.push(started);
  return started;
}

function notifierFor(address: string | undefined, extra: NodeJS.ProcessEnv = {}): SystemdNotifier {
  return SystemdNotifier.fromEnvironment({ env: { ...(address ? { NOTIFY_SOCKET: address } : {}), ...extra } });
}

describe('the addon sdNotify', () => {
  it.each(['path', 'abstract'] as const)('delivers one datagram to a %s address, from our pid', async (kind) => {
    const r = await receiver(kind);
    const bytes = new TextEncoder().encode('READY=1\nSTATUS=hello');
    expect(loadNativeAddon().sdNotify(r.address, bytes)).toBe(bytes.length);
    const got = await r.waitFor(() => true, 'datagram');
    expect(got.message).toBe('READY=1\nSTATUS=hello');
    expect(got.pid).toBe(process.pid);
  });

  it('returns a negative errno for unusable addresses instead of throwing', () => {
    const { sdNotify } = loadNativeAddon();
    const one = new Uint8Array([0x41]);
    expect(sdNotify(join(scratch, 'nobody-listens'), one)).toBe(-2); // ENOENT
    expect(sdNotify('@devlink-ts/test/nobody-listens', one)).toBe(-111); // ECONNREFUSED
    expect(sdNotify('vsock:2:1234', one)).toBe(-97); // EAFNOSUPPORT: only AF_UNIX is ours
    expect(sdNotify('relative/path', one)).toBe(-97);
    expect(sdNotify(`/${'x'.repeat(108)}`, one)).toBe(-22); // EINVAL: longer than sun_path
    expect(() => (sdNotify as (a: unknown, b: unknown) => number)(1, 'x')).toThrow(TypeError);
  });
});

describe('SystemdNotifier', () => {
  it('is a no-op without NOTIFY_SOCKET and never loads a sender', () => {
    const notifier = SystemdNotifier.fromEnvironment({
      env: { WATCHDOG_USEC: '1000000' },
      send: () => {
        throw new Error('must not send');
      },
    });
    expect(notifier.enabled).toBe(false);
    expect(notifier.watchdogIntervalMs).toBeUndefined();
    notifier.ready('up');
    notifier.status('x');
    notifier.reloading();
    notifier.stopping();
    notifier.watchdog();
    expect(notifier.startWatchdog(() => {})).toBe(false);
  });

  it.each(['path', 'abstract'] as const)('sends READY, STATUS, RELOADING + MONOTONIC_USEC, STOPPING to a %s address', async (kind) => {
    const r = await receiver(kind);
    const notifier = notifierFor(r.address);
    expect(notifier.enabled).toBe(true);
    notifier.status('reconciling: 0/3 objects ready');
    notifier.ready('3/3 objects ready');
    const before = monotonicMicroseconds();
    notifier.reloading('reloading configuration');
    notifier.ready('3/3 objects ready, generation 2');
    notifier.stopping('stopping');
    await r.waitFor((n) => 'STOPPING' in n.fields, 'STOPPING=1');
    expect(r.received.map((n) => n.message)).toEqual([
      'STATUS=reconciling: 0/3 objects ready',
      'READY=1\nSTATUS=3/3 objects ready',
      expect.stringMatching(/^RELOADING=1\nMONOTONIC_USEC=\d+\nSTATUS=reloading configuration$/),
      'READY=1\nSTATUS=3/3 objects ready, generation 2',
      'STOPPING=1\nSTATUS=stopping',
    ]);
    // MONOTONIC_USEC is CLOCK_MONOTONIC, the clock systemd compares it with: between our reading
    // just before and the receiver's own reading of that clock at receipt.
    const reload = r.received[2]!;
    const stamped = BigInt(reload.fields['MONOTONIC_USEC']!);
    expect(stamped >= before).toBe(true);
    expect(stamped <= BigInt(reload.monotonic_usec)).toBe(true);
    expect(r.received.every((n) => n.pid === process.pid)).toBe(true);
  });

  it('keeps a status on one line (a newline would start another assignment)', async () => {
    const r = await receiver('abstract');
    notifierFor(r.address).status('last error: pci/0000:06:00.0/32768:\nEBUSY\r\nretrying');
    const got = await r.waitFor(() => true, 'STATUS');
    expect(got.message).toBe('STATUS=last error: pci/0000:06:00.0/32768: EBUSY retrying');
  });

  it('refuses a key that is not KEY=VALUE syntax', () => {
    expect(() => notifierFor('@x', {}).notify({ 'READY=1\nX': 1 })).toThrow(/invalid key/);
  });

  it('pings WATCHDOG=1 at half WATCHDOG_USEC when WATCHDOG_PID is ours', async () => {
    const r = await receiver('path');
    const notifier = notifierFor(r.address, { WATCHDOG_USEC: '300000', WATCHDOG_PID: String(process.pid) });
    expect(notifier.watchdogIntervalMs).toBe(150);
    expect(notifier.startWatchdog((error) => {
      throw error;
    })).toBe(true);
    try {
      await r.waitFor((n) => r.received.filter((m) => m.fields['WATCHDOG'] === '1').length >= 5 && n === r.received.at(-1), '5 watchdog pings');
    } finally {
      notifier.stopWatchdog();
    }
    expect(r.received.every((n) => n.message === 'WATCHDOG=1' && n.pid === process.pid)).toBe(true);
  });

  // The pace, on fake timers: deterministic, where gaps measured on a loaded machine were not.
  it('pings at once, then every interval (never early), skips while isAlive is false, and stops', () => {
    vi.useFakeTimers();
    try {
      const sent: string[] = [];
      const notifier = SystemdNotifier.fromEnvironment({
        env: { NOTIFY_SOCKET: '@x', WATCHDOG_USEC: '300000' },
        send: (_address, message) => sent.push(new TextDecoder().decode(message)),
      });
      let alive = true;
      notifier.startWatchdog((error) => {
        throw error;
      }, () => alive);
      expect(sent).toEqual(['WATCHDOG=1']);
      vi.advanceTimersByTime(149);
      expect(sent).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(sent).toHaveLength(2);
      vi.advanceTimersByTime(450);
      expect(sent).toHaveLength(5);
      alive = false;
      vi.advanceTimersByTime(1500);
      expect(sent).toHaveLength(5);
      alive = true;
      vi.advanceTimersByTime(150);
      expect(sent).toHaveLength(6);
      notifier.stopWatchdog();
      vi.advanceTimersByTime(1500);
      expect(sent).toHaveLength(6);
      expect(new Set(sent)).toEqual(new Set(['WATCHDOG=1']));
    } finally {
      vi.useRealTimers();
    }
  });

  it('a ping skipped while isAlive is false is sent once it is true again (real socket)', async () => {
    const r = await receiver('abstract');
    const notifier = notifierFor(r.address, { WATCHDOG_USEC: '100000' });
    let alive = false;
    let asked = 0;
    notifier.startWatchdog((error) => {
      throw error;
    }, () => {
      asked++;
      return alive;
    });
    try {
      await vi.waitFor(() => expect(asked).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 20 });
      expect(r.received).toEqual([]);
      alive = true;
      await r.waitFor((n) => n.message === 'WATCHDOG=1', 'a ping once alive');
    } finally {
      notifier.stopWatchdog();
    }
  });

  it('has no watchdog when WATCHDOG_PID names another process, or WATCHDOG_USEC is not a positive number', () => {
    expect(notifierFor('@x', { WATCHDOG_USEC: '300000', WATCHDOG_PID: String(process.pid + 1) }).watchdogIntervalMs).toBeUndefined();
    expect(notifierFor('@x', { WATCHDOG_USEC: '0' }).watchdogIntervalMs).toBeUndefined();
    expect(notifierFor('@x', { WATCHDOG_USEC: '3s' }).watchdogIntervalMs).toBeUndefined();
    expect(notifierFor('@x', { WATCHDOG_USEC: '3000000' }).watchdogIntervalMs).toBe(1500); // PID unset: ours
  });

  it('throws a Node-style SdNotifyError when systemd is not listening; the watchdog reports and goes on', async () => {
    const address = join(scratch, 'gone');
    const notifier = notifierFor(address, { WATCHDOG_USEC: '100000' });
    const error = (() => {
      try {
        notifier.ready();
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SdNotifyError);
    expect(error).toBeInstanceOf(DevlinkTsError);
    expect(error).toMatchObject({ code: 'ENOENT', errno: -2, syscall: 'sendto', address });
    expect((error as Error).message).toBe(`sd_notify to ${address}: No such file or directory`);

    const failures: unknown[] = [];
    notifier.startWatchdog((e) => failures.push(e));
    await new Promise((resolve) => setTimeout(resolve, 180));
    notifier.stopWatchdog();
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.every((e) => e instanceof SdNotifyError)).toBe(true);
  });
});
