import type { CliContext } from './context.js';
import { runCommandLine } from './dispatch.js';
import { describeFailure } from './report.js';
import { CliError } from './errors.js';

/**
 * Splits a batch file into command lines as iproute2's `getcmdline()` does: `#` starts a
 * comment, a trailing backslash joins the next line; returns each line with its 1-based number
 * (the number of the line where the command ends, as iproute2 counts).
 */
export function batchLines(text: string): { words: string[]; line: number }[] {
  const physical = text.split('\n');
  if (physical[physical.length - 1] === '') physical.pop();
  const commands: { words: string[]; line: number }[] = [];
  let pending = '';
  physical.forEach((raw, index) => {
    let line = raw.replace(/\r$/, '');
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const words = splitWords(pending + line);
    pending = '';
    commands.push({ words, line: index + 1 });
  });
  if (pending !== '') commands.push({ words: splitWords(pending), line: physical.length });
  return commands;
}

/** iproute2's `makeargs()`: whitespace-separated words, "double" or 'single' quotes group. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"?|'([^']*)'?|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return words;
}

/**
 * Runs `-b FILE` (or `-b -` for stdin): every command line in order, reporting each failure with
 * `Command failed FILE:LINE`; stops at the first failure unless `-force` was given.
 * Returns the exit code (1 if any command failed).
 */
export async function runBatch(name: string, context: CliContext): Promise<number> {
  let text: string;
  try {
    text = await context.io.readBatch(name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.io.stderr(`Cannot open file "${name}" for reading: ${reason}\n`);
    return 1;
  }
  let exitCode = 0;
  for (const { words, line } of batchLines(text)) {
    if (words.length === 0) continue;
    try {
      await runCommandLine(words, context);
      context.flush();
    } catch (error) {
      context.flush();
      if (error instanceof CliError && error.abrupt) throw error;
      const failure = describeFailure(error);
      context.io.stderr(failure.text);
      context.io.stderr(`Command failed ${name}:${line}\n`);
      exitCode = 1;
      if (!context.options.force) break;
    }
  }
  return exitCode;
}
