import { decodeHealthReporter } from '../devlink/ops/health.js';
import type { DevlinkEvent } from '../devlink/ops/events.js';
import type { FlashEventView, ObjectMonitorEvent } from './backend-monitor-objects.js';
import { linecardView } from './devlink-backend-linecard.js';
import { healthReporterView } from './devlink-backend-health.js';
import { regionView } from './devlink-backend-region.js';
import { groupView, policerView, trapView } from './devlink-backend-trap.js';

/**
 * Health, trap, region, line card and flash notifications as monitor views; undefined for other events and for
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
      case 'linecard':
        return event.linecard ? { kind: 'linecard', command: event.command, view: linecardView(event.linecard) } : undefined;
      case 'flash': {
        const at = event.handle.lastIndexOf('/');
        const view: FlashEventView = { busName: event.handle.slice(0, at), devName: event.handle.slice(at + 1) };
        if (event.message !== undefined) view.message = event.message;
        if (event.component !== undefined) view.component = event.component;
        if (event.done !== undefined) view.done = event.done;
        if (event.total !== undefined) view.total = event.total;
        return { kind: 'flash', command: event.command, view };
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
