import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from './schema.js';
import { openDatabase } from './writes.ts';

/**
 * The schema version a store file records, read without changing it; null when there is no file.
 * For `tandem migrate --status`.
 */
export function sqliteSchemaVersion(path: string): number | null {
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}

/**
 * Brings a store file (created, with its folder, when missing) to this build's schema without starting a store:
 * `tandem migrate`. The server does the same when it opens the store. Throws SchemaTooNewError
 * for a file from a newer Tandem.
 */
export function migrateSqliteFile(path: string): { from: number; to: number } {
  mkdirSync(dirname(path), { recursive: true });
  const db = openDatabase(path, 'full');
  try {
    return migrate(db, path);
  } finally {
    db.close();
  }
}
