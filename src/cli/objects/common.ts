import type { ArgCursor } from '../grammar/cursor.js';
import { parseKeywordOptions } from '../grammar/options.js';
import { parsePortArg, type PortArg } from '../grammar/handles.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import type { PortHandle } from '../../devlink/handles.js';
import { usageText } from '../usage.js';

/** Prints a usage text to stderr, as iproute2's `cmd_*_help()` does, and succeeds. */
export function printUsage(context: CliContext, lines: readonly string[]): void {
  context.io.stderr(usageText(lines));
}

/** iproute2's `Command "X" not found`. */
export function commandNotFound(cursor: ArgCursor): CliError {
  return new CliError(`Command "${cursor.peek() ?? ''}" not found`);
}

/** Rejects any words left after a command's arguments with `Unknown option "WORD"`. */
export function expectNoMoreWords(cursor: ArgCursor): void {
  parseKeywordOptions(cursor, []);
}

/**
 * Runs a listing between `{"NAME":{` and `}}` (JSON), closing the section even when the request
 * fails, as iproute2 does (its section brackets surround the request).
 */
export async function inSection(context: CliContext, name: string, body: () => Promise<void>): Promise<void> {
  context.printer.sectionStart(name);
  try {
    await body();
  } finally {
    context.printer.sectionEnd();
    context.flush();
  }
}

/** Resolves a port argument; a netdev name is looked up among the ports. */
export async function resolvePort(context: CliContext, port: PortArg): Promise<PortHandle> {
  if (!('ifname' in port)) return port;
  const ports = await (await context.devlink()).listPorts();
  const found = ports.find((candidate) => candidate.netdevName === port.ifname);
  if (!found) throw new CliError(`Netdevice "${port.ifname}" not found`);
  return { busName: found.busName, deviceName: found.deviceName, portIndex: found.portIndex };
}

/** Reads a port handle word and resolves it. */
export async function readPort(cursor: ArgCursor, context: CliContext): Promise<PortHandle> {
  return resolvePort(context, parsePortArg(cursor.next()));
}
