import type { HealthReporterView } from './backend-health.js';
import type { RegionView } from './backend-region.js';
import type { TrapGroupView, TrapPolicerView, TrapView } from './backend-trap.js';
import type { LinecardView } from './backend-linecard.js';

/** Health, trap, region, line card and flash notifications, decoded for printing by `monitor`. */
export type ObjectMonitorEvent =
  | { kind: 'health'; command: number; view: HealthReporterView }
  | { kind: 'trap'; command: number; view: TrapView }
  | { kind: 'trap-group'; command: number; view: TrapGroupView }
  | { kind: 'trap-policer'; command: number; view: TrapPolicerView }
  | { kind: 'region'; command: number; view: RegionView }
  | { kind: 'linecard'; command: number; view: LinecardView }
  | { kind: 'flash'; command: number; view: FlashEventView };

/** A flash begin/end/status notification: what iproute2's monitor prints of it. */
export interface FlashEventView {
  busName: string;
  devName: string;
  message?: string;
  component?: string;
  done?: bigint;
  total?: bigint;
}
