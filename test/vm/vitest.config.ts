import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files run alphabetically, except that the suite-wide kernel-log check runs last, so it sees
 * everything the other files made the kernel do.
 */
class KernelLogLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const last = (s: TestSpecification) => (s.moduleId.endsWith('kernel-log.test.ts') ? 1 : 0);
    return [...files].sort((a, b) => last(a) - last(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

// The integration suite runs INSIDE the VM (`npm run test:vm` boots it), against the real
// devlink core and netdevsim. One fork, files one after another: the kernel state is shared.
export default defineConfig({
  test: {
    include: ['test/vm/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    // one module graph for all files (no per-file re-import of vitest and the library: under TCG
    // that costs seconds per file); tests share no module state that matters (no mocks)
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ['test/vm/support/kernel-log-guard.ts'],
    sequence: { sequencer: KernelLogLastSequencer },
    reporters: ['verbose'],
  },
});
