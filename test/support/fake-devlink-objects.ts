/**
 * The fake devlink's handlers for health reporters, traps, regions, resources, selftests and
 * flash: the objects beyond devices, ports and rates, apart so each file stays about one concern.
 * Each handler answers one request the way the 6.12 kernel (and netdevsim) does.
 */
import { encodeAttributes, type AttributeTree } from '../../src/devlink/codec.js';
import { attr, DEVLINK_CMD as C } from '../../src/devlink/spec/index.js';
import { big, bitfield, nest, num, str } from '../../src/devlink/tree.js';
import type { FakeDevlink } from './fake-devlink.js';
import {
  encodeFlashStatus, encodeFmsgMessages, handleAttrs, encodeHealthReporter, encodeRegion, encodeRegionRead, encodeRegionSnapshot,
  encodeResources, encodeTrap, encodeTrapGroup, encodeTrapPolicer, kernelError,
  type FakeDevice, type FakeFlashStatus, type FakeHealthReporter, type FakeRegion, type FakeResource, type FmsgItem,
} from './fake-devlink-state.js';
import { FakeKernelError, type FakeRequest } from './fake-kernel.js';
import { doneMessage } from './netlink-builders.js';
// ---- health reporters ----


function findReporter(fake: FakeDevlink, tree: AttributeTree): [FakeDevice, FakeHealthReporter] {
  const device = fake.device(tree);
  const name = str(tree, 'health-reporter-name');
  if (name === undefined) throw kernelError('EINVAL');
  const portIndex = num(tree, 'port-index');
  if (portIndex !== undefined && !device.ports.has(portIndex)) throw kernelError('ENODEV');
  const reporter = device.healthReporters.find((r) => r.name === name && r.portIndex === portIndex);
  if (!reporter) throw kernelError('EINVAL');
  return [device, reporter];
}

export function onHealthGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  if (request.isDump) {
    const portIndex = num(tree, 'port-index');
    for (const device of fake.selected(tree)) {
      for (const reporter of device.healthReporters) {
        if (portIndex !== undefined && reporter.portIndex !== portIndex) continue;
        request.reply(C['health-reporter-get'], encodeHealthReporter(device, reporter));
      }
    }
    return;
  }
  const [device, reporter] = findReporter(fake, tree);
  request.reply(C['health-reporter-get'], encodeHealthReporter(device, reporter));
}

export function onHealthSet(fake: FakeDevlink, _request: FakeRequest, tree: AttributeTree): void {
  const [, reporter] = findReporter(fake, tree);
  const graceful = big(tree, 'health-reporter-graceful-period');
  const autoRecover = num(tree, 'health-reporter-auto-recover');
  const autoDump = num(tree, 'health-reporter-auto-dump');
  if (!reporter.recover && (graceful !== undefined || autoRecover !== undefined)) throw kernelError('EOPNOTSUPP');
  if (!reporter.dump && autoDump !== undefined) throw kernelError('EOPNOTSUPP');
  if (graceful !== undefined) reporter.recover!.gracefulPeriod = graceful;
  if (autoRecover !== undefined) reporter.recover!.autoRecover = autoRecover !== 0;
  if (autoDump !== undefined) reporter.dump!.autoDump = autoDump !== 0;
}

/**
 * devlink_health_reporter_recover: a healthy reporter is left alone (success, no notification);
 * otherwise the driver's recover op (EOPNOTSUPP without one), then recover count +1, healthy, and
 * a HEALTH_REPORTER_RECOVER notification.
 */
function recover(fake: FakeDevlink, device: FakeDevice, reporter: FakeHealthReporter): void {
  if (reporter.state === 'healthy') return;
  if (!reporter.recover) throw kernelError('EOPNOTSUPP');
  reporter.recoverCount++;
  reporter.state = 'healthy';
  fake.notify(C['health-reporter-recover'], encodeHealthReporter(device, reporter));
}

export function onHealthRecover(fake: FakeDevlink, _request: FakeRequest, tree: AttributeTree): void {
  const [device, reporter] = findReporter(fake, tree);
  recover(fake, device, reporter);
}

export function onHealthDiagnose(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const [device, reporter] = findReporter(fake, tree);
  if (!reporter.diagnose) throw kernelError('EOPNOTSUPP');
  // devlink_fmsg_snd: NLM_F_MULTI parts and an NLMSG_DONE, then the ack of the do-request.
  for (const message of encodeFmsgMessages(device, reporter.diagnose, fake.fmsgItemsPerMessage)) {
    request.reply(C['health-reporter-diagnose'], message, { flags: 0x2 });
  }
  request.raw(doneMessage(request.message.seq, request.transport.portId));
}

