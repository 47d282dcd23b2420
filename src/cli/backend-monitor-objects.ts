import type { HealthReporterView } from './backend-health.js';
import type { RegionView } from './backend-region.js';
import type { TrapGroupView, TrapPolicerView, TrapView } from './backend-trap.js';

/** Health, trap and region notifications, decoded for printing by `monitor`. */
export type ObjectMonitorEvent =
  | { kind: 'health'; command: number; view: HealthReporterView }
  | { kind: 'trap'; command: number; view: TrapView }
  | { kind: 'trap-group'; command: number; view: TrapGroupView }
  | { kind: 'trap-policer'; command: number; view: TrapPolicerView }
  | { kind: 'region'; command: number; view: RegionView };
