/**
 * A failure the CLI reports itself: a bad command line, a client-side check, a timeout.
 *
 * Why a class: command code throws it from any depth with the exact text iproute2 would print
 * (possibly several lines) and the exit code; `main()` is the only place that writes it to stderr,
 * so no stack trace ever reaches the user.
 */
export class CliError extends Error {
  /** Exit code of the process (iproute2's devlink uses 1; `invarg()` failures exit with 255). */
  readonly exitCode: number;
  /** The full stderr text, each line ending in a newline. */
  readonly text: string;

  /**
   * True for failures iproute2 reports by exiting on the spot (`invarg()` calls exit(-1)): no
   * final JSON newline, and a batch stops at once without "Command failed".
   */
  readonly abrupt: boolean;

  constructor(lines: string | readonly string[], exitCode = 1, abrupt = false) {
    const list = typeof lines === 'string' ? [lines] : lines;
    const text = list.map((line) => (line.endsWith('\n') ? line : `${line}\n`)).join('');
    super(text.trimEnd());
    this.name = 'CliError';
    this.text = text;
    this.exitCode = exitCode;
    this.abrupt = abrupt;
  }
}

/** iproute2's `invarg()`: `Error: argument "X" is wrong: WHY`, exit code 255. */
export function invalidArgument(why: string, value: string): CliError {
  return new CliError(`Error: argument "${value}" is wrong: ${why}`, 255, true);
}
