import type { FmsgItem } from '../../../devlink/fmsg.js';
import type { Printer } from '../../print/printer.js';

const BYTES_PER_LINE = 16;

/**
 * Prints a health message stream (diagnose, dump) as iproute2 prints it while walking it:
 * objects and arrays open a new indented line group in text (`name:` first when named) and a
 * JSON object/array; pairs only carry names; values print after their name (`name: value`), binary
 * values as hex rows of 16 bytes (text) or byte numbers (JSON).
 *
 * Returns false where iproute2 stops with an error: a nest end with no nest open (netdevsim's dummy
 * reporter in 6.12 sends two extra) or a value of a type it does not know. What was printed up to
 * there stays printed, as with iproute2.
 */
export function printFmsg(p: Printer, items: readonly FmsgItem[]): boolean {
  // iproute2 starts as if a line had just ended: no newline before the first group.
  p.markLineEnded();
  const open: ('object' | 'pair' | 'array')[] = [];
  let name: string | undefined;
  for (const item of items) {
    switch (item.kind) {
      case 'start':
        open.push(item.nest);
        if (item.nest !== 'pair') {
          groupStart(p, item.nest, name);
          name = undefined;
        }
        break;
      case 'end': {
        const nest = open.pop();
        if (nest === undefined) return false;
        if (nest !== 'pair') groupEnd(p, nest);
        break;
      }
      case 'name':
        name = item.name;
        break;
      case 'value':
        if (!printValue(p, name, item)) return false;
        name = undefined;
        break;
    }
  }
  return true;
}

function groupStart(p: Printer, nest: 'object' | 'array', name: string | undefined): void {
  if (p.json) {
    if (nest === 'object') p.openObject(name ?? null);
    else p.openArray(name ?? null);
    return;
  }
  p.newline();
  if (name !== undefined) printName(p, name);
  p.newline();
  p.indentIncrease();
}

function groupEnd(p: Printer, nest: 'object' | 'array'): void {
  if (p.json) {
    if (nest === 'object') p.closeObject();
    else p.closeArray();
    return;
  }
  p.newline();
  p.indentDecrease();
}

function printName(p: Printer, name: string): void {
  p.separator();
  p.out(`${name}:`);
}

function printValue(p: Printer, name: string | undefined, item: Extract<FmsgItem, { kind: 'value' }>): boolean {
  const known = [1, 2, 3, 4, 6, 10, 11].includes(item.type);
  if (!p.json && name !== undefined) printName(p, name);
  const key = p.json ? (name ?? null) : null;
  if (!known) {
    // iproute2 prints the name, then gives up on the stream.
    return false;
  }
  p.beginItem();
  const value = item.value;
  if (value instanceof Uint8Array) {
    printBinary(p, key, value);
    return true;
  }
  if (typeof value === 'boolean') p.bool(key, value, '%s');
  else if (typeof value === 'string') p.string(key, value, '%s');
  else p.uint(key, value, '%s');
  return true;
}

function printBinary(p: Printer, key: string | null, data: Uint8Array): void {
  if (p.json) {
    data.forEach((byte, index) => p.uint(index === 0 ? key : null, byte, '%s', 'json'));
    return;
  }
  let count = 0;
  for (const byte of data) {
    p.out(`${byte.toString(16).padStart(2, '0')} `);
    count += 1;
    if (count % BYTES_PER_LINE === 0) p.newline();
  }
  if (count % BYTES_PER_LINE !== 0) p.newline();
}
