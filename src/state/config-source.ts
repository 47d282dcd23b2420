/**
 * Config files as parsed YAML documents that remember where every value came from.
 *
 * Why keep the documents (not just `parse()` results): every config error must name
 * `file:line:column`, and the schema validator and the semantic checks speak in value paths
 * (`devices/0/sfs/3/hw_addr`); a path is turned back into the YAML node that holds it, and the node
 * into a line and column with the file's LineCounter.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** A place in a config file (1-based line and column, as editors count). */
export interface ConfigPosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One problem found in the config, at a place. */
export interface ConfigIssue extends ConfigPosition {
  readonly message: string;
}

/** Formats `file:line:column: message`, the form compilers use and editors jump to. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

/**
 * The config is invalid: nothing was applied. `issues` lists every problem found (each names its
 * file, line and column, the key and the bad value); `message` is their lines.
 */
export class ConfigError extends Error {
  readonly code = 'EINVAL';
  readonly errno = 22;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** One parsed config file. */
export interface ConfigSource {
  /** The path as given (or as found in the directory), used in messages. */
  readonly file: string;
  readonly document: Document;
  readonly lineCounter: LineCounter;
  /** The file's text (what node ranges index): lets validation reuse what an unchanged part gave before. */
  readonly text?: string;
}

/** A path into a config value: keys and sequence indexes. */
export type ValuePath = readonly (string | number)[];

/** Line and column of a character offset of a source. */
export function positionAt(source: ConfigSource, offset: number): ConfigPosition {
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, column: col };
}

/**
 * The node at `path` in a source, or the deepest existing node on the way (so a missing key is
 * reported at the map that lacks it). With `key`, the last step's key node instead of its value
 * (an unknown key is reported where the key is written).
 */
export function nodeAt(source: ConfigSource, path: ValuePath, key = false): Node | undefined {
  let node: unknown = source.document.contents;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step));
      if (!pair) return node;
      if (last && key) return pair.key as Node;
      if (pair.value === null || pair.value === undefined) return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(step)];
      if (item === undefined || item === null) return node;
      node = item;
    } else {
      break;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

/** Where the value at `path` (or its key, with `key`) starts. */
export function positionOf(source: ConfigSource, path: ValuePath, key = false): ConfigPosition {
  const node = nodeAt(source, path, key);
  return positionAt(source, node?.range?.[0] ?? 0);
}

/** An issue at the value at `path`. */
export function issueAt(source: ConfigSource, path: ValuePath, message: string, key = false): ConfigIssue {
  return { ...positionOf(source, path, key), message };
}

/** The config files a path names: the file itself, or a directory's `*.yaml`/`*.yml` in lexical order. */
export function configFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new ConfigError([{ file: path, line: 0, column: 0, message: `cannot read the config: ${(error as Error).message}` }]);
  }
  if (!stat.isDirectory()) return [path];
  const names = readdirSync(path).filter((name) => /\.ya?ml$/.test(name)).sort();
  if (names.length === 0) {
    throw new ConfigError([{ file: path, line: 0, column: 0, message: 'the config directory holds no *.yaml file' }]);
  }
  return names.map((name) => join(path, name));
}

/** Parses one file's text; YAML syntax errors (and duplicate keys) become issues. */
export function parseConfigText(file: string, text: string): { source: ConfigSource; issues: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false, prettyErrors: false, uniqueKeys: true });
  const source: ConfigSource = { file, document, lineCounter, text };
  const issues = document.errors.map((error) => ({
    ...positionAt(source, error.pos[0]),
    message: `YAML: ${error.message.split('\n')[0]}`,
  }));
  return { source, issues };
}

/** Reads and parses the config files `path` names (a file or a directory). */
export function readConfigSources(path: string): { sources: ConfigSource[]; issues: ConfigIssue[] } {
  const sources: ConfigSource[] = [];
  const issues: ConfigIssue[] = [];
  for (const file of configFiles(path)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      issues.push({ file, line: 0, column: 0, message: `cannot read the config: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseConfigText(file, text);
    sources.push(parsed.source);
    issues.push(...parsed.issues);
  }
  return { sources, issues };
}
