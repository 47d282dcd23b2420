/**
 * Turns the kernel's extended-ACK pointers back into attribute names.
 *
 * Why: the kernel reports the offending attribute as a byte offset inside our request
 * (NLMSGERR_ATTR_OFFS) and a missing one as a type number (NLMSGERR_ATTR_MISS_TYPE, optionally
 * within the nest at NLMSGERR_ATTR_MISS_NEST). Walking the request against the spec gives
 * `port-function.hw-addr`, which users (and our CLI) can act on. Plugged into the connection
 * through RequestOptions.describeOffset / describeMissing.
 */
import { parseAttributes } from '../netlink/attributes.js';
import { attributeSet, DEVLINK_ATTRIBUTES } from './spec/index.js';
import type { AttributeSet, AttributeSpec } from './spec/types.js';

/** nlmsghdr (16) + genlmsghdr (4): where a devlink request's attributes start. */
export const DEVLINK_ATTRIBUTES_OFFSET = 20;

interface Located {
  /** Names from the top level down to the attribute at the offset. */
  readonly path: string[];
  /** The set the last attribute's payload is written in, when it is a known nest. */
  readonly innerSet?: AttributeSet;
}

function nameIn(set: AttributeSet | undefined, type: number): string {
  return set?.byValue.get(type)?.name ?? `attr-${type}`;
}

function locate(request: Uint8Array, offset: number): Located | undefined {
  let set: AttributeSet | undefined = DEVLINK_ATTRIBUTES;
  let bytes = request.subarray(DEVLINK_ATTRIBUTES_OFFSET);
  let base = DEVLINK_ATTRIBUTES_OFFSET;
  const path: string[] = [];
  for (;;) {
    const attributes = parseAttributes(bytes, base);
    const hit = attributes.find((a) => offset >= a.offset && offset < a.offset + 4 + a.data.length);
    if (!hit) return undefined;
    const spec: AttributeSpec | undefined = set?.byValue.get(hit.type);
    path.push(nameIn(set, hit.type));
    const innerSet: AttributeSet | undefined = spec?.type === 'nest' && spec.nestedSet ? attributeSet(spec.nestedSet) : undefined;
    if (hit.offset === offset || (!innerSet && !hit.nested)) return { path, ...(innerSet ? { innerSet } : {}) };
    if (offset < hit.offset + 4) return { path, ...(innerSet ? { innerSet } : {}) };
    set = innerSet;
    bytes = hit.data;
    base = hit.offset + 4;
  }
}

/**
 * Names the attribute at `offset` (from the start of the whole request message) as a dotted path,
 * e.g. `port-function.hw-addr`; undefined when the offset points at no attribute.
 */
export function describeDevlinkOffset(request: Uint8Array, offset: number): string | undefined {
  return locate(request, offset)?.path.join('.');
}

/**
 * Names a missing attribute: top-level (`port-flavour`) or inside the nest at `nestOffset`
 * (`port-function.state`).
 */
export function describeDevlinkMissing(request: Uint8Array, missingType: number, nestOffset?: number): string | undefined {
  if (nestOffset === undefined) return nameIn(DEVLINK_ATTRIBUTES, missingType);
  const nest = locate(request, nestOffset);
  if (!nest) return undefined;
  return [...nest.path, nameIn(nest.innerSet, missingType)].join('.');
}
