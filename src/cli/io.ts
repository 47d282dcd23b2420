import { writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Where the CLI writes and reads: the process's streams in production, string buffers in tests.
 *
 * Why an interface: the CLI goldens call `main()` in-process and compare what it wrote to stdout
 * and stderr byte for byte; nothing in src/cli touches `process.stdout` directly.
 */
export interface CliIo {
  /** Writes text to standard output. */
  stdout(text: string): void;
  /** Writes text to standard error. */
  stderr(text: string): void;
  /** Reads a whole batch file (`-b FILE`); `-` means standard input. */
  readBatch(name: string): Promise<string>;
}

/**
 * The real process streams. A closed stdout (`devlink-ts port show | head -1`) ends the process
 * quietly with status 0 instead of an EPIPE stack trace, as a C tool killed by SIGPIPE would.
 *
 * Standard output is written with `fs.writeSync` on fd 1 (see {@link FdWriter}) rather than
 * through `process.stdout`: on a pipe that is a net.Socket, and setting it up loads Node's net and
 * stream modules, a measurable part of a short command's start-up under emulation (issue 16).
 */
export function processIo(): CliIo {
  const out = new FdWriter(1, () => process.stdout);
  return {
    stdout: (text) => {
      out.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readBatch: async (name) => {
      if (name === '-') {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      }
      return readFile(name, 'utf8');
    },
  };
}

/**
 * Writes to a file descriptor synchronously, falling back to the process stream for good when it
 * cannot: a non-blocking pipe that is full answers EAGAIN, and from then on every write goes
 * through the stream (which waits for room) so the output stays in order. EPIPE (the reader is
 * gone) ends the process with status 0, whichever way it was written; other errors are thrown
 * as the stream would have.
 */
class FdWriter {
  private stream: NodeJS.WriteStream | undefined;

  constructor(
    private readonly fd: number,
    private readonly processStream: () => NodeJS.WriteStream,
  ) {}

  write(text: string): void {
    if (this.stream !== undefined) {
      this.stream.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(this.fd, bytes, written);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error;
    }
    this.stream = this.processStream();
    this.stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
    this.stream.write(bytes.subarray(written));
  }
}

/** An in-memory CliIo for tests: collects stdout/stderr, serves batch files from a map. */
export function memoryIo(files: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    async readBatch(name: string) {
      const text = files[name];
      if (text === undefined) {
        const error = new Error(`ENOENT: no such file or directory, open '${name}'`) as NodeJS.ErrnoException;
        error.code = 'ENOENT';
        throw error;
      }
      return text;
    },
  };
  return io;
}
