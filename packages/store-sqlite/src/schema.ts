import type { Database } from 'better-sqlite3';
import { SchemaTooNewError } from '@tandem/store';

/** One step of the schema: what it adds, and the change itself (run inside a transaction). */
interface Migration {
  description: string;
  up(db: Database): void;
}

/**
 * The schema's history, in order: migration N brings a file from `user_version` N-1 to N. Files
 * written before the schema was versioned have `user_version` 0 but may hold any of these tables,
 * so every step also accepts the tables it creates being there already (IF NOT EXISTS, and
 * `repairVersions` for a `versions` table older than its columns). Never edit a released step:
 * add a new one.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    description: 'documents and their update log',
    up: (db) =>
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
        CREATE INDEX IF NOT EXISTS docs_updated ON docs (updated_at DESC);`),
  },
  {
    description: 'versions and the trash',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS versions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          doc TEXT NOT NULL,
          kind TEXT NOT NULL,
          label TEXT,
          authors TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          state BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS trash (
          doc TEXT PRIMARY KEY,
          deleted_at INTEGER NOT NULL
        ) WITHOUT ROWID;`);
      repairVersions(db);
      db.exec('CREATE INDEX IF NOT EXISTS versions_doc ON versions (doc, id);');
    },
  },
  {
    // A WITHOUT ROWID table keeps each whole row in its key's b-tree, and SQLite reads a cell's
    // whole payload to compare keys when it spills to overflow pages: a perf profile of a 23 MB
    // upload showed appends reading large rows' overflow pages on their way to their place (S7's
    // 128 KiB upload: 3.7-3.9 MiB/s before, 6.8 after). As a rowid table the key is a small index.
    description: 'the update log as a rowid table (large updates kept out of its key)',
    up: (db) =>
      db.exec(`
        CREATE TABLE updates_by_rowid (
          doc TEXT NOT NULL,
          clock INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (doc, clock)
        );
        INSERT INTO updates_by_rowid (doc, clock, data) SELECT doc, clock, data FROM updates ORDER BY doc, clock;
        DROP TABLE updates;
        ALTER TABLE updates_by_rowid RENAME TO updates;`),
  },
];

/** The schema version this build writes: the number of migrations. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** Columns a `versions` table from before `kind`, `label` and `authors` lacks, with what old rows get. */
const ADDED_VERSION_COLUMNS: Record<string, string> = {
  kind: "kind TEXT NOT NULL DEFAULT 'auto'",
  label: 'label TEXT',
  authors: "authors TEXT NOT NULL DEFAULT '[]'",
};
const REQUIRED_VERSION_COLUMNS = ['id', 'doc', 'created_at', 'state'];

/**
 * Brings an early `versions` table up to the columns the store reads (old rows become automatic,
 * unlabelled versions without authors). A table missing a column no version of Tandem lacked is
 * not ours: refused, naming the column.
 */
function repairVersions(db: Database): void {
  const columns = new Set((db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('versions') as string[]));
  const missing = REQUIRED_VERSION_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) throw new Error(`table versions has no column ${missing.join(', ')}: this file was not written by Tandem`);
  for (const [name, definition] of Object.entries(ADDED_VERSION_COLUMNS)) {
    if (!columns.has(name)) db.exec(`ALTER TABLE versions ADD COLUMN ${definition}`);
  }
}

/** The schema version a connection's file records (`PRAGMA user_version`; 0 before versioning). */
export function schemaVersion(db: Database): number {
  return db.prepare('PRAGMA user_version').pluck().get() as number;
}

/**
 * Brings the file up to SQLITE_SCHEMA_VERSION, one transaction per step (a step that fails leaves
 * the file at the step before). Refuses a file from a newer Tandem with SchemaTooNewError.
 * Returns the version the file had and the one it has now.
 */
export function migrate(db: Database, name: string): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > SQLITE_SCHEMA_VERSION) throw new SchemaTooNewError(name, from, SQLITE_SCHEMA_VERSION);
  for (let v = from; v < SQLITE_SCHEMA_VERSION; v++) {
    db.transaction(() => {
      MIGRATIONS[v]!.up(db);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    }).immediate();
  }
  return { from, to: SQLITE_SCHEMA_VERSION };
}
