/**
 * The daemon's Prometheus metrics, served on `/metrics` (the unix socket, and `--metrics-listen`).
 *
 * Why prom-client: the maintained Prometheus client for Node; it gets the text exposition format,
 * histogram buckets and label escaping right, and adds the process metrics (RSS, CPU, event-loop
 * lag) an operator expects next to ours. A registry of our own (not the global default) so tests
 * and embedders can run several daemons in one process.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric the daemon updates. */
export class DaemonMetrics {
  readonly registry = new Registry();
  /** Reconcile passes by result (`converged`, `failed`: some object failed). */
  readonly passes = new Counter({ name: 'devlink_ts_reconcile_runs_total', help: 'Reconcile passes, by result', labelNames: ['result'] as const, registers: [this.registry] });
  readonly passSeconds = new Histogram({
    name: 'devlink_ts_reconcile_duration_seconds', help: 'Duration of reconcile passes that changed something',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [this.registry],
  });
  readonly objects = new Gauge({ name: 'devlink_ts_objects', help: 'Declared objects by kind and state (ready, progressing, failed)', labelNames: ['kind', 'state'] as const, registers: [this.registry] });
  readonly driftRepaired = new Counter({ name: 'devlink_ts_drift_repaired_total', help: 'Objects that were ready, drifted and were repaired', registers: [this.registry] });
  readonly netlinkErrors = new Counter({ name: 'devlink_ts_netlink_errors_total', help: 'Operations the kernel refused, by errno name', labelNames: ['errno'] as const, registers: [this.registry] });
  readonly operations = new Counter({ name: 'devlink_ts_operations_total', help: 'Operations carried out, by kind and result', labelNames: ['kind', 'result'] as const, registers: [this.registry] });
  readonly generation = new Gauge({ name: 'devlink_ts_config_generation', help: 'Generation of the config in force (1 = the one read at start-up)', registers: [this.registry] });
  readonly reloads = new Counter({ name: 'devlink_ts_config_reloads_total', help: 'Config reloads, by result (applied, rejected, unchanged)', labelNames: ['result'] as const, registers: [this.registry] });
  readonly lastSuccess = new Gauge({ name: 'devlink_ts_last_success_timestamp_seconds', help: 'Time of the last pass that left every object as declared', registers: [this.registry] });
  readonly resyncs = new Counter({ name: 'devlink_ts_resyncs_total', help: 'Full re-reads of the kernel state, by reason', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly ready = new Gauge({ name: 'devlink_ts_ready', help: '1 when the host is ready (every declared object as declared and ready)', registers: [this.registry] });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'devlink_ts_' });
  }

  /** The text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Its content type. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
