/**
 * The daemon's structured log: one line per action and per change (object, operation, result,
 * errno, extended-ACK text), through pino.
 *
 * Why pino: a maintained logger whose JSON lines journald, Kubernetes and log shippers take as
 * they are; JSON is the default when stderr is not a terminal. On a terminal (or with
 * `--log-format text`) the same records are printed as `time level msg key=value...` by a few
 * lines here, instead of pulling in pino-pretty and its dependencies.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

/** `json` or `text`. */
export type LogFormat = 'json' | 'text';

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Formats one pino JSON record as a human line. */
export function textLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, pid: _pid, hostname: _hostname, ...rest } = record;
  const fields = Object.entries(rest).map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`);
  const when = typeof time === 'number' ? new Date(time).toISOString() : '';
  return `${when} ${LEVELS[level as number] ?? String(level)} ${String(msg ?? '')}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}\n`;
}

/** A logger writing to `write` (stderr by default) in `format`. */
export function createLogger(format: LogFormat, write: (line: string) => void = (line) => process.stderr.write(line), level = 'info'): Logger {
  const destination = {
    write: (chunk: string) => write(format === 'json' ? chunk : textLine(chunk)),
  };
  return pino({ level, base: { pid: process.pid }, formatters: { level: (label) => ({ level: label }) } }, destination);
}
