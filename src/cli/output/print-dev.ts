import type { Printer } from './printer.js';
import type { DeviceView, EswitchView, InfoView, ReloadActionStatsView, ReloadResultView, VersionView } from './views.js';
import {
  eswitchEncapModeName,
  eswitchInlineModeName,
  eswitchModeName,
  reloadActionName,
  reloadLimitName,
} from './names.js';
import { printNestedDevlink } from './print-nested.js';

/**
 * Prints one device as `devlink dev show` does: just `pci/0000:06:00.0`, or with a `:` and
 * details (index, reload_failed, `-s` reload statistics, nested devlink instances) when present.
 */
export function printDevice(p: Printer, dev: DeviceView, stats: boolean): void {
  const detailed =
    dev.reloadFailed === true ||
    (dev.hasDevStats === true && stats) ||
    (dev.nestedDevlinks?.length ?? 0) > 0 ||
    dev.index !== undefined;
  if (!detailed) {
    p.handleStart(dev.busName, dev.devName, false, false);
    p.handleEnd();
    return;
  }
  p.handleStart(dev.busName, dev.devName, true, false);
  if (dev.index !== undefined) p.uint('index', dev.index, ' index %s');
  printReloadData(p, dev, stats);
  const nested = dev.nestedDevlinks ?? [];
  nested.forEach((item, i) => printNestedDevlink(p, item, i === 0, i === nested.length - 1));
  p.handleEnd();
}

function printReloadData(p: Printer, dev: DeviceView, stats: boolean): void {
  if (dev.reloadFailed) {
    p.beginItem();
    p.bool('reload_failed', true, 'reload_failed %s');
  }
  if (!dev.hasDevStats || !stats) return;
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

function printReloadStats(p: Printer, actions: ReloadActionStatsView[]): void {
  for (const action of actions) {
    p.objectStart(reloadActionName(action.action));
    for (const stat of action.stats) {
      p.beginItem();
      p.uintNameValue(reloadLimitName(stat.limit), stat.value);
    }
    p.objectEnd();
  }
}

/** Prints `dev eswitch show`: `pci/0000:06:00.0: mode switchdev inline-mode none encap-mode basic`. */
export function printEswitch(p: Printer, eswitch: EswitchView): void {
  p.handleStart(eswitch.busName, eswitch.devName, true, false);
  if (eswitch.mode !== undefined) {
    p.beginItem();
    p.string('mode', eswitchModeName(eswitch.mode), 'mode %s');
  }
  if (eswitch.inlineMode !== undefined) {
    p.beginItem();
    p.string('inline-mode', eswitchInlineModeName(eswitch.inlineMode), 'inline-mode %s');
  }
  if (eswitch.encapMode !== undefined) {
    p.beginItem();
    p.string('encap-mode', eswitchEncapModeName(eswitch.encapMode), 'encap-mode %s');
  }
  p.handleEnd();
}

/** True when `dev info` has anything to print for this device (iproute2 skips empty ones). */
export function infoHasContent(info: InfoView): boolean {
  return (
    info.driver !== undefined ||
    info.serialNumber !== undefined ||
    info.boardSerialNumber !== undefined ||
    info.fixed.length + info.running.length + info.stored.length > 0
  );
}

/** Prints `dev info` for one device: driver, serial numbers, fixed/running/stored versions. */
export function printInfo(p: Printer, info: InfoView): void {
  p.handleStart(info.busName, info.devName, true, false);
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
  if (info.fixed.length + info.running.length + info.stored.length > 0) {
    p.objectStart('versions');
    printVersions(p, 'fixed', info.fixed);
    printVersions(p, 'running', info.running);
    printVersions(p, 'stored', info.stored);
    p.objectEnd();
  }
  p.handleEnd();
}

function printVersions(p: Printer, group: string, versions: VersionView[]): void {
  if (versions.length === 0) return;
  p.objectStart(group);
  for (const version of versions) {
    p.beginItem();
    p.nameValue(version.name, version.value);
    if (!p.json) p.newline();
  }
  p.objectEnd();
}

/** Prints the reply of `dev reload`: the list of actions the kernel performed. */
export function printReloadResult(p: Printer, result: ReloadResultView): void {
  p.sectionStart('reload');
  if (result.actionsPerformed) {
    const performed = result.actionsPerformed.value & result.actionsPerformed.selector;
    p.markLineEnded();
    p.arrayStart('reload_actions_performed');
    for (let action = 0; action <= 2; action += 1) {
      if (performed & (1 << action)) {
        p.beginItem();
        p.string(null, reloadActionName(action), '%s');
      }
    }
    p.arrayEnd();
    if (!p.json) p.newline();
  }
  p.sectionEnd();
}
