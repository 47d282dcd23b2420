import type { DevlinkDpipeTable } from '../../../devlink/ops/dpipe.js';
import type { DevlinkResource } from '../../../devlink/ops/resources.js';
import type { Printer } from '../../print/printer.js';
import { enumText } from '../../print/names.js';

/** What the printer reads of a library resource (any DevlinkResource is one). */
export type PrintedResource = Pick<
  DevlinkResource,
  'name' | 'path' | 'id' | 'size' | 'sizeNew' | 'sizeValid' | 'sizeMin' | 'sizeMax' | 'sizeGranularity' | 'unit' | 'occupancy'
> & { readonly children: readonly PrintedResource[] };

/** What the printer reads of a dpipe table: its name and the resource its entries use. */
export type PrintedTable = Pick<DevlinkDpipeTable, 'name' | 'resourceId'>;

/** Whether any resource of the tree has a size change pending (iproute2 then prints size_valid). */
export function hasPendingChange(resources: readonly PrintedResource[]): boolean {
  return resources.some((r) => (r.sizeNew !== undefined && r.sizeNew !== r.size) || hasPendingChange(r.children));
}

/**
 * One resource and its subtree as `devlink resource show` prints it: `name N size N [size_new N]
 * [occ N] unit entry [size_min N size_max N size_gran N] dpipe_tables none|[...]`, children in a
 * `resources:` list one level deeper.
 */
export function printResource(
  p: Printer,
  resource: PrintedResource,
  tables: readonly PrintedTable[],
  pendingChange: boolean,
  verbose: boolean,
): void {
  p.beginItem();
  p.string('name', resource.name, 'name %s');
  if (verbose) {
    p.beginItem();
    p.string('resource_path', resource.path, 'resource_path %s');
  }
  p.u64('size', resource.size);
  const sizeNew = resource.sizeNew ?? resource.size;
  if (sizeNew !== resource.size) p.u64('size_new', sizeNew);
  if (resource.occupancy !== undefined) p.uint('occ', resource.occupancy & 0xffff_ffffn, ' occ %s');
  // The kernel always sends the unit and limits; absent ones read as iproute2's zeroed fields.
  p.string('unit', enumText(resource.unit ?? 'entry', '<unknown unit>'), ' unit %s');
  const sizeMin = resource.sizeMin ?? 0n;
  const sizeMax = resource.sizeMax ?? 0n;
  if (sizeMin !== sizeMax) {
    p.uint('size_min', sizeMin & 0xffff_ffffn, ' size_min %s');
    p.u64('size_max', sizeMax);
    p.uint('size_gran', (resource.sizeGranularity ?? 0n) & 0xffff_ffffn, ' size_gran %s');
  }
  const mine = tables.filter((table) => table.resourceId === resource.id);
  if (mine.length > 0) {
    p.arrayStart('dpipe_tables');
    for (const table of mine) {
      p.entryStart();
      p.beginItem();
      p.string('table_name', table.name, 'table_name %s');
      p.entryEnd();
    }
    p.arrayEnd();
  } else {
    p.string('dpipe_tables', 'none', ' dpipe_tables none');
  }
  if (resource.children.length === 0) return;
  if (pendingChange) {
    p.beginItem();
    p.string('size_valid', resource.sizeValid ? 'true' : 'false', 'size_valid %s');
  }
  p.arrayStart('resources');
  for (const child of resource.children) {
    p.entryStart();
    printResource(p, child, tables, pendingChange, verbose);
    p.entryEnd();
  }
  p.arrayEnd();
}
