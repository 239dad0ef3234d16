/** @tandem/store-sqlite: the embedded, durable default DocStore (better-sqlite3 in WAL mode). */
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
