import type { LinecardView } from '../backend-linecard.js';
import type { Printer } from '../print/printer.js';

const STATE_NAMES = ['', 'unprovisioned', 'unprovisioning', 'provisioning', 'provisioning_failed', 'provisioned', 'active'];

/** A line card state's name as iproute2 prints it. */
export function linecardStateName(state: number): string {
  return (state > 0 && STATE_NAMES[state]) || '<unknown state>';
}

/**
 * Prints one line card slot as `devlink lc show` (and `monitor lc`) does: slots grouped under
 * their device (`bus/dev:` header, one JSON array per device), `lc N state S [type T]
 * [nested_devlink BUS/DEV]` and an indented `supported_types:` list.
 */
export function printLinecard(p: Printer, card: LinecardView): void {
  p.handleStart(card.busName, card.deviceName, true, true);
  p.beginItem();
  p.uint('lc', card.index, 'lc %s');
  p.string('state', linecardStateName(card.state), ' state %s');
  if (card.type !== undefined) p.string('type', card.type, ' type %s');
  if (card.nestedDevlink !== undefined) p.string('nested_devlink', card.nestedDevlink, ' nested_devlink %s');
  if (card.supportedTypes.length > 0) {
    p.arrayStart('supported_types');
    p.beginItem();
    for (const type of card.supportedTypes) p.string(null, type, ' %s');
    p.arrayEnd();
  }
  p.handleEnd();
}
