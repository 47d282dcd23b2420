/**
 * The contract target in the VM suite: the real kernel, with sfsim devices (test/kmod/sfsim)
 * made through the driver's sysfs and debugfs files, never through the code under test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Devlink } from '../../src/devlink/client.js';
import { createNetdevsim } from '../vm/support/netdevsim.js';
import { createObjsim } from '../vm/support/objsim.js';
import { createSfsim } from '../vm/support/sfsim.js';
import { CONTRACT_FIRMWARE, type ContractTarget } from './target.js';

/** The real kernel of the VM. */
export function kernelTarget(): ContractTarget {
  return {
    kind: 'kernel',
    open: () => Devlink.open(),
    async sfsim(options = {}) {
      const device = createSfsim(options);
      return {
        handle: device.handle,
        port: (index) => device.port(index),
        sfPort: (slot, controller) => device.sfPort(slot, controller),
        async setStallAttach(stall) {
          device.setStallAttach(stall);
        },
        async setMaxSfs(count) {
          device.setMaxSfs(count);
        },
        async remove() {
          device.remove();
        },
      };
    },
    async netdevsim() {
      // the firmware loader looks in /lib/firmware (the VM's firmware_class.path)
      mkdirSync('/lib/firmware', { recursive: true });
      writeFileSync(`/lib/firmware/${CONTRACT_FIRMWARE}`, Buffer.alloc(64));
      const device = createNetdevsim(1);
      return {
        handle: device.handle,
        port: (index) => `${device.handle}/${index}`,
        async breakHealth(message) {
          device.writeDebugfs('health/break_health', message);
        },
        async remove() {
          device.remove();
        },
      };
    },
    async objsim() {
      const device = createObjsim();
      return {
        handle: device.handle,
        port: (index) => device.port(index),
        async setLinecardActive(index, active) {
          device.setLinecardActive(index, active);
        },
        async failNextProvision(index) {
          device.setLinecardFailProvision(index, true);
        },
        async setSelftestResult(result) {
          device.setSelftestFlashResult(result);
        },
        async remove() {
          device.remove();
        },
      };
    },
  };
}
