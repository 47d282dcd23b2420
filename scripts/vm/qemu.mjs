// Boots the VM under TCG (this machine's KVM cannot run a stock kernel) with the host's / and a
// writable io directory shared over virtio-9p; ttyS0 carries the command's output (streamed live),
// ttyS1 the kernel log (into a file). Kills the VM when it outlives the timeout.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * @typedef {object} BootResult
 * @property {number | null} qemuStatus qemu's exit status (null when killed)
 * @property {boolean} timedOut          the VM was killed after the timeout
 * @property {NodeJS.Signals | null} interrupted we got this signal and killed the VM
 * @property {string} consoleFile        the kernel console log (ttyS1)
 */

/**
 * @param {{ vmlinux: string, initrd: string, ioDir: string, timeoutMs: number, onOutput: (chunk: Buffer) => void }} opts
 * @returns {Promise<BootResult>}
 */
export function bootVm({ vmlinux, initrd, ioDir, timeoutMs, onOutput }) {
  const consoleFile = join(ioDir, 'console.log');
  const args = [
    '-accel', process.env.DEVLINK_TS_VM_ACCEL || 'tcg,thread=multi',
    '-M', 'pc', '-cpu', process.env.DEVLINK_TS_VM_CPU_MODEL || 'max', '-smp', process.env.DEVLINK_TS_VM_CPUS || '2', '-m', process.env.DEVLINK_TS_VM_MEMORY || '2G',
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot', '-monitor', 'none',
    '-serial', 'stdio',
    '-serial', `file:${consoleFile}`,
    '-kernel', vmlinux,
    '-initrd', initrd,
    '-append', [
      'console=ttyS1', 'loglevel=5', 'panic=-1',
      'firmware_class.path=/newroot/lib/firmware', 'nokaslr', 'mitigations=off', 'tsc=reliable',
    ].join(' '),
    '-fsdev', 'local,id=hostroot,path=/,security_model=none,multidevs=remap,readonly=on',
    '-device', 'virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot',
    '-fsdev', `local,id=io,path=${ioDir},security_model=none,multidevs=remap`,
    '-device', 'virtio-9p-pci,fsdev=io,mount_tag=io',
  ];
  return new Promise((resolve, reject) => {
    const qemu = spawn('qemu-system-x86_64', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let timedOut = false;
    /** @type {NodeJS.Signals | null} */
    let interrupted = null;
    let stderr = '';
    const timer = setTimeout(() => {
      timedOut = true;
      qemu.kill('SIGKILL');
    }, timeoutMs);
    // Ctrl-C or a CI runner's SIGTERM: take the VM down with us and let the caller clean up
    const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
      interrupted = signal;
      qemu.kill('SIGKILL');
    };
    const signals = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
    for (const s of signals) process.on(s, onSignal);
    const stopListening = () => {
      clearTimeout(timer);
      for (const s of signals) process.off(s, onSignal);
    };
    qemu.stdout.on('data', onOutput);
    qemu.stderr.on('data', (d) => {
      stderr += d.toString();
    });
    qemu.on('error', (err) => {
      stopListening();
      reject(new Error(`cannot start qemu-system-x86_64: ${err.message}`));
    });
    qemu.on('close', (status) => {
      stopListening();
      if (!timedOut && !interrupted && status !== 0 && stderr.trim()) {
        reject(new Error(`qemu exited with status ${status}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      resolve({ qemuStatus: status, timedOut, interrupted, consoleFile });
    });
  });
}
