import { defineConfig } from 'vite';

/** Builds the test app against the packages' sources (the `source` export condition). */
export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  build: { target: 'es2022', emptyOutDir: true },
});
