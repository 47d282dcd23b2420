import { CliContext, type DevlinkFactory } from './context.js';
import { CliError } from './errors.js';
import { parseCommandLine, type ParsedCommandLine } from './global-options.js';
import { processIo, type CliIo } from './io.js';
import { Printer } from './print/printer.js';

/** What a caller (a test, or bin/devlink-ts.js) can substitute. */
export interface MainDependencies {
  /** Streams; the process's by default. */
  io?: CliIo;
  /** Opens the library client; over a real netlink socket by default. */
  openDevlink?: DevlinkFactory;
  /** Stops long-running commands (monitor, --wait); SIGINT/SIGTERM by default. */
  signal?: AbortSignal;
}

/** The library client over a real netlink socket (loaded only by commands that talk to devlink). */
const openRealDevlink: DevlinkFactory = async (options) => {
  const { Devlink } = await import('../devlink/client.js');
  return Devlink.open(options);
};

type OwnCommand = (argv: readonly string[], deps: { io: CliIo; signal?: AbortSignal }) => Promise<number>;

/** Commands outside iproute2's grammar, each its own module loaded on use. */
const DAEMON_COMMANDS: Record<string, () => Promise<OwnCommand>> = {
  daemon: async () => (await import('./daemon.js')).runDaemonCommand,
  status: async () => (await import('./status.js')).runStatus,
  'wait-ready': async () => (await import('./wait-ready.js')).runWaitReady,
};

/**
 * The devlink-ts command line: `devlink-ts [ OPTIONS ] OBJECT { COMMAND | help }`, iproute2's
 * grammar and output. Returns the exit code; never throws and never prints a stack trace.
 */
export async function main(argv: readonly string[], dependencies: MainDependencies = {}): Promise<number> {
  const io = dependencies.io ?? processIo();
  // `apply` (declared state) has options of its own and loads its engine only when used.
  if (argv[0] === 'apply') {
    const { runApply } = await import('./apply.js');
    return runApply(argv.slice(1), { io, ...(dependencies.signal ? { signal: dependencies.signal } : {}) });
  }
  // So have the daemon and its clients (pino, prom-client and the engine load only for them).
  const daemonCommand = DAEMON_COMMANDS[argv[0] ?? ''];
  if (daemonCommand) return (await daemonCommand())(argv.slice(1), { io, ...(dependencies.signal ? { signal: dependencies.signal } : {}) });
  let parsed: ParsedCommandLine;
  try {
    parsed = await parseCommandLine(argv);
  } catch (error) {
    const failure = await describe(error);
    io.stderr(failure.text);
    return failure.exitCode;
  }
  if (parsed.version) {
    const { version } = await import('./version.js');
    io.stdout(`devlink-ts utility, devlink-ts-${version()}\n`);
    return 0;
  }
  if (parsed.help) {
    const { printHelp } = await import('./help.js');
    await printHelp(io, parsed.words);
    return 0;
  }
  const stop = dependencies.signal ? undefined : stopOnSignals();
  const printer = new Printer({ json: parsed.options.json, pretty: parsed.options.pretty });
  const context = new CliContext(
    io,
    parsed.options,
    printer,
    dependencies.openDevlink ?? openRealDevlink,
    dependencies.signal ?? stop?.signal ?? new AbortController().signal,
  );
  let exitCode = 0;
  let abrupt = false;
  try {
    if (parsed.options.batch !== undefined) {
      const { runBatch } = await import('./batch.js');
      exitCode = await runBatch(parsed.options.batch, context);
    } else {
      const { runCommandLine } = await import('./dispatch.js');
      await runCommandLine(parsed.words, context);
    }
  } catch (error) {
    context.flush();
    const failure = await describe(error);
    io.stderr(failure.text);
    exitCode = failure.exitCode;
    abrupt = error instanceof CliError && error.abrupt;
  } finally {
    context.flush();
    // iproute2's JSON writer always ends its output with a newline (unless it exited on the spot).
    if (parsed.options.json && !context.lineBasedJson && !abrupt) io.stdout('\n');
    await context.close();
    stop?.dispose();
  }
  return exitCode;
}

/** The failure's stderr text and exit code; the error classes are only loaded when one happened. */
async function describe(error: unknown): Promise<{ text: string; exitCode: number }> {
  const { describeFailure } = await import('./report.js');
  return describeFailure(error);
}

function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

/** Re-exported so embedders can recognise the CLI's own usage errors. */
export { CliError };
