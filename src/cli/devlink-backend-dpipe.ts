import type { Devlink } from '../devlink/client.js';
import type { DpipeAction, DpipeMatch, DpipeValue } from '../devlink/ops/dpipe.js';
import type { DeviceHandle } from '../devlink/handles.js';
import type { DpipeBackend, DpipeRefView, DpipeValueView } from './backend-dpipe.js';

/** The wire number of an enum name (`unknown-7` is 7). */
function wire(names: readonly string[], name: string): number {
  const known = names.indexOf(name);
  if (known >= 0) return known;
  const match = /^unknown-(\d+)$/.exec(name);
  return match?.[1] !== undefined ? Number(match[1]) : 255;
}

function ref(item: DpipeMatch | DpipeAction): DpipeRefView {
  // field_exact (matches) and field_modify (actions) are both type 0 on the wire.
  const type = item.type === 'field_exact' || item.type === 'field_modify' ? 0 : wire([], item.type);
  return { type, headerId: item.headerId, global: item.global, fieldId: item.fieldId };
}

function value(item: DpipeValue<DpipeMatch | DpipeAction>): DpipeValueView {
  const out: DpipeValueView = { ref: ref(item.ref), value: item.value };
  if (item.mask !== undefined) out.mask = item.mask;
  if (item.mapping !== undefined) out.mapping = item.mapping;
  return out;
}

const handle = (dev: DeviceHandle): string => `${dev.busName}/${dev.deviceName}`;

/** DpipeBackend over the library client. */
export function dpipeBackend(client: Devlink): DpipeBackend {
  return {
    headers: async (dev) => (await client.getDpipeHeaders(handle(dev))).headers.map((header) => ({
      name: header.name,
      id: header.id,
      global: header.global,
      fields: header.fields.map((field) => ({ name: field.name, id: field.id, bitwidth: field.bitwidth, mappingType: wire(['none', 'ifindex'], field.mappingType) })),
    })),
    tables: async (dev, name) => (await client.getDpipeTables(handle(dev), name)).map((table) => ({
      name: table.name,
      size: table.size,
      countersEnabled: table.countersEnabled,
      ...(table.resourceId !== undefined ? { resourceId: table.resourceId } : {}),
      ...(table.resourceUnits !== undefined ? { resourceUnits: table.resourceUnits } : {}),
      matches: table.matches.map(ref),
      actions: table.actions.map(ref),
    })),
    entries: async (dev, name) => (await client.getDpipeEntries(handle(dev), name)).map((entry) => ({
      index: entry.index,
      ...(entry.counter !== undefined ? { counter: entry.counter } : {}),
      matchValues: entry.matchValues.map(value),
      actionValues: entry.actionValues.map(value),
    })),
    setCounters: (dev, name, enabled) => client.setDpipeTableCounters(handle(dev), name, enabled),
  };
}
