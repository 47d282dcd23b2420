/**
 * The lines of a kernel log (dmesg or console) that report a kernel problem — WARN, BUG, Oops,
 * panic, UBSAN/KASAN, lockdep, hung task — each with a few lines of context. Empty when clean.
 * Shared by the VM runner and the integration suite so both judge a log the same way.
 */
export declare function kernelProblems(text: string): string[];
