import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** What `tandem backup snapshot` wrote. */
export interface SnapshotResult {
  databases: string[];
  files: boolean;
}

/**
 * Copies a running server's SQLite data folder into `outDir` (new or empty): each database with
 * `VACUUM INTO` (one consistent moment of it, taken while the server keeps writing; WAL readers
 * never block the writer), then `files/` when the files live there. The copy is a data folder a
 * server can start on as it is. Files are copied records first, then references, then bytes (the
 * order the store writes them in reverse), so every copied record has its bytes.
 */
export async function snapshotDataDir(dataDir: string, outDir: string, withFiles: boolean): Promise<SnapshotResult> {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty: a snapshot goes into a new folder`);
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const databases: string[] = [];
  for (const name of ['tandem.db', 'accounts.db', 'webhooks.db', 'audit.db']) {
    const from = join(dataDir, name);
    if (!existsSync(from)) continue;
    const db = new Database(from, { fileMustExist: true });
    try {
      db.exec('PRAGMA busy_timeout = 5000');
      db.prepare('VACUUM INTO ?').run(join(outDir, name));
    } finally {
      db.close();
    }
    databases.push(name);
  }
  if (databases.length === 0) throw new Error(`${dataDir} holds no Tandem database (tandem.db): nothing to snapshot`);
  const files = withFiles && existsSync(join(dataDir, 'files'));
  if (files) {
    for (const part of ['docs', 'refs', 'blobs']) {
      const from = join(dataDir, 'files', part);
      if (existsSync(from)) await cp(from, join(outDir, 'files', part), { recursive: true, preserveTimestamps: true });
    }
  }
  return { databases, files };
}
