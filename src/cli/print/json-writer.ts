/**
 * A streaming JSON writer that produces exactly the bytes of iproute2's `json_writer.c`, compact
 * or pretty (`-p`: four-space indents, `[ {` / `} ]` around arrays, `"key": value`).
 *
 * Why not JSON.stringify: iproute2 streams its output with its own spacing, and tools diff it byte
 * for byte; and u64 counters must print as exact integers, which a JS number cannot hold.
 * Two deliberate differences keep the output valid JSON: a backslash is escaped as `\\` (iproute2
 * writes `\n`), an apostrophe is left alone (iproute2 writes `\'`), and other control characters
 * are written as `\u00XX`.
 */
export class JsonWriter {
  private depth = 0;
  private separator = '';
  /** Text written since the last drain (one string: V8 concatenates without copying). */
  private text = '';

  constructor(private readonly pretty: boolean) {}

  /** Takes the text written so far (the writer keeps its nesting state). */
  drain(): string {
    const text = this.text;
    this.text = '';
    return text;
  }

  /** Current nesting depth (0 when every object and array is closed). */
  get nesting(): number {
    return this.depth;
  }

  private put(text: string): void {
    this.text += text;
  }

  private endOfLine(): void {
    if (!this.pretty) return;
    this.put(`\n${'    '.repeat(this.depth)}`);
  }

  private endOfRecord(): void {
    if (this.separator !== '') this.put(this.separator);
    this.separator = ',';
  }

  private begin(bracket: string): void {
    this.endOfRecord();
    this.put(bracket);
    this.depth += 1;
    this.separator = '';
  }

  private end(bracket: string): void {
    this.depth -= 1;
    if (this.separator !== '') this.endOfLine();
    this.put(bracket);
    this.separator = ',';
  }

  /** Writes a property name; the next value or container belongs to it. */
  name(key: string): void {
    this.endOfRecord();
    this.endOfLine();
    this.separator = '';
    this.put(`${quote(key)}:${this.pretty ? ' ' : ''}`);
  }

  /** Opens an object. */
  startObject(): void {
    this.begin('{');
  }

  /** Closes the innermost object. */
  endObject(): void {
    this.end('}');
  }

  /** Opens an array. */
  startArray(): void {
    this.begin('[');
    if (this.pretty) this.put(' ');
  }

  /** Closes the innermost array. */
  endArray(): void {
    if (this.pretty && this.separator !== '') this.put(' ');
    this.separator = '';
    this.end(']');
  }

  /** Writes a string value. */
  string(value: string): void {
    this.endOfRecord();
    this.put(quote(value));
  }

  /** Writes an integer value exactly (number or bigint). */
  integer(value: number | bigint): void {
    this.endOfRecord();
    this.put(typeof value === 'bigint' ? value.toString() : Math.trunc(value).toString());
  }

  /** Writes true or false. */
  boolean(value: boolean): void {
    this.endOfRecord();
    this.put(value ? 'true' : 'false');
  }

  /** Writes null. */
  null(): void {
    this.endOfRecord();
    this.put('null');
  }
}

const ESCAPES: Record<string, string> = {
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\f': '\\f',
  '\b': '\\b',
  '\\': '\\\\',
  '"': '\\"',
};

/** Whether a string has anything {@link quote} must escape. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

function quote(text: string): string {
  // Most keys and values (handles, names, flavours) need no escape: one regular expression test
  // instead of a loop over the characters, which under emulation was a tenth of printing 1024
  // ports (issue 16).
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  for (const char of text) {
    const escape = ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (char < ' ') out += `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
