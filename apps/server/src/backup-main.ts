#!/usr/bin/env node
/**
 * `pnpm backup ...` (and `tandem backup` once the CLI dispatches to it): see cli/backup-command.ts.
 *   archive FILE | restore FILE | snapshot DIR | export|import --server URL --dir DIR [--doc ID ...]
 */
import { runBackup } from './cli/backup-command.js';

runBackup(process.argv.slice(2), process.env).then((code) => process.exit(code));
