import type { Devlink } from '../devlink/client.js';
import type { DevlinkLinecard } from '../devlink/ops/linecards.js';
import { LINECARD_STATE } from '../devlink/spec/enums.js';
import type { LinecardBackend, LinecardView } from './backend-linecard.js';

/** A decoded line card as the CLI prints it (state back to its wire number, unknown ones kept). */
export function linecardView(card: DevlinkLinecard): LinecardView {
  const at = card.handle.lastIndexOf('/');
  const unknown = /^unknown-(\d+)$/.exec(card.state);
  const view: LinecardView = {
    busName: card.handle.slice(0, at),
    deviceName: card.handle.slice(at + 1),
    index: card.index,
    state: unknown?.[1] !== undefined ? Number(unknown[1]) : LINECARD_STATE.byName.get(card.state) ?? 0,
    supportedTypes: [...card.supportedTypes],
  };
  if (card.type !== undefined) view.type = card.type;
  if (card.nestedDevlink) view.nestedDevlink = card.nestedDevlink.handle;
  return view;
}

/** LinecardBackend over the library client. */
export function linecardBackend(client: Devlink): LinecardBackend {
  const dev = (d: { busName: string; deviceName: string }) => ({ busName: d.busName, deviceName: d.deviceName });
  return {
    listLinecards: async (d) => (await client.listLinecards(d ? dev(d) : undefined)).map(linecardView),
    getLinecard: async (d, index) => linecardView(await client.getLinecard(dev(d), index)),
    setLinecardType: (d, index, type) => client.setLinecardType(dev(d), index, type),
    waitForLinecardState: async (d, index, state, timeoutMs) =>
      linecardView(await client.waitForLinecardState(dev(d), index, state, { timeoutMs })),
  };
}
