/**
 * Validation of the parsed config files and their merge into one DesiredState.
 *
 * Why two passes: ajv checks each file against the schema (unknown keys, types, enums, ranges) and
 * every error is placed at its file:line:column; only files that pass are read further, by the
 * checks a schema cannot express (units, MACs that YAML 1.1 tools read as numbers, declared rate
 * parents, an SF declared twice across files). Everything is checked before anything is sent;
 * a bad config throws ConfigError listing every problem.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isScalar, type Scalar } from 'yaml';
import { parseRate } from '../devlink/rate-units.js';
import type { EswitchEncapMode, EswitchInlineMode, EswitchMode, ParamCmode } from '../index.js';
import { schemaKeys } from './config-schema.js';
import {
  ConfigError, issueAt, nodeAt, positionOf, readConfigSources, type ConfigIssue, type ConfigPosition, type ConfigSource,
  type ValuePath,
} from './config-source.js';
import {
  declaredSfKey, type DesiredDevice, type DesiredHealth, type DesiredParam, type DesiredRate, type DesiredRateNode, type DesiredSf,
  type DesiredState, type DeviceSelector,
} from './desired.js';
import generatedValidator from './config-validator.generated.js';

/**
 * The schema's validator: ajv's standalone code for CONFIG_SCHEMA, generated ahead of time
 * (`npm run gen:validator`, scripts/config-validator/) and committed, so neither `apply` nor the
 * daemon loads ajv's compiler. Compiling at first use cost ~1.0 s of apply's 1.6 s config load
 * under emulation (issue 13) and kept the compiler in the daemon's memory (issue 14). The code
 * and its errors are those `new Ajv(options).compile(CONFIG_SCHEMA)` gives; a unit test fails
 * when the committed file is stale.
 */
const validate = generatedValidator as unknown as ValidateFunction;

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath.slice(1).split('/').map((step) => {
    const text = step.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(text) ? Number(text) : text;
  });
}

/** `devices[0].sfs[2]` for a path, for messages about a whole entry. */
function describePath(path: ValuePath): string {
  let text = '';
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : `${text ? '.' : ''}${step}`;
  return text || 'the top level';
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function keyOf(path: ValuePath): string {
  const last = [...path].reverse().find((step) => typeof step === 'string');
  return typeof last === 'string' ? last : 'value';
}

/** One readable issue for an ajv error. */
function schemaIssue(source: ConfigSource, error: ErrorObject): ConfigIssue {
  const path = pathOf(error.instancePath);
  const key = keyOf(path);
  const value = error.data;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const unknown = String(params['additionalProperty']);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return issueAt(source, [...path, unknown],
        `unknown key "${unknown}" in ${describePath(path)}${suggestion(unknown, allowed)}; allowed: ${allowed.join(', ')}`, true);
    }
    case 'required':
      return issueAt(source, path, `${describePath(path)}: missing key "${String(params['missingProperty'])}"`);
    case 'type': {
      const expected = String(params['type']).replace(/,/g, ' or ');
      const hint = typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)
        ? ` (YAML 1.2 reads ${value} as a string: write true or false)` : '';
      return issueAt(source, path, `${key}: expected ${expected}, got ${Array.isArray(value) ? 'a list' : value === null ? 'nothing' : typeof value === 'object' ? 'a map' : show(value)}${hint}`);
    }
    case 'enum':
      return issueAt(source, path, `${key}: ${show(value)} is not one of ${(params['allowedValues'] as unknown[]).join(', ')}`);
    case 'minimum': case 'maximum':
      return issueAt(source, path, `${key}: ${show(value)} is out of range (${error.keyword} ${String(params['limit'])})`);
    case 'pattern': case 'minLength': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description ?? 'valid';
      return issueAt(source, path, `${key}: ${show(value)} is invalid: expected ${description}`);
    }
    default:
      return issueAt(source, path, `${key}: ${error.message ?? 'invalid'}`);
  }
}

