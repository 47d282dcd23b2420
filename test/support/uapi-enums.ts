/**
 * Reads the enums of a C uapi header (include/uapi/linux/devlink.h) into names and numbers.
 *
 * Why our own small reader: the spec tables are checked against the kernel's header number by
 * number, and the header is plain C: enums with implicit increments, `= value` initialisers,
 * aliases such as `DEVLINK_ATTR_MAX = __DEVLINK_ATTR_MAX - 1`, `#define`s (with `\` continuations)
 * between constants and comments everywhere. No preprocessor conditionals sit inside its enums, so
 * none are evaluated; a constant we cannot evaluate is an error, never a guess.
 */

/** One enumerator: its C name and value. */
export interface CEnumConstant {
  readonly name: string;
  readonly value: number;
  /** True for an alias of another constant (`X_MAX = __X_MAX - 1`) or a `__` sentinel. */
  readonly alias: boolean;
  /** The comment closing the constant's line (`u32`, `nested`...), which the header uses for types. */
  readonly comment: string | undefined;
}

/** One `enum` of the header; anonymous enums have no tag. */
export interface CEnum {
  readonly tag: string | undefined;
  readonly constants: readonly CEnumConstant[];
}

/** Parses every enum in `text`, in order. Throws naming the constant it cannot evaluate. */
export function parseCEnums(text: string): CEnum[] {
  const comments = lineComments(text);
  const code = stripPreprocessor(stripComments(text));
  const enums: CEnum[] = [];
  const known = new Map<string, number>();
  for (const match of code.matchAll(/\benum\s+([A-Za-z_]\w*)?\s*\{([^}]*)\}/g)) {
    const constants: CEnumConstant[] = [];
    let next = 0;
    for (const item of match[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([A-Za-z_]\w*)\s*(?:=\s*(.+))?$/s.exec(item);
      if (!m) throw new Error(`enum ${match[1] ?? '(anonymous)'}: cannot read "${item}"`);
      const name = m[1]!;
      const initialiser = m[2]?.trim();
      const value = initialiser === undefined ? next : evaluate(initialiser, known, name);
      const alias = name.startsWith('__') || (initialiser !== undefined && /\b[A-Za-z_]\w*/.test(initialiser));
      constants.push({ name, value, alias, comment: comments.get(name) });
      known.set(name, value);
      next = value + 1;
    }
    enums.push({ tag: match[1], constants });
  }
  return enums;
}

/** `NAME, /* text *\/` on one line -> text, for every such line. */
function lineComments(text: string): Map<string, string> {
  const comments = new Map<string, string>();
  for (const m of text.matchAll(/^[ \t]*([A-Za-z_]\w*)[^,\n]*,[ \t]*\/\*[ \t]*(.*?)[ \t]*\*\//gm)) comments.set(m[1]!, m[2]!);
  return comments;
}

/** Removes block and line comments, keeping line structure irrelevant to the enum reader. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** Removes preprocessor lines, including their `\` continuation lines. */
function stripPreprocessor(text: string): string {
  return text.replace(/^[ \t]*#(?:[^\n]*\\\n)*[^\n]*$/gm, ' ');
}

/**
 * Evaluates an initialiser made of numbers (decimal, hex), known constants, parentheses, `+`, `-`,
 * `<<` and `|` — the forms uapi headers use. Anything else throws.
 */
function evaluate(expression: string, known: ReadonlyMap<string, number>, name: string): number {
  const substituted = expression.replace(/\b[A-Za-z_]\w*\b/g, (identifier) => {
    const value = known.get(identifier);
    if (value === undefined) throw new Error(`${name} = ${expression}: unknown identifier ${identifier}`);
    return String(value);
  });
  if (!/^[\s\d()+\-|<xXa-fA-FuUlL]*$/.test(substituted)) throw new Error(`${name} = ${expression}: cannot evaluate`);
  const numeric = substituted.replace(/\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b/g, '$1');
  const value = Function(`"use strict"; return (${numeric});`)() as unknown;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`${name} = ${expression}: not an integer`);
  return value;
}
