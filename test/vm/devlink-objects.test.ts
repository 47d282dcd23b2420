import { it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Devlink } from '../../src/devlink/client.js';
import { createNetdevsim } from './support/netdevsim.js';

const ip2 = (args: string[]) => JSON.parse(execFileSync('/usr/sbin/devlink', ['-j', ...args], { encoding: 'utf8' }));
const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? `<${x.length}B>` : x));

it('traps, regions, resources, flash, health against netdevsim', async () => {
  const dl = await Devlink.open();
  const dev = createNetdevsim(1);
  try {
    const traps = await dl.listTraps(dev.handle);
    const theirs = ip2(['trap', 'show']).trap[dev.handle] as { name: string; type: string; generic: boolean; action: string; group: string; metadata?: string[] }[];
    console.log('TRAPS', traps.length, theirs.length, show(traps.slice(0, 2).map(({ attributes, ...t }) => t)), show(theirs.slice(0, 2)));
    expect(traps.map((t) => [t.name, t.type, t.generic, t.action, t.group])).toEqual(theirs.map((t) => [t.name, t.type, t.generic, t.action, t.group]));
    const policers = await dl.listTrapPolicers(dev.handle);
    const theirPolicers = ip2(['trap', 'policer', 'show']).trap_policer[dev.handle] as { policer: number; rate: number; burst: number }[];
    expect(policers.map((p) => [p.id, Number(p.rate), Number(p.burst)])).toEqual(theirPolicers.map((p) => [p.policer, p.rate, p.burst]));
    await dl.setTrapPolicer(dev.handle, 1, { rate: 2000n, burst: 256n });
    expect(await dl.getTrapPolicer(dev.handle, 1)).toMatchObject({ rate: 2000n, burst: 256n });
    const groups = await dl.listTrapGroups(dev.handle);
    console.log('GROUPS', show(groups.map(({ attributes, ...g }) => g)));
    await dl.setTrap(dev.handle, traps.find((t) => t.type === 'drop')!.name, { action: 'trap' });

    const regions = await dl.listRegions(dev.handle);
    console.log('REGIONS', show(regions.map(({ attributes, ...r }) => r)), show(ip2(['region', 'show'])));
    const id = await dl.newRegionSnapshot(dev.handle, 'dummy');
    const read = await dl.readRegion(dev.handle, 'dummy', { snapshotId: id });
    console.log('READ', id, read.chunks.length, read.data.length);
    expect(BigInt(read.data.length)).toBe(regions.find((r) => r.name === 'dummy')!.size);
    const part = await dl.readRegion(dev.handle, 'dummy', { snapshotId: id }, { address: 16n, length: 32n });
    expect(part.data).toEqual(read.data.slice(16, 48));
    const hex = execFileSync('/usr/sbin/devlink', ['region', 'read', `${dev.handle}/dummy`, 'snapshot', String(id), 'address', '16', 'length', '32'], { encoding: 'utf8' });
    console.log('IP2READ', hex.trim(), Buffer.from(part.data).toString('hex'));
    expect(hex.replace(/^[0-9a-f]{16} /gm, '').replace(/\s+/g, '')).toBe(Buffer.from(part.data).toString('hex'));
    await dl.deleteRegionSnapshot(dev.handle, 'dummy', id);

    const resources = await dl.getResources(dev.handle);
    const theirRes = ip2(['resource', 'show', dev.handle]);
    console.log('RES', show(resources.resources.map(function flat(r): unknown { return { path: r.path, size: r.size, occ: r.occupancy, children: r.children.map(flat) }; })), show(theirRes));
    await dl.setResourceSize(dev.handle, '/IPv4/fib', 96n);
    console.log('RES2', show(findSize(await dl.getResources(dev.handle))));

    mkdirSync('/lib/firmware', { recursive: true });
    writeFileSync('/lib/firmware/devlink-ts-test.bin', Buffer.alloc(64));
    const progress: unknown[] = [];
    const t = Date.now();
    await dl.flash(dev.handle, { file: 'devlink-ts-test.bin', onProgress: (p) => progress.push([p.stage, p.message, p.component, p.done, p.total, p.timeout]) });
    console.log('FLASH', Date.now() - t, 'ms', show(progress));
    expect(progress.length).toBeGreaterThan(3);
    const missing = await dl.flash(dev.handle, { file: 'nope.bin' }).catch((e: { code: string; message: string; extack?: { attributePath?: string } }) => [e.code, e.message, e.extack?.attributePath]);
    console.log('FLASHERR', show(missing));
    expect(missing).toEqual(['ENOENT', 'failed to locate the requested firmware file', 'flash-update-file-name']);
  } finally {
    dev.remove();
    dl.close();
  }
});

function findSize(r: { resources: readonly { path: string; sizeNew?: bigint; children: readonly unknown[] }[] }): unknown {
  return r.resources.map((x) => [x.path, x.sizeNew, (x.children as { path: string; size: bigint; sizeNew?: bigint }[]).map((c) => [c.path, c.size, c.sizeNew])]);
}