/** The core's stored dump (devlink_health_do_dump): kept until cleared, taken when there is none. */
function takeDump(reporter: FakeHealthReporter, byReport: boolean, items?: FmsgItem[]): NonNullable<NonNullable<FakeHealthReporter['dump']>['stored']> {
  const dump = reporter.dump!;
  // fixed timestamps: 1000 s for a dump a user asked for, 2000 s for one taken by a report
  const ts = byReport ? 2000n : 1000n;
  dump.stored ??= { ts, tsNs: ts * 1_000_000n, ...(items ? { items } : {}) };
  return dump.stored;
}

export function onHealthDumpGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const [device, reporter] = findReporter(fake, tree);
  if (!reporter.dump) throw kernelError('EOPNOTSUPP');
  const stored = takeDump(reporter, false);
  for (const message of encodeFmsgMessages(device, stored.items ?? reporter.dump.items, fake.fmsgItemsPerMessage)) {
    request.reply(C['health-reporter-dump-get'], message);
  }
}

export function onHealthDumpClear(fake: FakeDevlink, _request: FakeRequest, tree: AttributeTree): void {
  const [, reporter] = findReporter(fake, tree);
  if (!reporter.dump) throw kernelError('EOPNOTSUPP');
  delete reporter.dump.stored;
}

/**
 * devlink_health_report: error count +1, state error (notified); unless the previous error was
 * not recovered, a dump when auto-dump is on, then recovery when auto-recover is on.
 */
export function reportHealth(fake: FakeDevlink, device: FakeDevice, reporter: FakeHealthReporter, dumpItems: FmsgItem[] | undefined): void {
  const previous = reporter.state;
  reporter.errorCount++;
  reporter.state = 'error';
  fake.notify(C['health-reporter-recover'], encodeHealthReporter(device, reporter));
  if (reporter.recover?.autoRecover && previous !== 'healthy') return;
  if (reporter.dump?.autoDump) takeDump(reporter, true, dumpItems);
  if (reporter.recover?.autoRecover) recover(fake, device, reporter);
}

export function onHealthTest(fake: FakeDevlink, _request: FakeRequest, tree: AttributeTree): void {
  const [device, reporter] = findReporter(fake, tree);
  const test = reporter.test;
  if (!test) throw kernelError('EOPNOTSUPP');
  test.events = (test.events ?? 0) + 1;
  const dumpItems = test.onTest?.(test.events);
  if (test.async) setTimeout(() => reportHealth(fake, device, reporter, dumpItems), 1);
  else reportHealth(fake, device, reporter, dumpItems);
}

// ---- traps ----

export function onTrapGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  if (request.isDump) {
    for (const device of fake.selected(tree)) for (const trap of device.traps) request.reply(C['trap-new'], encodeTrap(device, trap));
    return;
  }
  const device = fake.device(tree);
  const trap = device.traps.find((t) => t.name === str(tree, 'trap-name'));
  if (!trap) throw kernelError('ENOENT', 'Device did not register this trap');
  request.reply(C['trap-new'], encodeTrap(device, trap));
}

export function onTrapSet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const device = fake.device(tree);
  const trap = device.traps.find((t) => t.name === str(tree, 'trap-name'));
  if (!trap) throw kernelError('ENOENT', 'Device did not register this trap');
  const action = num(tree, 'trap-action');
  if (action !== undefined) {
    const actions = ['drop', 'trap', 'mirror'] as const;
    // Like the kernel: a non-drop trap's action is left alone, and the request succeeds with a warning.
    if (trap.type !== 'drop' && actions[action] !== trap.action) {
      request.warn('Cannot change action of non-drop traps. Skipping');
      return;
    }
    trap.action = actions[action] ?? trap.action;
  }
  fake.notify(C['trap-new'], encodeTrap(device, trap));
}

export function onTrapGroupGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  if (request.isDump) {
    for (const device of fake.selected(tree)) for (const group of device.trapGroups) request.reply(C['trap-group-new'], encodeTrapGroup(device, group));
    return;
  }
  const device = fake.device(tree);
  const group = device.trapGroups.find((g) => g.name === str(tree, 'trap-group-name'));
  if (!group) throw kernelError('ENOENT', 'Device did not register this trap group');
  request.reply(C['trap-group-new'], encodeTrapGroup(device, group));
}

