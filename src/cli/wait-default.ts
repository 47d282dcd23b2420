/** Default `--wait` timeout in milliseconds when `--wait` is given without a value. */
export const DEFAULT_WAIT_MS = 30_000;
