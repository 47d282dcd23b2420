import type { DevlinkLinecard } from '../../../devlink/ops/linecards.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';

/** A line card state's name as iproute2 prints it (the spec's name; none for 0 or a newer value). */
export function linecardStateText(state: DevlinkLinecard['state']): string {
  return enumText(state, '<unknown state>', ['unspec']);
}

/**
 * Prints one line card slot as `devlink lc show` (and `monitor lc`) does: slots grouped under
 * their device (`bus/dev:` header, one JSON array per device), `lc N state S [type T]
 * [nested_devlink BUS/DEV]` and an indented `supported_types:` list.
 */
export function printLinecard(p: Printer, card: DevlinkLinecard): void {
  p.handleStart(card.busName, card.deviceName, true, true);
  p.beginItem();
  p.uint('lc', card.index, 'lc %s');
  p.string('state', linecardStateText(card.state), ' state %s');
  if (card.type !== undefined) p.string('type', card.type, ' type %s');
  if (card.nestedDevlink) p.string('nested_devlink', card.nestedDevlink.handle, ' nested_devlink %s');
  if (card.supportedTypes.length > 0) {
    p.arrayStart('supported_types');
    p.beginItem();
    for (const type of card.supportedTypes) p.string(null, type, ' %s');
    p.arrayEnd();
  }
  p.handleEnd();
}
