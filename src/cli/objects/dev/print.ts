import type { DevlinkDevice, DevlinkEswitch, DevlinkInfo, InfoVersion, ReloadResult, ReloadStatsEntry } from '../../../devlink/types.js';
import { isUnknownEnumValue } from '../../../devlink/tree.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';
import { printNestedDevlink } from '../../print/nested.js';
import type { NetnsNames } from '../../print/netns-names.js';

/** iproute2's words for reload actions and limits: it names neither action 0 nor an unknown limit. */
const reloadActionText = (action: string): string => enumText(action, '<unknown reload action>', ['unspec']);
const reloadLimitText = (limit: string): string =>
  limit === 'unspec' ? 'unspecified' : enumText(limit, '<unknown reload action>');

/** DEVLINK_ATTR_INDEX (newest kernels), read from the message as the kernel sent it. */
function deviceIndex(dev: DevlinkDevice): number | bigint | undefined {
  const index = dev.attributes.values['index'];
  return typeof index === 'number' || typeof index === 'bigint' ? index : undefined;
}

/**
 * Prints one device as `devlink dev show` does: just `pci/0000:06:00.0`, or with a `:` and
 * details (index, reload_failed, `-s` reload statistics, nested devlink instances) when present.
 * `netnsNames` names the namespaces of nested instances (see netns-names.ts).
 */
export function printDevice(p: Printer, dev: DevlinkDevice, stats: boolean, netnsNames?: NetnsNames): void {
  const index = deviceIndex(dev);
  const hasDevStats = dev.attributes.values['dev-stats'] !== undefined;
  const detailed = dev.reloadFailed === true || (hasDevStats && stats) || dev.nestedDevlinks.length > 0 || index !== undefined;
  if (!detailed) {
    p.handleStart(dev.busName, dev.deviceName, false, false);
    p.handleEnd();
    return;
  }
  p.handleStart(dev.busName, dev.deviceName, true, false);
  if (index !== undefined) p.uint('index', index, ' index %s');
  printReloadData(p, dev, hasDevStats && stats);
  const nested = dev.nestedDevlinks;
  nested.forEach((item, i) => printNestedDevlink(p, item, i === 0, i === nested.length - 1, netnsNames));
  p.handleEnd();
}

function printReloadData(p: Printer, dev: DevlinkDevice, stats: boolean): void {
  if (dev.reloadFailed) {
    p.beginItem();
    p.bool('reload_failed', true, 'reload_failed %s');
  }
  if (!stats) return;
  p.objectStart('stats');
  if (dev.reloadStats) {
    p.objectStart('reload');
    printReloadStats(p, dev.reloadStats);
    p.objectEnd();
  }
  if (dev.remoteReloadStats) {
    p.objectStart('remote_reload');
    printReloadStats(p, dev.remoteReloadStats);
    p.objectEnd();
  }
  p.objectEnd();
}

/** The statistics grouped by action, in the kernel's order. */
function printReloadStats(p: Printer, entries: readonly ReloadStatsEntry[]): void {
  const byAction = new Map<string, ReloadStatsEntry[]>();
  for (const entry of entries) byAction.set(entry.action, [...(byAction.get(entry.action) ?? []), entry]);
  for (const [action, stats] of byAction) {
    p.objectStart(reloadActionText(action));
    for (const stat of stats) {
      p.beginItem();
      p.uintNameValue(reloadLimitText(stat.limit), stat.value);
    }
    p.objectEnd();
  }
}

/** Prints `dev eswitch show`: `pci/0000:06:00.0: mode switchdev inline-mode none encap-mode basic`. */
export function printEswitch(p: Printer, eswitch: DevlinkEswitch): void {
  p.handleStart(eswitch.busName, eswitch.deviceName, true, false);
  const field = (key: string, value: string | undefined): void => {
    if (value === undefined) return;
    p.beginItem();
    p.string(key, enumText(value, '<unknown mode>'), `${key} %s`);
  };
  field('mode', eswitch.mode);
  field('inline-mode', eswitch.inlineMode);
  field('encap-mode', eswitch.encapMode);
  p.handleEnd();
}

/** True when `dev info` has anything to print for this device (iproute2 skips empty ones). */
export function infoHasContent(info: DevlinkInfo): boolean {
  const { fixed, running, stored } = info.versions;
  return (
    info.driver !== undefined ||
    info.serialNumber !== undefined ||
    info.boardSerialNumber !== undefined ||
    fixed.length + running.length + stored.length > 0
  );
}

/** Prints `dev info` for one device: driver, serial numbers, fixed/running/stored versions. */
export function printInfo(p: Printer, info: DevlinkInfo): void {
  p.handleStart(info.busName, info.deviceName, true, false);
  p.indentIncrease();
  const field = (key: string, value: string | undefined): void => {
    if (value === undefined) return;
    if (!p.json) p.newline();
    p.beginItem();
    p.string(key, value, `${key} %s`);
  };
  field('driver', info.driver);
  field('serial_number', info.serialNumber);
  field('board.serial_number', info.boardSerialNumber);
  p.indentDecrease();
  const { fixed, running, stored } = info.versions;
  if (fixed.length + running.length + stored.length > 0) {
    p.objectStart('versions');
    printVersions(p, 'fixed', fixed);
    printVersions(p, 'running', running);
    printVersions(p, 'stored', stored);
    p.objectEnd();
  }
  p.handleEnd();
}

function printVersions(p: Printer, group: string, versions: readonly InfoVersion[]): void {
  if (versions.length === 0) return;
  p.objectStart(group);
  for (const version of versions) {
    p.beginItem();
    p.nameValue(version.name, version.value);
    if (!p.json) p.newline();
  }
  p.objectEnd();
}

/**
 * Prints the reply of `dev reload`: the actions the kernel performed. The kernel answers with no
 * message unless an action or limit was given; then (no attributes) nothing is printed.
 */
export function printReloadResult(p: Printer, result: ReloadResult): void {
  if (Object.keys(result.attributes.values).length === 0) return;
  p.sectionStart('reload');
  p.markLineEnded();
  p.arrayStart('reload_actions_performed');
  // iproute2 names the actions it knows (driver_reinit, fw_activate) and skips newer ones.
  for (const action of result.actionsPerformed) {
    if (isUnknownEnumValue(action)) continue;
    p.beginItem();
    p.string(null, action, '%s');
  }
  p.arrayEnd();
  if (!p.json) p.newline();
  p.sectionEnd();
}
