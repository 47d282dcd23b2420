import type { DevlinkRegion, RegionChunk } from '../../../devlink/ops/regions.js';
import type { Printer } from '../../print/printer.js';

/**
 * What a region line shows: a listed region (the library's DevlinkRegion: size, snapshot ids,
 * max), a snapshot just taken (`snapshotId`), or a notification (size or one snapshot id).
 */
export type PrintedRegion = Pick<DevlinkRegion, 'name'> & Partial<Pick<DevlinkRegion, 'size' | 'snapshots' | 'maxSnapshots'>> & {
  readonly snapshotId?: number;
};

const BYTES_PER_LINE = 16;

/**
 * One region of device `device` (`bus/dev`) as `devlink region show` / `region new` / `monitor`
 * print it: `bus/dev/region: size N snapshot [1 2] max N` (a list for show, a single id after new);
 * in JSON an object named by the region handle.
 */
export function printRegion(p: Printer, device: string, region: PrintedRegion): void {
  const name = `${device}/${region.name}`;
  if (p.json) p.openObject(name);
  else p.out(`${name}:`);
  if (region.size !== undefined) p.u64('size', region.size);
  if (region.snapshots !== undefined) {
    p.separator();
    if (p.json) {
      p.openArray('snapshot');
      for (const id of region.snapshots) p.uint(null, id, '%s', 'json');
      p.closeArray();
    } else {
      p.out(`snapshot [${region.snapshots.join(' ')}]`);
    }
  }
  if (region.maxSnapshots !== undefined) p.u64('max', BigInt(region.maxSnapshots));
  if (region.snapshotId !== undefined) {
    p.separator();
    if (p.json) {
      p.openArray('snapshot');
      p.uint(null, region.snapshotId, '%s', 'json');
      p.closeArray();
    } else {
      p.out(`snapshot ${region.snapshotId}`);
    }
  }
  if (p.json) p.closeObject();
  else p.out('\n');
}

/**
 * Prints region contents as iproute2 does: text rows of 16 bytes, each starting with its 16-digit
 * hex address (rows follow the byte count, not the addresses: `position` carries across chunks,
 * and across the commands of a batch, as iproute2's static counter does); JSON `"address":N,
 * "data":[...]` per chunk.
 */
export function printRegionChunks(p: Printer, chunks: readonly RegionChunk[], position: { count: number }): void {
  for (const chunk of chunks) {
    if (p.json) {
      p.uint('address', chunk.address, '%s', 'json');
      p.openArray('data');
      for (const byte of chunk.data) p.uint(null, byte, '%s', 'json');
      p.closeArray();
      continue;
    }
    let address = chunk.address;
    for (const byte of chunk.data) {
      if (position.count % BYTES_PER_LINE === 0) {
        p.out(`${position.count ? '\n' : ''}${address.toString(16).padStart(16, '0')} `);
      }
      position.count += 1;
      p.out(`${byte.toString(16).padStart(2, '0')} `);
      address += 1n;
    }
  }
}
