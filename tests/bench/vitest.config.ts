import { defineConfig } from 'vitest/config';

/** Benchmarks of the tests package: measurements, run on demand (never part of `pnpm test`). */
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.measure.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
