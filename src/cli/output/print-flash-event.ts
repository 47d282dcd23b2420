import type { FlashEventView } from '../backend-monitor-objects.js';
import type { Printer } from './printer.js';

/**
 * A flash notification as `devlink monitor` prints it (iproute2's pr_out_flash_update):
 * `bus/dev: msg M component C done N total N`, each part only when the kernel sent it.
 */
export function printFlashEvent(p: Printer, view: FlashEventView): void {
  p.handleStart(view.busName, view.devName, true, false);
  if (view.message !== undefined) {
    p.beginItem();
    p.string('msg', view.message, 'msg %s');
  }
  if (view.component !== undefined) {
    p.beginItem();
    p.string('component', view.component, 'component %s');
  }
  if (view.done !== undefined) p.u64('done', view.done);
  if (view.total !== undefined) p.u64('total', view.total);
  p.handleEnd();
}
