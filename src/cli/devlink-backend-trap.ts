import type { Devlink } from '../devlink/client.js';
import type { DevlinkTrap, DevlinkTrapGroup, DevlinkTrapPolicer, TrapStats } from '../devlink/ops/traps.js';
import type { TrapBackend, TrapGroupView, TrapPolicerView, TrapStatsView, TrapView } from './backend-trap.js';

const TYPES: Record<string, number> = { drop: 0, exception: 1, control: 2 };
const ACTIONS: Record<string, number> = { drop: 0, trap: 1, mirror: 2 };

function wire(table: Record<string, number>, name: string): number {
  const known = table[name];
  if (known !== undefined) return known;
  const match = /^unknown-(\d+)$/.exec(name);
  return match?.[1] !== undefined ? Number(match[1]) : 255;
}

function device(handle: string): { busName: string; deviceName: string } {
  const at = handle.lastIndexOf('/');
  return { busName: handle.slice(0, at), deviceName: handle.slice(at + 1) };
}

function stats(source: TrapStats | undefined): TrapStatsView | undefined {
  if (!source) return undefined;
  const out: TrapStatsView = {};
  if (source.rxBytes !== undefined) out.rxBytes = source.rxBytes;
  if (source.rxPackets !== undefined) out.rxPackets = source.rxPackets;
  if (source.rxDropped !== undefined) out.rxDropped = source.rxDropped;
  return out;
}

function withStats<T extends object>(view: T, source: TrapStats | undefined): T & { stats?: TrapStatsView } {
  const s = stats(source);
  return s ? { ...view, stats: s } : view;
}

/** The printable view of a library object (also of a notification). */
export function trapView(trap: DevlinkTrap): TrapView {
  return withStats({
    ...device(trap.handle),
    name: trap.name,
    type: wire(TYPES, trap.type),
    generic: trap.generic,
    action: wire(ACTIONS, trap.action),
    group: trap.group ?? '',
    metadata: [...trap.metadata],
  }, trap.stats);
}

/** The printable view of a library object (also of a notification). */
export function groupView(group: DevlinkTrapGroup): TrapGroupView {
  const view: TrapGroupView = { ...device(group.handle), name: group.name, generic: group.generic };
  if (group.policerId !== undefined) view.policerId = group.policerId;
  return withStats(view, group.stats);
}

/** The printable view of a library object (also of a notification). */
export function policerView(policer: DevlinkTrapPolicer): TrapPolicerView {
  return withStats({ ...device(policer.handle), id: policer.id, rate: policer.rate ?? 0n, burst: policer.burst ?? 0n }, policer.stats);
}

type Dev = { busName: string; deviceName: string };
const handle = (dev: Dev): string => `${dev.busName}/${dev.deviceName}`;
const selector = (dev: Dev): Record<string, string> => ({ 'bus-name': dev.busName, 'dev-name': dev.deviceName });

/**
 * TrapBackend over the library client. Sets go out as iproute2 sends them (an option not given is
 * not sent, even when nothing is given), so they use the generic request.
 */
export function trapBackend(client: Devlink): TrapBackend {
  return {
    listTraps: async (dev) => (await client.listTraps(dev ? handle(dev) : undefined)).map(trapView),
    getTrap: async (dev, name) => trapView(await client.getTrap(handle(dev), name)),
    setTrap: async (dev, name, action) => {
      await client.request('trap-set', { ...selector(dev), 'trap-name': name, ...(action !== undefined ? { 'trap-action': action } : {}) });
    },
    listGroups: async (dev) => (await client.listTrapGroups(dev ? handle(dev) : undefined)).map(groupView),
    getGroup: async (dev, name) => groupView(await client.getTrapGroup(handle(dev), name)),
    setGroup: async (dev, name, settings) => {
      await client.request('trap-group-set', {
        ...selector(dev),
        'trap-group-name': name,
        ...(settings.action !== undefined ? { 'trap-action': settings.action } : {}),
        ...(settings.policerId !== undefined ? { 'trap-policer-id': settings.policerId } : {}),
      });
    },
    listPolicers: async (dev) => (await client.listTrapPolicers(dev ? handle(dev) : undefined)).map(policerView),
    getPolicer: async (dev, id) => policerView(await client.getTrapPolicer(handle(dev), id)),
    setPolicer: async (dev, id, settings) => {
      await client.request('trap-policer-set', {
        ...selector(dev),
        'trap-policer-id': id,
        ...(settings.rate !== undefined ? { 'trap-policer-rate': settings.rate } : {}),
        ...(settings.burst !== undefined ? { 'trap-policer-burst': settings.burst } : {}),
      });
    },
  };
}
