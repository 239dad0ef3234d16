import pg from 'pg';
import { ACCOUNT_MIGRATIONS } from './rows.js';

/** The schema version of the account tables this build writes (SQLite user_version, PostgreSQL tandem_accounts_migrations). */
export const ACCOUNT_SCHEMA_VERSION = ACCOUNT_MIGRATIONS.length;

/**
 * The schema version the account tables of a PostgreSQL database record, read without changing
 * anything; null when Tandem never migrated them. (For a SQLite file, its `user_version`.)
 */
export async function postgresAccountsSchemaVersion(connectionString: string, schema?: string): Promise<number | null> {
  const client = new pg.Client({ connectionString, ...(schema ? { options: `-c search_path="${schema}"` } : {}) });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string | null }>("SELECT to_regclass('tandem_accounts_migrations')::text AS t");
    if (!rows[0]?.t) return null;
    const found = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM tandem_accounts_migrations');
    return found.rows[0]?.v ?? 0;
  } finally {
    await client.end();
  }
}
