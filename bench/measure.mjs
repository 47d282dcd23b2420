/**
 * Interleaved timing: every round runs each method once, starting from a different method each
 * round (A B, B A, ... or A B C, B C A, ...), so machine drift and order effects hit every method
 * alike. Warm-up rounds run the same code and are thrown away.
 */

/** Runs `methods` (name -> async () => elapsed ms) for warmup + reps rounds; returns ms samples per name. */
export async function interleave(methods, { warmup, reps, onRound }) {
  const names = Object.keys(methods);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + reps; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const ms = await methods[name]();
      if (round >= warmup) samples[name].push(ms);
    }
    onRound?.(round - warmup + 1, warmup + reps - warmup);
  }
  return samples;
}

/** Times one async call in milliseconds (its result is passed to `check`, outside the timing). */
export async function timed(call, check) {
  const t0 = performance.now();
  const result = await call();
  const ms = performance.now() - t0;
  if (check) await check(result);
  return ms;
}

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, quartiles and extremes of a sample list. */
export function summarize(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), min: s[0], max: s[s.length - 1] };
}
