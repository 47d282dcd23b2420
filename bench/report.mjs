/**
 * The results table: medians with quartiles, the ratio of medians (ours / theirs), and the median
 * of the per-round ratios (each round ran both sides back to back, so this one is the least
 * disturbed by load that comes and goes on the host).
 */
import { summarize } from './measure.mjs';

function ms(value) {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function cell(s) {
  return `${ms(s.median)} [${ms(s.p25)}-${ms(s.p75)}]`;
}

function pad(text, width) {
  return text.padEnd(width);
}

/** One row: label, our samples, their samples (both ms), names of each side. */
export function row(label, ours, theirs, oursName, theirsName) {
  const a = summarize(ours);
  const b = summarize(theirs);
  const ratio = a.median / b.median;
  const paired = summarize(ours.map((value, i) => value / theirs[i]));
  const faster = ratio <= 1 ? `${oursName} ${(1 / ratio).toFixed(2)}x faster` : `${theirsName} ${ratio.toFixed(2)}x faster`;
  return { label, ours: `${oursName}: ${cell(a)}`, theirs: `${theirsName}: ${cell(b)}`, ratio: ratio.toFixed(3), paired: `${paired.median.toFixed(3)} [${paired.p25.toFixed(2)}-${paired.p75.toFixed(2)}]`, faster, n: a.n };
}

/** Prints rows as an aligned table. */
export function printTable(rows) {
  const cols = ['label', 'ours', 'theirs', 'ratio', 'paired', 'faster'];
  const head = { label: 'benchmark', ours: 'ours: median [p25-p75] ms', theirs: 'theirs: median [p25-p75] ms', ratio: 'ours/theirs', paired: 'per-round ratio [p25-p75]', faster: 'faster' };
  const widths = Object.fromEntries(cols.map((c) => [c, Math.max(head[c].length, ...rows.map((r) => String(r[c]).length))]));
  const line = (r) => cols.map((c) => pad(String(r[c]), widths[c])).join(' | ');
  console.log(line(head));
  console.log(cols.map((c) => '-'.repeat(widths[c])).join('-|-'));
  for (const r of rows) console.log(line(r));
}
