#!/usr/bin/env node
/**
 * `tandem-backup` (what `pnpm backup` runs): the same as `tandem backup`, see cli/backup-command.ts.
 *   tandem-backup export --server URL --dir DIR [--doc ID ...]
 *   tandem-backup import --server URL --dir DIR [--doc ID ...]
 */
import { runBackupCli } from './cli/backup-command.js';

runBackupCli(process.argv.slice(2), process.env).then((code) => process.exit(code));