export function onTrapGroupSet(fake: FakeDevlink, _request: FakeRequest, tree: AttributeTree): void {
  const device = fake.device(tree);
  const group = device.trapGroups.find((g) => g.name === str(tree, 'trap-group-name'));
  if (!group) throw kernelError('ENOENT', 'Device did not register this trap group');
  const policerId = num(tree, 'trap-policer-id');
  if (policerId !== undefined) {
    if (policerId !== 0 && !device.trapPolicers.some((p) => p.id === policerId)) throw kernelError('ENOENT', 'Device did not register this trap policer');
    if (policerId === 0) delete group.policerId;
    else group.policerId = policerId;
  }
  const action = num(tree, 'trap-action');
  if (action !== undefined) {
    for (const trap of device.traps) if (trap.group === group.name && trap.type !== 'control') trap.action = (['drop', 'trap', 'mirror'] as const)[action] ?? trap.action;
  }
  fake.notify(C['trap-group-new'], encodeTrapGroup(device, group));
}

export function onTrapPolicerGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  if (request.isDump) {
    for (const device of fake.selected(tree)) for (const policer of device.trapPolicers) request.reply(C['trap-policer-new'], encodeTrapPolicer(device, policer));
    return;
  }
  const device = fake.device(tree);
  const policer = device.trapPolicers.find((p) => p.id === num(tree, 'trap-policer-id'));
  if (!policer) throw kernelError('ENOENT', 'Device did not register this trap policer');
  request.reply(C['trap-policer-new'], encodeTrapPolicer(device, policer));
}

export function onTrapPolicerSet(fake: FakeDevlink, _request: FakeRequest, tree: AttributeTree): void {
  const device = fake.device(tree);
  const policer = device.trapPolicers.find((p) => p.id === num(tree, 'trap-policer-id'));
  if (!policer) throw kernelError('ENOENT', 'Device did not register this trap policer');
  const rate = big(tree, 'trap-policer-rate');
  const burst = big(tree, 'trap-policer-burst');
  if (rate !== undefined && (rate < 1n || rate > 8000n)) throw kernelError('EINVAL', rate < 1n ? 'Policer rate lower than limit' : 'Policer rate higher than limit');
  if (burst !== undefined && (burst < 8n || burst > 65536n)) throw kernelError('EINVAL', burst < 8n ? 'Policer burst size lower than limit' : 'Policer burst size higher than limit');
  if (rate !== undefined) policer.rate = rate;
  if (burst !== undefined) policer.burst = burst;
  fake.notify(C['trap-policer-new'], encodeTrapPolicer(device, policer));
}

// ---- regions ----


/**
 * The region a request names. The core answers differently per command: GET and DEL require the
 * name (missing-attribute EINVAL) and refuse an unknown region with a bare EINVAL; NEW says "No
 * region name provided" / "The requested region does not exist"; READ (a dump) says "No region
 * name provided" / "Requested region does not exist", pointing at the name.
 */
function findRegion(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree, command: 'get' | 'new' | 'del' | 'read'): [FakeDevice, FakeRegion] {
  const device = fake.device(tree);
  const name = str(tree, 'region-name');
  if (name === undefined) {
    if (command === 'new' || command === 'read') throw kernelError('EINVAL', 'No region name provided');
    throw new FakeKernelError('EINVAL', { missingType: attr('region-name') });
  }
  const portIndex = num(tree, 'port-index');
  const region = device.regions.find((r) => r.name === name && r.portIndex === portIndex);
  if (!region) {
    if (command === 'new') throw kernelError('EINVAL', 'The requested region does not exist');
    if (command === 'read') throw kernelError('EINVAL', 'Requested region does not exist', request.attribute(attr('region-name'))?.offset);
    throw kernelError('EINVAL');
  }
  return [device, region];
}

export function onRegionGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  if (request.isDump) {
    for (const device of fake.selected(tree)) for (const region of device.regions) request.reply(C['region-get'], encodeRegion(device, region));
    return;
  }
  const [device, region] = findRegion(fake, request, tree, 'get');
  request.reply(C['region-get'], encodeRegion(device, region));
}

export function onRegionNew(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const [device, region] = findRegion(fake, request, tree, 'new');
  if (!region.snapshot) throw kernelError('EOPNOTSUPP', 'The requested region does not support taking an immediate snapshot');
  if (region.snapshots.size >= region.maxSnapshots) throw kernelError('ENOSPC', 'The region has reached the maximum number of stored snapshots');
  const given = num(tree, 'region-snapshot-id');
  if (given !== undefined && device.regions.some((r) => r.snapshots.has(given))) throw kernelError('EEXIST', 'The requested snapshot id is already in use');
  const id = given ?? device.nextSnapshotId++;
  region.snapshots.set(id, region.data.slice());
  if (given === undefined) request.reply(C['region-new'], encodeRegionSnapshot(device, region, id));
  fake.notify(C['region-new'], encodeRegionSnapshot(device, region, id));
}

