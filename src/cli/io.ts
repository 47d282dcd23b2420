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
 */
export function processIo(): CliIo {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    stdout: (text) => {
      process.stdout.write(text);
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
