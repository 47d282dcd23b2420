/** Whole-process runs: spawn, collect stdout, wait for exit; a non-zero exit is an error. */
import { spawn } from 'node:child_process';

/** Runs `command args` (stdin from `input` if given); resolves with its stdout as a string. */
export function run(command, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    // A child that exits without reading its stdin (devlink -j port show) closes the pipe first
    // under load: EPIPE on our end is not the child's failure; its exit status says how it went.
    child.stdin.on('error', (error) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(input ?? '');
  });
}
