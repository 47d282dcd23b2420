import type { Devlink } from '../devlink/client.js';
import type { DevlinkResource } from '../devlink/ops/resources.js';
import { big, nest, nests, str } from '../devlink/tree.js';
import type { DeviceHandle } from '../devlink/handles.js';
import type { DpipeTableView, ResourceBackend, ResourceView } from './backend-resource.js';

function view(resource: DevlinkResource): ResourceView {
  const out: ResourceView = {
    name: resource.name,
    path: resource.path.startsWith('/') ? resource.path : `/${resource.path}`,
    id: resource.id,
    size: resource.size,
    sizeMin: resource.sizeMin ?? 0n,
    sizeMax: resource.sizeMax ?? 0n,
    sizeGran: resource.sizeGranularity ?? 0n,
    unit: resource.unit === 'entry' || resource.unit === undefined ? 0 : Number(/\d+/.exec(resource.unit)?.[0] ?? 255),
    children: resource.children.map(view),
  };
  if (resource.sizeNew !== undefined) out.sizeNew = resource.sizeNew;
  if (resource.sizeValid !== undefined) out.sizeValid = resource.sizeValid;
  if (resource.occupancy !== undefined) out.occupancy = resource.occupancy;
  return out;
}

const handle = (dev: DeviceHandle): string => `${dev.busName}/${dev.deviceName}`;

/** ResourceBackend over the library client. */
export function resourceBackend(client: Devlink): ResourceBackend {
  return {
    resources: async (dev) => (await client.getResources(handle(dev))).resources.map(view),
    dpipeTables: async (dev) => {
      const replies = await client.request('dpipe-table-get', { 'bus-name': dev.busName, 'dev-name': dev.deviceName });
      const tables: DpipeTableView[] = [];
      for (const reply of replies) {
        const list = nest(reply.attributes, 'dpipe-tables');
        for (const table of list ? nests(list, 'dpipe-table') : []) {
          const entry: DpipeTableView = { name: str(table, 'dpipe-table-name') ?? '' };
          const resourceId = big(table, 'dpipe-table-resource-id');
          if (resourceId !== undefined) entry.resourceId = resourceId;
          tables.push(entry);
        }
      }
      return tables;
    },
    setSize: async (dev, resourceId, size) => {
      await client.request('resource-set', { 'bus-name': dev.busName, 'dev-name': dev.deviceName, 'resource-id': resourceId, 'resource-size': size });
    },
  };
}
