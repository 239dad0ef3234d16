#!/usr/bin/env node
/** `pnpm migrate [--status]` (and `tandem migrate` once the CLI dispatches to it): see cli/migrate.ts. */
import { runMigrate } from './cli/migrate.js';

runMigrate(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`tandem migrate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
