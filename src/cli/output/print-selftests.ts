import type { SelftestResultView, SelftestsView } from '../backend-selftests.js';
import type { Printer } from '../print/printer.js';

const STATUS_NAMES = ['skipped', 'passed', 'failed'];

/**
 * One device's offered selftests as `devlink dev selftests show` prints them: a `bus/dev:` header
 * and the names on an indented line (JSON: `"bus/dev":["flash"]`); nothing for a device that
 * offers none.
 */
export function printSelftests(p: Printer, view: SelftestsView): void {
  if (view.tests.length === 0) return;
  p.handleListStart(view.busName, view.deviceName);
  for (const test of view.tests) {
    p.beginItem();
    p.string(null, test, '%s');
  }
  if (!p.json) p.newline();
}

/**
 * Results of `devlink dev selftests run`, as iproute2 prints them: a `selftests` section (only
 * when there are results) with the device, and per test `NAME:` and `status passed|failed|skipped`.
 */
export function printSelftestResults(p: Printer, dev: { busName: string; deviceName: string }, results: readonly SelftestResultView[]): void {
  if (results.length === 0) return;
  p.sectionStart('selftests');
  p.handleStart(dev.busName, dev.deviceName, true, false);
  p.indentIncrease();
  if (!p.json) p.newline();
  for (const result of results) {
    p.objectStart(result.name);
    p.beginItem();
    p.nameValue('status', STATUS_NAMES[result.status] ?? 'unknown');
    p.objectEnd();
    if (!p.json) p.newline();
  }
  p.indentDecrease();
  p.handleEnd();
  p.sectionEnd();
}
