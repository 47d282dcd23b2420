import type { Devlink } from '../devlink/client.js';
import type { DevlinkHealthReporter } from '../devlink/ops/health.js';
import { parseAttributes } from '../netlink/attributes.js';
import { readString, readU16, readU32, readU64, readU8 } from '../netlink/attribute-values.js';
import { attr } from '../devlink/spec/index.js';
import type { FmsgItem, HealthBackend, HealthReporterView, ReporterTarget } from './backend-health.js';

const FMSG = attr('fmsg');
const OBJ_START = attr('fmsg-obj-nest-start');
const PAIR_START = attr('fmsg-pair-nest-start');
const ARR_START = attr('fmsg-arr-nest-start');
const NEST_END = attr('fmsg-nest-end');
const NAME = attr('fmsg-obj-name');
const VALUE_TYPE = attr('fmsg-obj-value-type');
const VALUE_DATA = attr('fmsg-obj-value-data');

const STATES: Record<string, number> = { healthy: 0, error: 1 };

function stateNumber(state: string): number {
  const known = STATES[state];
  if (known !== undefined) return known;
  const match = /^unknown-(\d+)$/.exec(state);
  return match?.[1] !== undefined ? Number(match[1]) : 255;
}

/** The printable view of a library reporter (also of a health notification). */
export function healthReporterView(reporter: DevlinkHealthReporter): HealthReporterView {
  const [busName = '', devName = ''] = splitHandle(reporter.handle);
  const out: HealthReporterView = {
    busName,
    devName,
    name: reporter.name,
    state: stateNumber(reporter.state),
    errorCount: reporter.errorCount,
    recoverCount: reporter.recoverCount,
  };
  if (reporter.portIndex !== undefined) out.portIndex = reporter.portIndex;
  if (reporter.gracefulPeriod !== undefined) out.gracefulPeriod = reporter.gracefulPeriod;
  if (reporter.autoRecover !== undefined) out.autoRecover = reporter.autoRecover;
  if (reporter.autoDump !== undefined) out.autoDump = reporter.autoDump;
  if (reporter.dumpTs !== undefined) out.dumpTs = reporter.dumpTs;
  if (reporter.dumpTsNs !== undefined) out.dumpTsNs = reporter.dumpTsNs;
  return out;
}

function splitHandle(handle: string): [string, string] {
  const at = handle.lastIndexOf('/');
  return [handle.slice(0, at), handle.slice(at + 1)];
}

function libraryTarget(target: ReporterTarget): string {
  const dev = `${target.busName}/${target.devName}`;
  return target.portIndex === undefined ? dev : `${dev}/${target.portIndex}`;
}

function selector(target: ReporterTarget, reporter: string): Record<string, string | number> {
  const out: Record<string, string | number> = { 'bus-name': target.busName, 'dev-name': target.devName };
  if (target.portIndex !== undefined) out['port-index'] = target.portIndex;
  out['health-reporter-name'] = reporter;
  return out;
}

function fmsgValue(type: number, data: Uint8Array): FmsgItem {
  switch (type) {
    case 6: return { kind: 'value', type, value: readU8(data) !== 0 };
    case 1: return { kind: 'value', type, value: readU8(data) };
    case 2: return { kind: 'value', type, value: readU16(data) };
    case 3: return { kind: 'value', type, value: readU32(data) };
    case 4: return { kind: 'value', type, value: readU64(data) };
    case 10: return { kind: 'value', type, value: readString(data) };
    default: return { kind: 'value', type, value: data.slice() };
  }
}

/**
 * The fmsg items of reply messages (attribute bytes after the genl header), in wire order.
 * Why not the library's tree: the CLI prints the stream as iproute2 walks it (see FmsgItem).
 */
export function fmsgItems(messages: readonly Uint8Array[]): FmsgItem[] {
  const items: FmsgItem[] = [];
  for (const message of messages) {
    for (const top of parseAttributes(message)) {
      if (top.type !== FMSG) continue;
      let valueType = 0;
      for (const item of parseAttributes(top.data)) {
        if (item.type === OBJ_START) items.push({ kind: 'start', nest: 'object' });
        else if (item.type === PAIR_START) items.push({ kind: 'start', nest: 'pair' });
        else if (item.type === ARR_START) items.push({ kind: 'start', nest: 'array' });
        else if (item.type === NEST_END) items.push({ kind: 'end' });
        else if (item.type === NAME) items.push({ kind: 'name', name: readString(item.data) });
        else if (item.type === VALUE_TYPE) valueType = readU8(item.data);
        else if (item.type === VALUE_DATA) items.push(fmsgValue(valueType, item.data));
      }
    }
  }
  return items;
}

/** HealthBackend over the library client. */
export function healthBackend(client: Devlink): HealthBackend {
  return {
    listReporters: async (target) =>
      (await client.listHealthReporters(target === undefined ? undefined : libraryTarget(target))).map(healthReporterView),
    getReporter: async (target, reporter) => healthReporterView(await client.getHealthReporter(libraryTarget(target), reporter)),
    setReporter: async (target, reporter, settings) => {
      const attributes: Record<string, string | number | bigint> = selector(target, reporter);
      if (settings.gracefulPeriod !== undefined) attributes['health-reporter-graceful-period'] = settings.gracefulPeriod;
      if (settings.autoRecover !== undefined) attributes['health-reporter-auto-recover'] = settings.autoRecover ? 1 : 0;
      if (settings.autoDump !== undefined) attributes['health-reporter-auto-dump'] = settings.autoDump ? 1 : 0;
      await client.request('health-reporter-set', attributes);
    },
    recover: async (target, reporter) => void (await client.request('health-reporter-recover', selector(target, reporter))),
    diagnose: async (target, reporter) =>
      fmsgItems((await client.request('health-reporter-diagnose', selector(target, reporter))).map((m) => m.bytes)),
    dump: async (target, reporter) =>
      fmsgItems((await client.dump('health-reporter-dump-get', selector(target, reporter))).map((m) => m.bytes)),
    clearDump: async (target, reporter) => void (await client.request('health-reporter-dump-clear', selector(target, reporter))),
    test: async (target, reporter) => void (await client.request('health-reporter-test', selector(target, reporter))),
  };
}
