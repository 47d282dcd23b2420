import { uptime } from 'node:os';
import type { DevlinkHealthReporter } from '../../../devlink/ops/health.js';
import { enumText } from '../../print/names.js';
import type { Printer } from '../../print/printer.js';

function two(value: number): string {
  return String(value).padStart(2, '0');
}

/** `YYYY-MM-DD` and `HH:MM:SS` in local time, as iproute2's strftime prints them. */
function localDateTime(secondsSinceEpoch: number): [string, string] {
  const at = new Date(secondsSinceEpoch * 1000);
  return [
    `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`,
    `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`,
  ];
}

/**
 * When the stored dump was taken: from the real-time ns stamp when the kernel gives one, else
 * from the ms-since-boot stamp (boot time = now - uptime, as iproute2 computes it).
 */
function dumpTime(reporter: DevlinkHealthReporter): [string, string] | undefined {
  if (reporter.dumpTsNs !== undefined) return localDateTime(Number(reporter.dumpTsNs / 1_000_000_000n));
  if (reporter.dumpTs !== undefined) {
    const now = Math.floor(Date.now() / 1000);
    return localDateTime(now - Math.floor(uptime()) + Number(reporter.dumpTs / 1000n));
  }
  return undefined;
}

/**
 * Prints one reporter as `devlink health show` does: under its device or port handle (one JSON
 * array per handle), `reporter NAME` on the handle line and the state and counters on an indented
 * line below.
 */
export function printHealthReporter(p: Printer, reporter: DevlinkHealthReporter): void {
  if (reporter.portIndex !== undefined) p.portHandleStart(reporter.busName, reporter.deviceName, reporter.portIndex, true);
  else p.handleStart(reporter.busName, reporter.deviceName, true, true);
  p.beginItem();
  p.string('reporter', reporter.name, 'reporter %s');
  if (!p.json) {
    p.newline();
    p.indentIncrease();
  }
  p.beginItem();
  p.string('state', enumText(reporter.state, '<unknown state>'), 'state %s');
  p.u64('error', reporter.errorCount);
  p.u64('recover', reporter.recoverCount);
  const dumped = dumpTime(reporter);
  if (dumped) {
    p.beginItem();
    p.string('last_dump_date', dumped[0], 'last_dump_date %s');
    p.string('last_dump_time', dumped[1], ' last_dump_time %s');
  }
  if (reporter.gracefulPeriod !== undefined) p.u64('grace_period', reporter.gracefulPeriod);
  if (reporter.autoRecover !== undefined) p.bool('auto_recover', reporter.autoRecover, ' auto_recover %s');
  if (reporter.autoDump !== undefined) p.bool('auto_dump', reporter.autoDump, ' auto_dump %s');
  p.indentDecrease();
  p.handleEnd();
}
