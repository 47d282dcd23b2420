import { defineConfig } from 'vitest/config';

// Unit tests run on the host: codec tables, the fake kernel at the byte boundary, CLI goldens,
// fuzzing, and the addon against the host's real (devlink-less) kernel.
// The VM suite has its own config (test/vm/vitest.config.ts) and runs inside the VM.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
