/** @tandem/store-sqlite: the embedded, durable default DocStore (better-sqlite3 in WAL mode). */
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { SQLITE_SCHEMA_VERSION } from './schema.js';
export { migrateSqliteFile, sqliteSchemaVersion } from './schema-file.js';