export function onRegionDel(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const id = num(tree, 'region-snapshot-id');
  if (id === undefined && str(tree, 'region-name') !== undefined) throw new FakeKernelError('EINVAL', { missingType: attr('region-snapshot-id') });
  const [device, region] = findRegion(fake, request, tree, 'del');
  if (id === undefined) throw new FakeKernelError('EINVAL', { missingType: attr('region-snapshot-id') });
  // the core answers an unknown snapshot with a bare EINVAL
  if (!region.snapshots.has(id)) throw kernelError('EINVAL');
  region.snapshots.delete(id);
  fake.notify(C['region-del'], encodeRegionSnapshot(device, region, id));
}

export function onRegionRead(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const [device, region] = findRegion(fake, request, tree, 'read');
  let contents: Uint8Array;
  const snapshotAttr = request.attribute(attr('region-snapshot-id'));
  if (tree.values['region-direct'] === true) {
    // a snapshot id is refused before the region's direct read op is looked at
    if (snapshotAttr) throw kernelError('EINVAL', 'Direct region read does not use snapshot', snapshotAttr.offset);
    if (!region.direct) throw kernelError('EOPNOTSUPP', 'Requested region does not support direct read');
    contents = region.data;
  } else {
    const id = num(tree, 'region-snapshot-id');
    if (id === undefined) throw kernelError('EINVAL', 'No snapshot id provided');
    const snapshot = region.snapshots.get(id);
    if (!snapshot) throw kernelError('EINVAL', 'Requested snapshot does not exist', snapshotAttr?.offset);
    contents = snapshot;
  }
  const start = Number(big(tree, 'region-chunk-addr') ?? 0n);
  const length = big(tree, 'region-chunk-len');
  const end = Math.min(contents.length, length === undefined ? contents.length : start + Number(length));
  const chunks: { address: bigint; data: Uint8Array }[] = [];
  for (let at = start; at < end; at += fake.regionChunkSize) {
    chunks.push({ address: BigInt(at), data: contents.slice(at, Math.min(end, at + fake.regionChunkSize)) });
  }
  for (let i = 0; i < chunks.length; i += fake.regionChunksPerMessage) {
    request.reply(C['region-read'], encodeRegionRead(device, region, chunks.slice(i, i + fake.regionChunksPerMessage)));
  }
}

// ---- resources, selftests, flash ----


export function onResourceDump(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const device = fake.device(tree);
  if (device.resources.length === 0) throw kernelError('EOPNOTSUPP');
  // devlink_resource_fill: NLM_F_MULTI parts and NLMSG_DONE inside a do-request, then the ack.
  for (const message of encodeResources(device, fake.resourcesPerMessage)) request.reply(C['resource-dump'], message, { flags: 0x2 });
  request.raw(doneMessage(request.message.seq, request.transport.portId));
}

export function onResourceSet(fake: FakeDevlink, _request: FakeRequest, tree: AttributeTree): void {
  const device = fake.device(tree);
  const id = big(tree, 'resource-id');
  const size = big(tree, 'resource-size');
  if (id === undefined) throw new FakeKernelError('EINVAL', { missingType: attr('resource-id') });
  if (size === undefined) throw new FakeKernelError('EINVAL', { missingType: attr('resource-size') });
  const find = (list: FakeResource[]): FakeResource | undefined => {
    for (const r of list) {
      if (r.id === id) return r;
      const child = find(r.children);
      if (child) return child;
    }
    return undefined;
  };
  const resource = find(device.resources);
  if (!resource) throw kernelError('EINVAL');
  // devlink_resource_validate_size runs every check; the last failing one's message is sent
  let message: string | undefined;
  if (size > resource.max) message = 'Size larger than maximum';
  if (size < resource.min) message = 'Size smaller than minimum';
  if (resource.gran !== 0n && size % resource.gran !== 0n) message = 'Wrong granularity';
  if (message) throw kernelError('EINVAL', message);
  // the dump reports size_new only while it differs from the size in force
  if (size === resource.size) delete resource.sizeNew;
  else resource.sizeNew = size;
}

function selftestsTree(device: FakeDevice): Record<string, boolean> {
  return Object.fromEntries(Object.keys(device.selftests).map((name) => [name, true]));
}

