import Database from 'better-sqlite3';
import pg from 'pg';
import type { TableSpec } from './tables.js';

/**
 * Row-level access to one database's Tandem tables, the same on SQLite and PostgreSQL: what a
 * backup reads (a page at a time, in key order, inside one read transaction, so the archive is
 * one consistent moment of the database while the server goes on writing) and what a restore
 * writes.
 */
export interface TableDb {
  readonly backend: 'sqlite' | 'postgres';
  /** Whether the table exists here (an open-mode server has no account tables). */
  has(spec: TableSpec): Promise<boolean>;
  /** Starts the transaction every later call runs in: a read-only snapshot, or the restore's writes. */
  begin(mode: 'snapshot' | 'write'): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Up to `limit` rows whose key comes after `after` (from the first when null), in key order. */
  page(spec: TableSpec, after: unknown[] | null, limit: number): Promise<Record<string, unknown>[]>;
  count(spec: TableSpec): Promise<number>;
  insert(spec: TableSpec, rows: readonly unknown[][]): Promise<void>;
  /** After a restore: sequences follow the restored ids (PostgreSQL; SQLite's AUTOINCREMENT does by itself). */
  settle(spec: TableSpec): Promise<void>;
  close(): Promise<void>;
}

const quote = (id: string) => `"${id}"`;
const keyOf = (spec: TableSpec) => spec.key.map(quote).join(', ');

/** SQL of one page, with `mark(i)` writing the i-th placeholder (`?` or `$i`). */
function pageSql(table: string, spec: TableSpec, after: unknown[] | null, limit: number, mark: (i: number) => string): string {
  const cols = Object.keys(spec.columns).map(quote).join(', ');
  const where = after ? ` WHERE (${keyOf(spec)}) > (${spec.key.map((_, i) => mark(i + 1)).join(', ')})` : '';
  return `SELECT ${cols} FROM ${quote(table)}${where} ORDER BY ${keyOf(spec)} LIMIT ${Math.floor(limit)}`;
}

/** A SQLite file's tables (a `tandem.db` or `accounts.db`), on its own connection. */
export function sqliteTableDb(path: string, options: { readonly?: boolean } = {}): TableDb {
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: true });
  db.exec('PRAGMA busy_timeout = 5000');
  return {
    backend: 'sqlite',
    async has(spec) {
      return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(spec.sqlite) !== undefined;
    },
    async begin(mode) {
      db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
    },
    async commit() {
      db.exec('COMMIT');
    },
    async rollback() {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
    async page(spec, after, limit) {
      return db.prepare(pageSql(spec.sqlite, spec, after, limit, () => '?')).all(...(after ?? [])) as Record<string, unknown>[];
    },
    async count(spec) {
      return db.prepare(`SELECT COUNT(*) FROM ${quote(spec.sqlite)}`).pluck().get() as number;
    },
    async insert(spec, rows) {
      const cols = Object.keys(spec.columns);
      const stmt = db.prepare(`INSERT INTO ${quote(spec.sqlite)} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      for (const row of rows) stmt.run(...row);
    },
    async settle() {},
    async close() {
      db.close();
    },
  };
}

/** The Tandem tables of a PostgreSQL database (in `schema`, or the default search_path), on one connection. */
export async function postgresTableDb(connectionString: string, schema?: string): Promise<TableDb> {
  const client = new pg.Client({ connectionString, ...(schema ? { options: `-c search_path="${schema}"` } : {}) });
  await client.connect();
  client.on('error', () => {}); // a dropped connection fails the next query instead
  return {
    backend: 'postgres',
    async has(spec) {
      const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [spec.postgres]);
      return rows[0]?.t != null;
    },
    async begin(mode) {
      await client.query(mode === 'write' ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    },
    async commit() {
      await client.query('COMMIT');
    },
    async rollback() {
      await client.query('ROLLBACK').catch(() => {});
    },
    async page(spec, after, limit) {
      return (await client.query(pageSql(spec.postgres, spec, after, limit, (i) => `$${i}`), after ?? [])).rows as Record<string, unknown>[];
    },
    async count(spec) {
      const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${quote(spec.postgres)}`);
      return Number(rows[0]!.n);
    },
    async insert(spec, rows) {
      const cols = Object.keys(spec.columns);
      const sql = `INSERT INTO ${quote(spec.postgres)} (${cols.map(quote).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`;
      for (const row of rows) await client.query(sql, row as unknown[]);
    },
    async settle(spec) {
      if (!spec.serial) return;
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT MAX(${quote(spec.serial)}) FROM ${quote(spec.postgres)}), 1), (SELECT COUNT(*) > 0 FROM ${quote(spec.postgres)}))`,
        [spec.postgres, spec.serial],
      );
    },
    async close() {
      await client.end();
    },
  };
}
