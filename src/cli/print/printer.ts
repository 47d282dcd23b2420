import { JsonWriter } from './json-writer.js';
import { formatRate } from '../../devlink/rate-units.js';

const INDENT_STEP = 2;
const INDENT_MAX = 32;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** Which of the two outputs a print call feeds (iproute2's PRINT_ANY / PRINT_JSON / PRINT_FP). */
type Target = 'any' | 'json' | 'text';

/**
 * The one place CLI output is produced. Each call emits the text form or the JSON form of the
 * same value (like iproute2's `print_string(PRINT_ANY, key, fmt, value)`), so the two outputs can
 * never drift apart; and it keeps iproute2's text layout state (indent level, pending indent,
 * newline de-duplication) so object printers written against it produce iproute2's exact bytes.
 *
 * Formats use a single `%s` placeholder for the value, e.g. `' pfnum %s'`.
 */
export class Printer {
  /** True when printing JSON (`-j`). */
  readonly json: boolean;
  private readonly writer: JsonWriter | undefined;
  private readonly chunks: string[] = [];
  private indentLevel = 0;
  private pendingIndent = false;
  private newlineCount = 0;
  private lastHandle: { bus: string; dev: string; port?: number } | undefined;

  constructor(options: { json: boolean; pretty: boolean }) {
    this.json = options.json;
    this.writer = options.json ? new JsonWriter(options.pretty) : undefined;
  }

  /** Takes everything printed so far. */
  drain(): string {
    if (this.writer) this.chunks.push(this.writer.drain());
    const text = this.chunks.join('');
    this.chunks.length = 0;
    return text;
  }

  /** Forgets per-command grouping state (the last handle of an array listing). */
  resetCommandState(): void {
    this.lastHandle = undefined;
  }

  // ---- text layout primitives (iproute2's pr_out family) ----

  private raw(text: string): void {
    if (this.writer) this.chunks.push(this.writer.drain());
    this.chunks.push(text);
  }

  private get indent(): string {
    return ' '.repeat(this.indentLevel);
  }

  /** Text output with the pending indent applied (iproute2's `pr_out`). */
  out(text: string): void {
    if (this.pendingIndent) {
      this.raw(this.indent);
      this.pendingIndent = false;
    }
    this.raw(text);
    this.newlineCount = 0;
  }

  /** Ends the text line unless it was just ended (iproute2's `__pr_out_newline`). */
  newline(): void {
    if (this.newlineCount < 1) {
      this.out('\n');
      this.pendingIndent = true;
    }
    this.newlineCount += 1;
  }

  /** Treats the current text line as already ended, so the next newline() is skipped. */
  markLineEnded(): void {
    this.newlineCount = 1;
  }

  /** Indents following text lines one step more. */
  indentIncrease(): void {
    if (this.indentLevel + INDENT_STEP > INDENT_MAX) return;
    this.indentLevel += INDENT_STEP;
  }

  /** Indents following text lines one step less. */
  indentDecrease(): void {
    if (this.indentLevel - INDENT_STEP < 0) return;
    this.indentLevel -= INDENT_STEP;
  }

  /** A space between items on a text line, unless at the start of a line. */
  separator(): void {
    if (!this.pendingIndent && !this.json) this.out(' ');
  }

  /** Before an item: a separating space mid-line, or the indent at a line start. */
  beginItem(): void {
    this.separator();
    if (this.pendingIndent && !this.json) {
      this.raw(this.indent);
      this.pendingIndent = false;
    }
    this.newlineCount = 0;
  }

  // ---- values ----

  private targetsJson(target: Target): boolean {
    return this.json && target !== 'text';
  }

  private targetsText(target: Target): boolean {
    return !this.json && target !== 'json';
  }

  /** A string value: `"key":"value"` in JSON, `format` with `%s` replaced in text. */
  string(key: string | null, value: string, format: string, target: Target = 'any'): void {
    if (this.targetsJson(target) && this.writer) {
      if (key !== null) this.writer.name(key);
      this.writer.string(value);
    } else if (this.targetsText(target)) {
      this.raw(format.replace('%s', value));
    }
  }

  /** An unsigned integer printed exactly. */
  uint(key: string | null, value: number | bigint, format: string, target: Target = 'any'): void {
    if (this.targetsJson(target) && this.writer) {
      if (key !== null) this.writer.name(key);
      this.writer.integer(value);
    } else if (this.targetsText(target)) {
      this.raw(format.replace('%s', value.toString()));
    }
  }

  /** A boolean: JSON true/false, text "true"/"false". */
  bool(key: string | null, value: boolean, format: string, target: Target = 'any'): void {
    if (this.targetsJson(target) && this.writer) {
      if (key !== null) this.writer.name(key);
      this.writer.boolean(value);
    } else if (this.targetsText(target)) {
      this.raw(format.replace('%s', value ? 'true' : 'false'));
    }
  }

  /** A rate in bytes/s: the number in JSON, `10Mbit` style in text. */
  rate(key: string, bytesPerSecond: bigint, format: string, iec: boolean): void {
    if (this.writer) {
      this.writer.name(key);
      this.writer.integer(bytesPerSecond);
    } else {
      this.raw(format.replace('%s', formatRate(bytesPerSecond, iec)));
    }
  }

  /** `name value` in text, `"name":"value"` in JSON (iproute2's print_string_name_value). */
  nameValue(name: string, value: string): void {
    this.string(name, value, `${name} %s`);
  }

  /** `name value` for an unsigned number (iproute2's print_uint_name_value). */
  uintNameValue(name: string, value: number | bigint): void {
    this.uint(name, value, `${name} %s`);
  }

  /** A u64 counter printed `name value`, or `unlimited` for all-ones (iproute2's pr_out_u64). */
  u64(name: string, value: bigint): void {
    this.separator();
    if (value === U64_MAX) {
      this.nameValue(name, 'unlimited');
      return;
    }
    if (this.writer) {
      this.writer.name(name);
      this.writer.integer(value);
    } else {
      this.out(`${name} ${value}`);
    }
  }

  // ---- JSON structure ----

  /** Opens a JSON object, named when `name` is given (no text output). */
  openObject(name: string | null): void {
    if (!this.writer) return;
    if (name !== null) this.writer.name(name);
    this.writer.startObject();
  }

  /** Closes a JSON object (no text output). */
  closeObject(): void {
    this.writer?.endObject();
  }

  /** Opens a JSON array, named when `name` is given (no text output). */
  openArray(name: string | null): void {
    if (!this.writer) return;
    if (name !== null) this.writer.name(name);
    this.writer.startArray();
  }

  /** Closes a JSON array (no text output). */
  closeArray(): void {
    this.writer?.endArray();
  }

  /** Starts a command's output: `{"NAME":{` in JSON, nothing in text. */
  sectionStart(name: string): void {
    this.openObject(null);
    this.openObject(name);
  }

  /** Ends a command's output, closing a pending per-device array. */
  sectionEnd(): void {
    if (!this.writer) return;
    if (this.lastHandle) this.closeArray();
    this.closeObject();
    this.closeObject();
  }

  /** A nested group: `"name":{` in JSON; a new indented `name:` line in text. */
  objectStart(name: string): void {
    if (this.writer) this.openObject(name);
    else this.textGroupStart(name);
  }

  /** Ends a nested group started with objectStart. */
  objectEnd(): void {
    if (this.writer) this.closeObject();
    else this.textGroupEnd();
  }

  /** A nested list: `"name":[` in JSON; a new indented `name:` line in text. */
  arrayStart(name: string): void {
    if (this.writer) this.openArray(name);
    else this.textGroupStart(name);
  }

  /** Ends a nested list started with arrayStart. */
  arrayEnd(): void {
    if (this.writer) this.closeArray();
    else this.textGroupEnd();
  }

  /** Text form of a nested group or list: its name on a new, indented line; contents one level deeper. */
  private textGroupStart(name: string): void {
    this.indentIncrease();
    this.newline();
    this.out(`${name}:`);
    this.indentIncrease();
    this.newline();
  }

  /** Text form of a group's end: back two indentation levels. */
  private textGroupEnd(): void {
    this.indentDecrease();
    this.indentDecrease();
  }

  /** Starts one element of a nested list. */
  entryStart(): void {
    this.openObject(null);
  }

  /** Ends one element of a nested list. */
  entryEnd(): void {
    if (this.writer) this.closeObject();
    else this.newline();
  }

  // ---- object headers ----

  /**
   * Starts a device's output: `"bus/dev":{` in JSON, `bus/dev` (with `:` when content follows)
   * in text. With `array`, consecutive entries of one device share one JSON array and one text
   * header line (param listings).
   */
  handleStart(bus: string, dev: string, content: boolean, array: boolean): void {
    const name = `${bus}/${dev}`;
    const same = this.lastHandle !== undefined && this.lastHandle.bus === bus && this.lastHandle.dev === dev;
    if (this.writer) {
      if (!array) {
        this.openObject(name);
        return;
      }
      if (this.lastHandle && !same) this.closeArray();
      if (!same) {
        this.openArray(name);
        this.lastHandle = { bus, dev };
      }
      this.openObject(null);
      return;
    }
    if (!array) {
      this.out(`${name}${content ? ':' : ''}`);
      return;
    }
    if (this.lastHandle && !same) this.indentDecrease();
    if (!same) {
      this.out(`${name}${content ? ':' : ''}`);
      this.newline();
      this.indentIncrease();
      this.lastHandle = { bus, dev };
    }
  }

  /**
   * Starts a device's bare list (iproute2's selftests listing): consecutive entries of one device
   * share one JSON array of plain values (`"bus/dev":["flash"]`, no object per entry) and one
   * `bus/dev:` text header; entries follow on an indented line.
   */
  handleListStart(bus: string, dev: string): void {
    const same = this.lastHandle !== undefined && this.lastHandle.bus === bus && this.lastHandle.dev === dev;
    if (this.writer) {
      if (this.lastHandle && !same) this.closeArray();
      if (!same) this.openArray(`${bus}/${dev}`);
    } else {
      if (this.lastHandle && !same) this.indentDecrease();
      if (!same) {
        this.out(`${bus}/${dev}:`);
        this.newline();
        this.indentIncrease();
      }
    }
    if (!same) this.lastHandle = { bus, dev };
  }

  /** Ends a device's output. */
  handleEnd(): void {
    if (this.writer) this.closeObject();
    else this.newline();
  }

  /**
   * Starts a port's (or a rate object's) output: `"bus/dev/32768":{` in JSON, `bus/dev/32768:`
   * in text; `label` replaces the `bus/dev/index` name (rate nodes, nice names).
   */
  portHandleStart(bus: string, dev: string, port: number, array: boolean, label?: string): void {
    const name = label ?? `${bus}/${dev}/${port}`;
    const same =
      this.lastHandle !== undefined &&
      this.lastHandle.bus === bus &&
      this.lastHandle.dev === dev &&
      this.lastHandle.port === port;
    if (this.writer) {
      if (!array) {
        this.openObject(name);
        return;
      }
      if (this.lastHandle && !same) this.closeArray();
      if (!same) {
        this.openArray(name);
        this.lastHandle = { bus, dev, port };
      }
      this.openObject(null);
      return;
    }
    if (!array) {
      this.out(`${name}:`);
      return;
    }
    if (this.lastHandle && !same) this.indentDecrease();
    if (!same) {
      this.out(`${name}:`);
      this.newline();
      this.indentIncrease();
      this.lastHandle = { bus, dev, port };
    }
  }

  /** Ends a port's output. */
  portHandleEnd(): void {
    this.handleEnd();
  }
}
