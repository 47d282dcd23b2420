import type { Devlink } from '../devlink/client.js';
import type { DevlinkHealthReporter } from '../devlink/ops/health.js';
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
  const [busName = '', deviceName = ''] = splitHandle(reporter.handle);
  const out: HealthReporterView = {
    busName,
    deviceName,
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
  const dev = `${target.busName}/${target.deviceName}`;
  return target.portIndex === undefined ? dev : `${dev}/${target.portIndex}`;
}

/** HealthBackend over the library client. */
export function healthBackend(client: Devlink): HealthBackend {
  return {
    listReporters: async (target) =>
      (await client.listHealthReporters(target === undefined ? undefined : libraryTarget(target))).map(healthReporterView),
    getReporter: async (target, reporter) => healthReporterView(await client.getHealthReporter(libraryTarget(target), reporter)),
    // iproute2 sends a set with nothing in it, which the kernel accepts once it finds the reporter;
    // the library refuses an empty set, so a lookup gives the same answer (and the same refusal).
    setReporter: async (target, reporter, settings) =>
      Object.values(settings).some((v) => v !== undefined)
        ? client.setHealthReporter(libraryTarget(target), reporter, settings)
        : void (await client.getHealthReporter(libraryTarget(target), reporter)),
    recover: async (target, reporter) => client.recoverHealthReporter(libraryTarget(target), reporter),
    diagnose: async (target, reporter) => client.diagnoseHealthReporterItems(libraryTarget(target), reporter),
    dump: async (target, reporter) => client.dumpHealthReporterItems(libraryTarget(target), reporter),
    clearDump: async (target, reporter) => client.clearHealthReporterDump(libraryTarget(target), reporter),
    test: async (target, reporter) => client.testHealthReporter(libraryTarget(target), reporter),
  };
}
