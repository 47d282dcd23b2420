/**
 * Test devices for the benchmarks, made through sysfs/debugfs (not through the code under test):
 * netdevsim for many plain ports (1024 ports in ~6 s under TCG, versus ~16 s for 1024 sfsim SFs),
 * sfsim for SF ports.
 */
import { existsSync, writeFileSync } from 'node:fs';

/** Creates netdevsim device `id` with `ports` ports; returns its devlink handle. */
export function createNetdevsim(id, ports) {
  if (!existsSync('/sys/bus/netdevsim/new_device')) throw new Error('netdevsim is not loaded: run this inside the VM (npm run bench)');
  writeFileSync('/sys/bus/netdevsim/new_device', `${id} ${ports}`);
  return `netdevsim/netdevsim${id}`;
}

/** Creates sfsim device `id` (no VFs); returns its devlink handle. */
export function createSfsim(id, { maxSfs = 1024 } = {}) {
  if (!existsSync('/sys/bus/sfsim/new_device')) throw new Error('sfsim is not loaded: run this inside the VM (npm run bench)');
  writeFileSync('/sys/bus/sfsim/new_device', `${id} 0 0`);
  writeFileSync(`/sys/kernel/debug/sfsim/sfsim${id}/max_sfs`, String(maxSfs));
  return `sfsim/sfsim${id}`;
}