export function onSelftestsGet(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  if (request.isDump) {
    // The kernel dumps only the devices whose driver has selftest ops.
    for (const device of fake.selected(tree)) {
      if (Object.keys(device.selftests).length === 0) continue;
      request.reply(C['selftests-get'], encodeAttributes('devlink', { 'bus-name': device.busName, 'dev-name': device.deviceName, selftests: selftestsTree(device) }));
    }
    return;
  }
  const device = fake.device(tree);
  // a driver without selftest ops (no selftests here): EOPNOTSUPP, like the dump leaving it out
  if (Object.keys(device.selftests).length === 0) throw kernelError('EOPNOTSUPP');
  request.reply(C['selftests-get'], encodeAttributes('devlink', { 'bus-name': device.busName, 'dev-name': device.deviceName, selftests: selftestsTree(device) }));
}

export function onSelftestsRun(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const device = fake.device(tree);
  if (Object.keys(device.selftests).length === 0) throw kernelError('EOPNOTSUPP');
  const wanted = nest(tree, 'selftests');
  if (!wanted) throw new FakeKernelError('EINVAL', { missingType: attr('selftests') });
  const statuses = { skip: 0, pass: 1, fail: 2 };
  const results = Object.keys(wanted.values).map((name) => ({ id: name === 'flash' ? 1 : 0, status: statuses[device.selftests[name as 'flash'] ?? 'skip'] }));
  const w = encodeAttributes('devlink', { 'bus-name': device.busName, 'dev-name': device.deviceName });
  const inner = encodeAttributes('dl-selftest-result', { result: results });
  // The reply's selftests nest holds result entries (a different layout than the request's).
  const out = new Uint8Array(w.length + 4 + inner.length);
  out.set(w);
  new DataView(out.buffer).setUint16(w.length, 4 + inner.length, true);
  new DataView(out.buffer).setUint16(w.length + 2, attr('selftests') | 0x8000, true);
  out.set(inner, w.length + 4);
  request.reply(C['selftests-run'], out);
}

/**
 * FLASH_UPDATE as devlink_nl_flash_update_doit checks it (component among the driver's component
 * versions, overwrite masks, the file), then begin, the driver's statuses (or its refusal of the
 * sections) and end; begin and end carry only the handle, statuses always done/total/timeout
 * (devlink_nl_flash_update_fill).
 */
export function onFlash(fake: FakeDevlink, request: FakeRequest, tree: AttributeTree): void {
  const device = fake.device(tree);
  const flash = device.flash;
  if (!flash) throw kernelError('EOPNOTSUPP');
  const file = str(tree, 'flash-update-file-name');
  if (file === undefined) throw new FakeKernelError('EINVAL', { missingType: attr('flash-update-file-name') });
  const component = str(tree, 'flash-update-component');
  if (component !== undefined && flash.components && !flash.components.includes(component)) {
    throw kernelError('EINVAL', 'selected component is not supported by this device', request.attribute(attr('flash-update-component'))?.offset);
  }
  const mask = request.attribute(attr('flash-update-overwrite-mask'));
  if (mask && !flash.overwriteMask) throw kernelError('EOPNOTSUPP', 'overwrite settings are not supported by this device', mask.offset);
  const sections = bitfield(tree, 'flash-update-overwrite-mask');
  if (!flash.files.includes(file)) {
    throw kernelError('ENOENT', 'failed to locate the requested firmware file', request.attribute(attr('flash-update-file-name'))?.offset);
  }
  const handle = encodeAttributes('devlink', handleAttrs(device));
  fake.notify(C['flash-update'], handle);
  if (sections && (sections.value & sections.selector & ~(flash.overwriteSections ?? ~0)) !== 0) {
    fake.notify(C['flash-update-end'], handle);
    throw kernelError('EOPNOTSUPP');
  }
  for (const status of (flash.statuses ?? genericFlashStatuses)(component)) fake.notify(C['flash-update-status'], encodeFlashStatus(device, status));
  fake.notify(C['flash-update-end'], handle);
}

/** The fake's generic driver: preparing, two steps of progress, a select with a timeout. */
function genericFlashStatuses(component: string | undefined): FakeFlashStatus[] {
  const of = component ? { component } : {};
  return [
    { message: 'Preparing to flash', ...of },
    { message: 'Flashing', done: 500n, total: 1000n, ...of },
    { message: 'Flashing', done: 1000n, total: 1000n, ...of },
    { message: 'Flash select', timeout: 5n },
  ];
}
