import type { FlashProgress } from '../../../devlink/ops/flash.js';
import type { Printer } from '../../print/printer.js';

/**
 * A flash notification as `devlink monitor` prints it (iproute2's pr_out_flash_update):
 * `bus/dev: msg M component C done N total N`, each part only when the kernel sent it.
 */
export function printFlashEvent(p: Printer, event: FlashProgress): void {
  const at = event.handle.lastIndexOf('/');
  p.handleStart(event.handle.slice(0, at), event.handle.slice(at + 1), true, false);
  if (event.message !== undefined) {
    p.beginItem();
    p.string('msg', event.message, 'msg %s');
  }
  if (event.component !== undefined) {
    p.beginItem();
    p.string('component', event.component, 'component %s');
  }
  if (event.done !== undefined) p.u64('done', event.done);
  if (event.total !== undefined) p.u64('total', event.total);
  p.handleEnd();
}
