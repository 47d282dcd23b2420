import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/daemon/backoff.js';

// Per-object backoff: doubling from 1 s to a 60 s cap, one object never delays another, a success
// or a reset clears it.
describe('daemon backoff', () => {
  it('doubles per failure up to the cap, per object', () => {
    const backoff = new Backoff();
    const delays = Array.from({ length: 9 }, () => backoff.failed('a', 0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(backoff.blocked('a', 59_999)).toBe(true);
    expect(backoff.blocked('a', 60_000)).toBe(false);
    expect(backoff.blocked('b', 0)).toBe(false);
    expect(backoff.failures('a')).toBe(9);
  });

  it('a success clears the object; reset(prefix) clears a device\'s objects', () => {
    const backoff = new Backoff({ initialMs: 10 });
    backoff.failed('pci/0000:08:00.0 sf 0/1', 100);
    backoff.failed('pci/0000:08:00.0 sf 0/2', 100);
    backoff.failed('pci/0000:09:00.0 sf 0/1', 100);
    expect(backoff.nextDue(100)).toBe(110);
    backoff.succeeded('pci/0000:08:00.0 sf 0/1');
    expect(backoff.failures('pci/0000:08:00.0 sf 0/1')).toBe(0);
    backoff.reset('pci/0000:08:00.0 ');
    expect(backoff.blocked('pci/0000:08:00.0 sf 0/2', 100)).toBe(false);
    expect(backoff.blocked('pci/0000:09:00.0 sf 0/1', 100)).toBe(true);
    backoff.reset();
    expect(backoff.nextDue(100)).toBeUndefined();
  });
});
