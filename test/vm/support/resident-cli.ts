/**
 * devlink-ts's CLI kept resident in the test process and reached through a `devlink` command on
 * PATH, for shell scripts that call `devlink` hundreds of times (the kernel's own selftests).
 *
 * Why: a node start costs seconds per call in the TCG guest (against ~0.1 s for iproute2), which
 * would put the selftests far over their time budget. The command runs the same `main()` as
 * `bin/devlink-ts.js` (same parsing, printing, stdout/stderr and exit status); only the process
 * start is shared. `DEVLINK_TS_SELFTESTS_SHIM=exec` runs the real entry point per call instead.
 *
 * Protocol (TCP on 127.0.0.1, which bash reaches through /dev/tcp): the command sends its argument
 * count and arguments, each ending in a NUL byte; the server runs them, writes what was printed
 * to `<dir>/<id>.out` and `<dir>/<id>.err`, and answers `<exit status> <id>\n`. Calls run one at a
 * time, in arrival order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { memoryIo } from '../../../src/cli/io.js';

/** A running resident CLI: the folder holding its `devlink` command, and how to stop it. */
export interface ResidentCli {
  readonly binDir: string;
  /** Command lines run so far. */
  readonly calls: number;
  close(): Promise<void>;
}

/** Starts the server and writes `<binDir>/devlink`, a bash client of it. */
export async function startResidentCli(): Promise<ResidentCli> {
  const dir = mkdtempSync(join(tmpdir(), 'devlink-ts-resident-'));
  let queue = Promise.resolve();
  let calls = 0;
  let nextId = 0;
  const server: Server = createServer((socket) => {
    readCommandLine(socket, (args) => {
      queue = queue.then(async () => {
        calls += 1;
        const id = String((nextId += 1));
        const io = memoryIo();
        const status = await main(args, { io, signal: new AbortController().signal });
        writeFileSync(join(dir, `${id}.out`), io.out);
        writeFileSync(join(dir, `${id}.err`), io.err);
        socket.end(`${status} ${id}\n`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  writeFileSync(join(dir, 'devlink'), clientScript(port, dir), { mode: 0o755 });
  return {
    binDir: dir,
    get calls() {
      return calls;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects `count\0arg\0...` from the socket and hands over the arguments once all arrived. */
function readCommandLine(socket: Socket, run: (args: string[]) => void): void {
  let buffer = Buffer.alloc(0);
  let done = false;
  socket.on('data', (chunk: Buffer) => {
    if (done) return;
    buffer = Buffer.concat([buffer, chunk]);
    const fields = buffer.toString('utf8').split('\0');
    const count = Number(fields[0]);
    if (fields.length - 1 < count + 1 || !Number.isInteger(count)) return;
    done = true;
    run(fields.slice(1, count + 1));
  });
  socket.on('error', () => undefined);
}

/** The `devlink` command: a bash client of the server (bash's /dev/tcp, no other tool). */
function clientScript(port: number, dir: string): string {
  return [
    '#!/bin/bash',
    '# devlink -> the resident devlink-ts CLI of test/vm/support/resident-cli.ts',
    `exec 3<>/dev/tcp/127.0.0.1/${port} || exit 125`,
    `{ printf '%s\\0' "$#"; [ "$#" -eq 0 ] || printf '%s\\0' "$@"; } >&3`,
    'read -r status id <&3 || exit 125',
    `cat "${dir}/$id.out"`,
    `cat "${dir}/$id.err" >&2`,
    `rm -f "${dir}/$id.out" "${dir}/$id.err"`,
    'exit "$status"',
    '',
  ].join('\n');
}
