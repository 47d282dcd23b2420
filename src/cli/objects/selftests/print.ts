import type { SelftestResult } from '../../../devlink/ops/selftests.js';
import type { DeviceHandle } from '../../../devlink/handles.js';
import type { DeviceIdentity } from '../../../devlink/types.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';

/** iproute2's words for the spec's selftest statuses (anything else: `unknown`). */
const STATUS_TEXT: Readonly<Record<string, string>> = { skip: 'skipped', pass: 'passed', fail: 'failed' };

/**
 * One device's offered selftests as `devlink dev selftests show` prints them: a `bus/dev:` header
 * and the names on an indented line (JSON: `"bus/dev":["flash"]`); nothing for a device that
 * offers none.
 */
export function printSelftests(p: Printer, device: DeviceIdentity & { readonly tests: readonly string[] }): void {
  if (device.tests.length === 0) return;
  p.handleListStart(device.busName, device.deviceName);
  for (const test of device.tests) {
    p.beginItem();
    p.string(null, test, '%s');
  }
  if (!p.json) p.newline();
}

/**
 * Results of `devlink dev selftests run`, as iproute2 prints them: a `selftests` section (only
 * when there are results) with the device, and per test `NAME:` and `status passed|failed|skipped`
 * (a test id newer than the spec prints as `unknown`, as in iproute2).
 */
export function printSelftestResults(p: Printer, dev: DeviceHandle, results: readonly SelftestResult[]): void {
  if (results.length === 0) return;
  p.sectionStart('selftests');
  p.handleStart(dev.busName, dev.deviceName, true, false);
  p.indentIncrease();
  if (!p.json) p.newline();
  for (const result of results) {
    p.objectStart(enumText(result.id, 'unknown'));
    p.beginItem();
    p.nameValue('status', STATUS_TEXT[result.status] ?? 'unknown');
    p.objectEnd();
    if (!p.json) p.newline();
  }
  p.indentDecrease();
  p.handleEnd();
  p.sectionEnd();
}
