import { decodeHealthReporter } from '../devlink/ops/health.js';
import type { DevlinkEvent } from '../devlink/ops/events.js';
import type { ObjectMonitorEvent } from './backend-monitor-objects.js';
import { healthReporterView } from './devlink-backend-health.js';
import { regionView } from './devlink-backend-region.js';
import { groupView, policerView, trapView } from './devlink-backend-trap.js';

/**
 * Health, trap and region notifications as monitor views; undefined for other events and for
 * notifications that lack what iproute2 needs to print them (it skips those too).
 * Loaded only by `monitor`.
 */
export function objectMonitorEvent(event: DevlinkEvent): ObjectMonitorEvent | undefined {
  try {
    switch (event.kind) {
      case 'health':
        return { kind: 'health', command: event.command, view: healthReporterView(decodeHealthReporter(event.attributes)) };
      case 'trap':
        return event.trap ? { kind: 'trap', command: event.command, view: trapView(event.trap) } : undefined;
      case 'trap-group':
        return event.group ? { kind: 'trap-group', command: event.command, view: groupView(event.group) } : undefined;
      case 'trap-policer':
        return event.policer ? { kind: 'trap-policer', command: event.command, view: policerView(event.policer) } : undefined;
      case 'region':
        return { kind: 'region', command: event.command, view: regionView(event.attributes) };
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
