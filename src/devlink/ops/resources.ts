/**
 * Resources: the tree of device resources (table sizes and the like) with sizes, limits, units,
 * occupancy, and size changes that take effect at the next reload.
 */
import type { AttributeTree } from '../codec.js';
import { DevlinkInputError } from '../errors.js';
import { formatDeviceHandle, toDeviceHandle, type DeviceHandle } from '../handles.js';
import type { DevlinkSession } from '../session.js';
import { DEVLINK_CMD } from '../spec/commands.js';
import { RESOURCE_UNIT } from '../spec/enums.js';
import { big, bool, enumValue, nest, nests, str } from '../tree.js';
import type { CallOptions, UnknownEnumValue, DeviceIdentity } from '../types.js';
import { u64 } from '../validate.js';
import { deviceSelector } from './selectors.js';

/** A resource and its children. Sizes are in `unit`s. */
export interface DevlinkResource {
  /** Path from the root, as iproute2 names resources (`/kvd/linear`). */
  readonly path: string;
  readonly name: string;
  readonly id: bigint;
  readonly size: bigint;
  /** The size that a reload will apply, when a change is pending. */
  readonly sizeNew?: bigint;
  /** False when the children's sizes do not add up to this one. */
  readonly sizeValid?: boolean;
  readonly sizeMin?: bigint;
  readonly sizeMax?: bigint;
  readonly sizeGranularity?: bigint;
  readonly unit?: 'entry' | UnknownEnumValue;
  readonly occupancy?: bigint;
  readonly children: readonly DevlinkResource[];
  readonly attributes: AttributeTree;
}

/** The resources of one device. */
export interface DevlinkResources extends DeviceIdentity {
  readonly resources: readonly DevlinkResource[];
}

function decodeResource(tree: AttributeTree, parentPath: string): DevlinkResource {
  const name = str(tree, 'resource-name') ?? '';
  const path = `${parentPath}/${name}`;
  const list = nest(tree, 'resource-list');
  const fields: Record<string, unknown> = {
    sizeNew: big(tree, 'resource-size-new'),
    sizeValid: bool(tree, 'resource-size-valid'),
    sizeMin: big(tree, 'resource-size-min'),
    sizeMax: big(tree, 'resource-size-max'),
    sizeGranularity: big(tree, 'resource-size-gran'),
    unit: enumValue<'entry'>(tree, 'resource-unit', RESOURCE_UNIT),
    occupancy: big(tree, 'resource-occ'),
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return {
    path, name,
    id: big(tree, 'resource-id') ?? 0n,
    size: big(tree, 'resource-size') ?? 0n,
    ...fields,
    children: list ? nests(list, 'resource').map((child) => decodeResource(child, path)) : [],
    attributes: tree,
  } as DevlinkResource;
}

/** Decodes the RESOURCE_DUMP reply messages (the top-level list may continue over several). */
export function decodeResources(device: string | DeviceHandle, trees: readonly AttributeTree[]): DevlinkResources {
  const handle = toDeviceHandle(device);
  const resources: DevlinkResource[] = [];
  for (const tree of trees) {
    const list = nest(tree, 'resource-list');
    if (list) resources.push(...nests(list, 'resource').map((r) => decodeResource(r, '')));
  }
  return { busName: handle.busName, deviceName: handle.deviceName, handle: formatDeviceHandle(handle), resources };
}

/** Reads a device's resource tree. */
export async function getResources(session: DevlinkSession, device: string | DeviceHandle, call?: CallOptions): Promise<DevlinkResources> {
  const handle = toDeviceHandle(device);
  const replies = await session.request(DEVLINK_CMD['resource-dump'], deviceSelector(handle), call);
  return decodeResources(handle, replies.filter((m) => m.command === DEVLINK_CMD['resource-dump']).map((m) => m.attributes));
}

/** Finds a resource by path (`/kvd/linear`) in a tree. */
export function findResource(resources: readonly DevlinkResource[], path: string): DevlinkResource | undefined {
  for (const resource of resources) {
    if (resource.path === path) return resource;
    const found = findResource(resource.children, path);
    if (found) return found;
  }
  return undefined;
}

/**
 * Sets a resource's size (applied at the next reload), by id or by path; a path is resolved with
 * one read of the tree first.
 */
export async function setResourceSize(session: DevlinkSession, device: string | DeviceHandle, resource: string | bigint, size: bigint | number, call?: CallOptions): Promise<void> {
  const handle = toDeviceHandle(device);
  const newSize = u64('size', size);
  let id: bigint;
  if (typeof resource === 'string') {
    const found = findResource((await getResources(session, handle, call)).resources, resource);
    if (!found) throw new DevlinkInputError('resource', resource, `no resource ${JSON.stringify(resource)} on ${formatDeviceHandle(handle)}`);
    id = found.id;
  } else {
    id = u64('resource id', resource);
  }
  await session.request(DEVLINK_CMD['resource-set'], { ...deviceSelector(handle), 'resource-id': id, 'resource-size': newSize }, call);
}
