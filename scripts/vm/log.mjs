// Progress lines of the VM scripts go to stderr, so a command's own output on stdout stays clean.

/** Prints one progress line prefixed with "vm:" on stderr (silenced by DEVLINK_TS_VM_QUIET=1). */
export function log(message) {
  if (process.env.DEVLINK_TS_VM_QUIET === '1') return;
  process.stderr.write(`vm: ${message}\n`);
}
