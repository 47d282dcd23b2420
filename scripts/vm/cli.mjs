#!/usr/bin/env node
// `npm run vm -- '<shell command>'`: boots the netdevsim VM, runs the command as root in the
// project folder, streams its output, and exits with its status. Exits non-zero with the reason
// when the VM cannot boot, hangs past the timeout, or the kernel logged a WARN/BUG/Oops.
import { constants } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInVm } from './run-in-vm.mjs';

const USAGE = `usage: npm run vm -- [--timeout SECONDS] [--allow-kernel-warnings] '<shell command>'
  env: DEVLINK_TS_VM_TIMEOUT (default 600 s), DEVLINK_TS_CACHE (default ~/.cache/devlink-ts),
       DEVLINK_TS_VM_CPUS (2), DEVLINK_TS_VM_MEMORY (2G), DEVLINK_TS_VM_KEEP=1 keeps the io dir`;

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArgs(argv) {
  let timeoutText = process.env.DEVLINK_TS_VM_TIMEOUT || '600';
  let allowKernelWarnings = false;
  const rest = [...argv];
  while (rest.length > 0) {
    const arg = rest[0];
    if (arg === '--') {
      rest.shift();
      break;
    } else if (arg === '--timeout') {
      rest.shift();
      timeoutText = rest.shift() ?? '';
    } else if (arg === '--allow-kernel-warnings') {
      rest.shift();
      allowKernelWarnings = true;
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else break;
  }
  const timeoutSeconds = Number(timeoutText);
  if (!/^\d+(\.\d+)?$/.test(timeoutText) || timeoutSeconds <= 0) throw new Error(`bad timeout ${JSON.stringify(timeoutText)}: expected seconds > 0`);
  if (rest.length === 0) throw new Error(`no command given\n${USAGE}`);
  return { command: rest.join(' '), timeoutMs: timeoutSeconds * 1000, allowKernelWarnings };
}

async function main() {
  const { command, timeoutMs, allowKernelWarnings } = parseArgs(process.argv.slice(2));
  const result = await runInVm(command, {
    projectDir,
    timeoutMs,
    onOutput: (chunk) => process.stdout.write(chunk),
  });
  const say = (line) => process.stderr.write(`vm: ${line}\n`);
  if (result.failure) {
    say(`FAILED: ${result.failure}`);
    say('kernel console tail:');
    process.stderr.write(`${result.consoleTail}\n`);
  }
  if (result.kernelProblems.length > 0) {
    say(`the kernel reported ${result.kernelProblems.length} problem(s):`);
    for (const p of result.kernelProblems) process.stderr.write(`${p}\n---\n`);
  }
  say(`boot + run took ${result.seconds.toFixed(1)} s; command exit status ${result.exitCode ?? 'none'}`);
  if (result.interrupted) return 128 + (constants.signals[result.interrupted] ?? 0);
  if (result.failure) return result.exitCode ?? (/did not finish/.test(result.failure) ? 124 : 1);
  if (result.exitCode === 0 && result.kernelProblems.length > 0 && !allowKernelWarnings) return 1;
  return result.exitCode ?? 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`vm: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
