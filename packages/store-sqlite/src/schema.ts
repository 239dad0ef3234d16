import type { Database } from 'better-sqlite3';

/** Creates the tables when missing. `docs` keeps counters so listing never scans the log. */
export function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS docs (
      id TEXT PRIMARY KEY,
      clock INTEGER NOT NULL,
      size INTEGER NOT NULL,
      entries INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS updates (
      doc TEXT NOT NULL,
      clock INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (doc, clock)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS docs_updated ON docs (updated_at DESC);
    CREATE TABLE IF NOT EXISTS versions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      doc TEXT NOT NULL,
      kind TEXT NOT NULL,
      label TEXT,
      authors TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      state BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS versions_doc ON versions (doc, id);
    CREATE TABLE IF NOT EXISTS trash (
      doc TEXT PRIMARY KEY,
      deleted_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `);
}
