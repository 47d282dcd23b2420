import type { Devlink } from '../devlink/client.js';
import type { DevlinkHealthReporter } from '../devlink/ops/health.js';
import { fmsgItems } from '../devlink/fmsg.js';
import { HEALTH_REPORTER_STATE } from '../devlink/spec/enums.js';
import type { HealthBackend, HealthReporterView, ReporterTarget } from './backend-health.js';

function stateNumber(state: string): number {
  const known = HEALTH_REPORTER_STATE.byName.get(state);
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