/** Schema errors of one file, at most one per value (ajv may report several for one place). */
function schemaIssues(source: ConfigSource, value: unknown): ConfigIssue[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const error of validate.errors ?? []) {
    const where = `${error.instancePath}|${error.keyword === 'additionalProperties' ? String((error.params as Record<string, unknown>)['additionalProperty']) : ''}`;
    if (seen.has(where)) continue;
    seen.add(where);
    issues.push(schemaIssue(source, error));
  }
  return issues;
}

/** YAML 1.1 (PyYAML, go-yaml v2) resolves plain scalars like `10:20:30:40:50:59` as base-60 numbers. */
const YAML11_SEXAGESIMAL = /^[-+]?(?:[1-9][0-9_]*(?::[0-5]?[0-9])+|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)$/;

function sexagesimalValue(text: string): number {
  return text.split('.')[0]!.replace(/_/g, '').split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** Raw config values by shape (already schema-checked). */
type RawRecord = Record<string, unknown>;

/** Context of the semantic checks: issues collected, positions resolved. */
class Checker {
  readonly issues: ConfigIssue[] = [];
  constructor(readonly source: ConfigSource) {}

  at(path: ValuePath, key = false): ConfigPosition {
    return positionOf(this.source, path, key);
  }

  fail(path: ValuePath, message: string, key = false): void {
    this.issues.push(issueAt(this.source, path, message, key));
  }

  /** A MAC written plain where YAML 1.1 tools read a number is refused: quote it. */
  mac(path: ValuePath, value: string): string | undefined {
    const node = nodeAt(this.source, path);
    if (isScalar(node) && (node as Scalar).type === 'PLAIN' && YAML11_SEXAGESIMAL.test(value)) {
      this.fail(path, `${keyOf(path)}: ${value} is read by YAML 1.1 tools as the number ${sexagesimalValue(value)}: quote it ("${value}")`);
      return undefined;
    }
    const first = Number.parseInt(value.slice(0, 2), 16);
    if (first & 1) {
      this.fail(path, `${keyOf(path)}: "${value}" is a multicast address: a function needs a unicast MAC (even first byte)`);
      return undefined;
    }
    return value.toLowerCase();
  }

  rate(path: ValuePath, value: unknown): bigint | undefined {
    const text = String(value).trim();
    if (typeof value === 'number' || /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
      this.fail(path, `${keyOf(path)}: ${show(value)} has no unit: write e.g. ${text}mbit (bits/s) or ${text}MBps (bytes/s)`);
      return undefined;
    }
    const bytes = parseRate(text);
    if (bytes === undefined) {
      this.fail(path, `${keyOf(path)}: ${show(value)} is not a rate: expected a number with a unit such as 100mbit, 1gbit or 125MBps`);
      return undefined;
    }
    return bytes;
  }

  rateSettings(path: ValuePath, raw: RawRecord): DesiredRate {
    const rate: { -readonly [K in keyof DesiredRate]: DesiredRate[K] } = {};
    if (raw['tx_share'] !== undefined) {
      const v = this.rate([...path, 'tx_share'], raw['tx_share']);
      if (v !== undefined) rate.txShare = v;
    }
    if (raw['tx_max'] !== undefined) {
      const v = this.rate([...path, 'tx_max'], raw['tx_max']);
      if (v !== undefined) rate.txMax = v;
    }
    if (rate.txShare !== undefined && rate.txMax !== undefined && rate.txMax !== 0n && rate.txShare > rate.txMax) {
      this.fail([...path, 'tx_share'], `tx_share: ${show(raw['tx_share'])} is above tx_max ${show(raw['tx_max'])}`);
    }
    if (raw['tx_priority'] !== undefined) rate.txPriority = raw['tx_priority'] as number;
    if (raw['tx_weight'] !== undefined) rate.txWeight = raw['tx_weight'] as number;
    if (raw['parent'] !== undefined) rate.parent = raw['parent'] as string;
    return rate;
  }

  params(path: ValuePath, raw: unknown): DesiredParam[] {
    const list = (raw as RawRecord[] | undefined) ?? [];
    const seen = new Map<string, ConfigPosition>();
    return list.map((param, i) => {
      const origin = this.at([...path, i]);
      const key = `${String(param['name'])}/${String(param['cmode'])}`;
      const earlier = seen.get(key);
      if (earlier) {
        this.fail([...path, i, 'name'], `param ${String(param['name'])} (cmode ${String(param['cmode'])}) is declared twice: also at ${earlier.file}:${earlier.line}:${earlier.column}`);
      }
      seen.set(key, origin);
      return { name: param['name'] as string, value: param['value'] as string | number | boolean, cmode: param['cmode'] as ParamCmode, origin };
    });
  }
}

/**
 * SFs made from `sf_ranges` entries by the previous and the current validation, by file, path,
 * position and the entry's exact text. Why: a daemon re-validates its whole config on every change;
 * a range of 1,024 SFs that did not change then gives back the very same SF objects, instead of
 * 1,024 new ones that every cache downstream (plans, status, the reload's equality check) would
 * have to treat as new. Only a range that validated without an issue is kept, and the key holds
 * everything its SFs are made from (the text, hence quoting and layout; where it starts, hence every
 * position inside), so a hit gives exactly what validating it again would.
 */
let rangesBefore = new Map<string, readonly DesiredSf[]>();
let rangesNow = new Map<string, readonly DesiredSf[]>();

/** The key of a range entry's SFs, or undefined when its text is not known. */
function rangeKey(check: Checker, path: ValuePath): string | undefined {
  const { text } = check.source;
  const range = nodeAt(check.source, path)?.range;
  if (text === undefined || range === undefined || range === null) return undefined;
  return `${check.source.file}\u0000${path.join('/')}\u0000${range[0]}\u0000${text.slice(range[0], range[2])}`;
}

/** The SFs of one `sf_ranges` entry (made once while the entry's text and place stay the same). */
function rangeSfsOf(check: Checker, path: ValuePath, raw: RawRecord): readonly DesiredSf[] {
  const key = rangeKey(check, path);
  const known = key !== undefined ? rangesNow.get(key) ?? rangesBefore.get(key) : undefined;
  if (known !== undefined) {
    rangesNow.set(key!, known);
    return known;
  }
  const issues = check.issues.length;
  const sfs = sfsOf(check, path, raw, true);
  if (key !== undefined && check.issues.length === issues) rangesNow.set(key, sfs);
  return sfs;
}

/** The SFs of one `sfs` or `sf_ranges` entry. */
function sfsOf(check: Checker, path: ValuePath, raw: RawRecord, range: boolean): DesiredSf[] {
  const origin = check.at(path);
  const state = (raw['state'] as 'active' | 'inactive' | undefined) ?? 'active';
  const params = check.params([...path, 'params'], raw['params']);
  if (state === 'inactive' && (params.length > 0 || raw['netns'] !== undefined)) {
    check.fail([...path, 'state'], `state: inactive SFs have no devlink instance of their own: params and netns need state active`);
  }
  const base: Omit<DesiredSf, 'sfnum' | 'hwAddr'> = {
    controller: (raw['controller'] as number | undefined) ?? 0,
    pfnum: raw['pfnum'] as number,
    state,
    params,
    adopt: raw['adopt'] === true,
    origin,
    ...(raw['roce'] !== undefined ? { roce: raw['roce'] as boolean } : {}),
    ...(raw['migratable'] !== undefined ? { migratable: raw['migratable'] as boolean } : {}),
    ...(raw['ipsec_crypto'] !== undefined ? { ipsecCrypto: raw['ipsec_crypto'] as boolean } : {}),
    ...(raw['ipsec_packet'] !== undefined ? { ipsecPacket: raw['ipsec_packet'] as boolean } : {}),
    ...(raw['max_io_eqs'] !== undefined ? { maxIoEqs: raw['max_io_eqs'] as number } : {}),
    ...(raw['rate'] !== undefined ? { rate: check.rateSettings([...path, 'rate'], raw['rate'] as RawRecord) } : {}),
    ...(raw['netns'] !== undefined ? { netns: raw['netns'] as string } : {}),
  };
  if (!range) {
    const hwAddr = raw['hw_addr'] === undefined ? undefined : check.mac([...path, 'hw_addr'], raw['hw_addr'] as string);
    return [{ ...base, sfnum: raw['sfnum'] as number, ...(hwAddr ? { hwAddr } : {}) }];
  }
  const { from, count } = raw['sfnum'] as { from: number; count: number };
  if (from + count - 1 > 0xffff_ffff) {
    check.fail([...path, 'sfnum', 'count'], `sfnum: from ${from} count ${count} goes past the largest sfnum 4294967295`);
    return [];
  }
  let macBase: bigint | undefined;
  if (raw['hw_addr_base'] !== undefined) {
    const text = check.mac([...path, 'hw_addr_base'], raw['hw_addr_base'] as string);
    if (text === undefined) return [];
    macBase = BigInt(`0x${text.replace(/:/g, '')}`);
    const last = macBase + BigInt(count - 1);
    if (last > 0xffff_ffff_ffffn || last >> 40n !== macBase >> 40n) {
      check.fail([...path, 'hw_addr_base'], `hw_addr_base: "${text}" plus ${count - 1} carries into the first byte (${last > 0xffff_ffff_ffffn ? 'past ff:ff:ff:ff:ff:ff' : `${formatMac(last)} is a multicast address`}): choose a lower base`);
      return [];
    }
  }
  const sfs: DesiredSf[] = [];
  for (let i = 0; i < count; i++) {
    const hwAddr = macBase === undefined ? undefined : formatMac(macBase + BigInt(i));
    sfs.push({ ...base, sfnum: from + i, ...(hwAddr ? { hwAddr } : {}) });
  }
  return sfs;
}

function formatMac(value: bigint): string {
  return value.toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:');
}

/** One device entry of one file, before the merge. */
interface DeviceEntry {
  selector: DeviceSelector;
  key: string;
  check: Checker;
  path: ValuePath;
  raw: RawRecord;
}

function selectorOf(check: Checker, path: ValuePath, raw: RawRecord): DeviceSelector | undefined {
  const handle = raw['handle'] as string | undefined;
  const match = raw['match'] as { serial_number: string } | undefined;
  if (handle !== undefined && match !== undefined) {
    check.fail([...path, 'match'], `${describePath(path)}: give either handle or match, not both`, true);
    return undefined;
  }
  if (handle !== undefined) return { handle };
  if (match !== undefined) return { serialNumber: match.serial_number };
  check.fail(path, `${describePath(path)}: missing key "handle" (or "match: { serial_number: ... }")`);
  return undefined;
}

/** Merges one kind of scalar setting declared for the same device in several places. */
function mergeScalar<T>(entries: readonly DeviceEntry[], read: (entry: DeviceEntry) => T | undefined, path: (entry: DeviceEntry) => ValuePath, name: string): T | undefined {
  let value: T | undefined;
  let where: DeviceEntry | undefined;
  for (const entry of entries) {
    const v = read(entry);
    if (v === undefined) continue;
    if (where !== undefined && v !== value) {
      const p = where.check.at(path(where));
      entry.check.fail(path(entry), `${name}: ${show(v)} conflicts with ${show(value)} declared for the same device at ${p.file}:${p.line}:${p.column}`);
      continue;
    }
    value = v;
    where = entry;
  }
  return value;
}

function buildDevice(entries: readonly DeviceEntry[], defaultDisruption: boolean): DesiredDevice {
  const first = entries[0]!;
  const eswitch = {
    mode: mergeScalar(entries, (e) => (e.raw['eswitch'] as RawRecord | undefined)?.['mode'] as EswitchMode | undefined, (e) => [...e.path, 'eswitch', 'mode'], 'eswitch mode'),
    inlineMode: mergeScalar(entries, (e) => (e.raw['eswitch'] as RawRecord | undefined)?.['inline_mode'] as EswitchInlineMode | undefined, (e) => [...e.path, 'eswitch', 'inline_mode'], 'eswitch inline_mode'),
    encapMode: mergeScalar(entries, (e) => (e.raw['eswitch'] as RawRecord | undefined)?.['encap_mode'] as EswitchEncapMode | undefined, (e) => [...e.path, 'eswitch', 'encap_mode'], 'eswitch encap_mode'),
  };
  const prune = mergeScalar(entries, (e) => e.raw['prune'] as boolean | undefined, (e) => [...e.path, 'prune'], 'prune') ?? false;
  const allowDisruption = mergeScalar(entries, (e) => e.raw['allow_disruption'] as boolean | undefined, (e) => [...e.path, 'allow_disruption'], 'allow_disruption') ?? defaultDisruption;

  const params: DesiredParam[] = [];
  const health: DesiredHealth[] = [];
  const rateNodes: DesiredRateNode[] = [];
  const sfs: DesiredSf[] = [];
  const paramSeen = new Map<string, ConfigPosition>();
  const healthSeen = new Map<string, ConfigPosition>();
  const nodeSeen = new Map<string, ConfigPosition>();
  const sfSeen = new Map<string, ConfigPosition>();
  const twice = (what: string, earlier: ConfigPosition): string => `${what} is declared twice: also at ${earlier.file}:${earlier.line}:${earlier.column}`;

  for (const entry of entries) {
    const { check, path, raw } = entry;
    for (const param of check.params([...path, 'params'], raw['params'])) {
      const key = `${param.name}/${param.cmode}`;
      const earlier = paramSeen.get(key);
      if (earlier && earlier !== param.origin && earlier.file !== param.origin.file) {
        check.issues.push({ ...param.origin, message: twice(`param ${param.name} (cmode ${param.cmode})`, earlier) });
      }
      paramSeen.set(key, param.origin);
      params.push(param);
    }
    ((raw['health'] as RawRecord[] | undefined) ?? []).forEach((reporter, i) => {
      const origin = check.at([...path, 'health', i]);
      const name = reporter['reporter'] as string;
      const earlier = healthSeen.get(name);
      if (earlier) check.issues.push({ ...origin, message: twice(`health reporter ${name}`, earlier) });
      healthSeen.set(name, origin);
      health.push({
        reporter: name, origin,
        ...(reporter['grace_period'] !== undefined ? { gracePeriod: BigInt(reporter['grace_period'] as number) } : {}),
        ...(reporter['auto_recover'] !== undefined ? { autoRecover: reporter['auto_recover'] as boolean } : {}),
        ...(reporter['auto_dump'] !== undefined ? { autoDump: reporter['auto_dump'] as boolean } : {}),
      });
    });
    ((raw['rate_nodes'] as RawRecord[] | undefined) ?? []).forEach((node, i) => {
      const origin = check.at([...path, 'rate_nodes', i]);
      const name = node['name'] as string;
      const earlier = nodeSeen.get(name);
      if (earlier) check.issues.push({ ...check.at([...path, 'rate_nodes', i, 'name']), message: twice(`rate node ${name}`, earlier) });
      nodeSeen.set(name, origin);
      rateNodes.push({ name, origin, rate: check.rateSettings([...path, 'rate_nodes', i], node) });
    });
    for (const kind of ['sfs', 'sf_ranges'] as const) {
      ((raw[kind] as RawRecord[] | undefined) ?? []).forEach((item, i) => {
        for (const sf of kind === 'sf_ranges' ? rangeSfsOf(check, [...path, kind, i], item) : sfsOf(check, [...path, kind, i], item, false)) {
          const key = declaredSfKey(sf);
          const earlier = sfSeen.get(key);
          if (earlier) {
            check.issues.push({
              ...check.at([...path, kind, i, 'sfnum']),
              message: twice(`SF controller ${sf.controller} pfnum ${sf.pfnum} sfnum ${sf.sfnum}`, earlier),
            });
            continue;
          }
          sfSeen.set(key, sf.origin);
          sfs.push(sf);
        }
      });
    }
  }

  // Rate parents must be declared nodes of the same device, without cycles.
  const nodeNames = new Set(rateNodes.map((node) => node.name));
  for (const entry of entries) {
    const { check, path, raw } = entry;
    ((raw['rate_nodes'] as RawRecord[] | undefined) ?? []).forEach((node, i) => {
      const parent = node['parent'] as string | undefined;
      if (parent !== undefined && !nodeNames.has(parent)) {
        check.fail([...path, 'rate_nodes', i, 'parent'], `parent: "${parent}" is not a rate node declared for this device${suggestion(parent, [...nodeNames])}`);
      }
    });
    for (const kind of ['sfs', 'sf_ranges'] as const) {
      ((raw[kind] as RawRecord[] | undefined) ?? []).forEach((item, i) => {
        const parent = (item['rate'] as RawRecord | undefined)?.['parent'] as string | undefined;
        if (parent !== undefined && !nodeNames.has(parent)) {
          check.fail([...path, kind, i, 'rate', 'parent'], `parent: "${parent}" is not a rate node declared for this device${suggestion(parent, [...nodeNames])}`);
        }
      });
    }
  }
  const parents = new Map(rateNodes.map((node) => [node.name, node.rate.parent]));
  for (const node of rateNodes) {
    const seen = new Set<string>([node.name]);
    for (let parent = node.rate.parent; parent !== undefined; parent = parents.get(parent)) {
      if (seen.has(parent)) {
        first.check.issues.push({ ...node.origin, message: `rate node ${node.name}: its parents form a cycle (${[...seen, parent].join(' -> ')})` });
        break;
      }
      seen.add(parent);
    }
  }

  return {
    selector: first.selector,
    eswitch: Object.fromEntries(Object.entries(eswitch).filter(([, v]) => v !== undefined)) as DesiredDevice['eswitch'],
    params, health, rateNodes, sfs, prune, allowDisruption,
    origin: first.check.at(first.path),
  };
}

/**
 * Validates parsed sources (in the order given: a directory's files in lexical order) and merges
 * them into the desired state. The same device may be declared in several files: its lists are
 * joined and its settings must agree.
 * @throws ConfigError listing every problem, each at its file:line:column
 */
export function validateSources(sources: readonly ConfigSource[]): DesiredState {
  rangesBefore = rangesNow;
  rangesNow = new Map();
  const issues: ConfigIssue[] = [];
  const checkers: Checker[] = [];
  const entries = new Map<string, DeviceEntry[]>();
  let defaultDisruption: boolean | undefined;
  for (const source of sources) {
    const value = source.document.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) continue; // an empty file declares nothing
    const found = schemaIssues(source, value);
    if (found.length > 0) {
      issues.push(...found);
      continue;
    }
    const check = new Checker(source);
    checkers.push(check);
    const raw = value as RawRecord;
    if (raw['allow_disruption'] !== undefined) {
      if (defaultDisruption !== undefined && defaultDisruption !== raw['allow_disruption']) {
        check.fail(['allow_disruption'], `allow_disruption: ${show(raw['allow_disruption'])} conflicts with another file's top-level allow_disruption`);
      }
      defaultDisruption = raw['allow_disruption'] as boolean;
    }
    ((raw['devices'] as RawRecord[] | undefined) ?? []).forEach((device, i) => {
      const path = ['devices', i];
      const selector = selectorOf(check, path, device);
      if (!selector) return;
      const key = 'handle' in selector ? `handle ${selector.handle}` : `serial ${selector.serialNumber}`;
      const list = entries.get(key) ?? [];
      list.push({ selector, key, check, path, raw: device });
      entries.set(key, list);
    });
  }
  const devices = [...entries.values()].map((list) => buildDevice(list, defaultDisruption ?? false));
  for (const check of checkers) issues.push(...check.issues);
  if (issues.length > 0) throw new ConfigError(sortIssues(issues));
  return { devices };
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues
    .filter((issue) => {
      const key = `${issue.file}:${issue.line}:${issue.column}:${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/**
 * Reads, validates and merges the config at `path` (a file, or a directory of `*.yaml` files
 * read in lexical order).
 * @throws ConfigError when anything is wrong; nothing has been sent to the kernel
 */
export function loadDesiredState(path: string): DesiredState {
  const { sources, issues } = readConfigSources(path);
  if (issues.length > 0) throw new ConfigError(sortIssues(issues));
  return validateSources(sources);
}

/** Every key the config accepts (for docs and "did you mean"). */
export const CONFIG_KEYS: ReadonlySet<string> = schemaKeys();
