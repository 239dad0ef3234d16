import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migratePostgres } from './pg-migrate.js';

/**
 * The little SQL a small store needs (webhooks, the audit log), with `?` placeholders, over
 * either database: the same statements run on SQLite and PostgreSQL.
 */
export interface SqlPort {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** Resolves with the number of rows changed. */
  run(sql: string, params: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** A SQLite file (or `:memory:`) brought up to `migrations` (its user_version counts them), as a SqlPort. */
export function sqlitePort(path: string, migrations: readonly string[]): SqlPort {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return {
    all: async <T>(sql: string, params: unknown[]) => db.prepare(sql).all(...params) as T[],
    run: async (sql, params) => db.prepare(sql).run(...params).changes,
    close: async () => void db.close(),
  };
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** What a PostgreSQL SqlPort needs: where, and the migrations (recorded in `table`, under the advisory `lock`). */
export interface PostgresPortOptions {
  connectionString: string;
  schema?: string;
  lock: number;
  table: string;
  migrations: readonly string[];
}

/** Tables beside the documents' in the shared PostgreSQL database, migrated, as a SqlPort. */
export async function postgresPort(options: PostgresPortOptions): Promise<SqlPort> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new RangeError('schema must be 1-63 letters, digits or underscores');
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2, ...(schema ? { options: `-c search_path="${schema}"` } : {}) });
  pool.on('error', () => {}); // an idle connection died; the next query reconnects
  const client = await pool.connect();
  try {
    await migratePostgres(client, { lock: options.lock, table: options.table, migrations: options.migrations, ...(schema ? { schema } : {}) });
  } catch (err) {
    client.release();
    await pool.end();
    throw err;
  }
  client.release();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    all: async <T>(sql: string, params: unknown[]) => (await pool.query(numbered(sql), params)).rows as T[],
    run: async (sql, params) => (await pool.query(numbered(sql), params)).rowCount ?? 0,
    close: () => pool.end(),
  };
}
