// Recognises kernel log lines that mean something went wrong in the kernel (a WARN_ON, a BUG,
// an Oops, a lockdep or memory-safety report). Shared by the VM runner (console + dmesg) and the
// integration suite's final kernel-log test.

const PROBLEM = [
  /\bWARNING: CPU: \d+ PID: \d+/,
  /\bWARNING: .* at .*\+0x/,
  /\bBUG: /,
  /\bkernel BUG at /,
  /\bOops: /,
  /\bgeneral protection fault\b/,
  /\bKernel panic\b/,
  /\bUBSAN: /,
  /\bKASAN: /,
  /\bpossible circular locking dependency\b/,
  /\bINFO: task .* blocked for more than/,
  /\brefcount_t: /,
  /\blist_(add|del) corruption\b/,
  /\bunreferenced object\b/,
];

/**
 * The lines of a kernel log that report a kernel problem, each with a few lines of context after
 * it (the report's first lines name the function). Empty when the log is clean.
 * @param {string} text
 * @returns {string[]}
 */
export function kernelProblems(text) {
  const lines = text.replace(/\r/g, '').split('\n');
  /** @type {string[]} */
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (PROBLEM.some((re) => re.test(line))) found.push(lines.slice(i, i + 6).join('\n'));
  }
  return found;
}
