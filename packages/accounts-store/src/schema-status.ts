import pg from 'pg';
import { ACCOUNT_MIGRATIONS } from './rows.js';

/** The schema version of the account tables this build writes (SQLite user_version, PostgreSQL tandem_accounts_migrations). */
export const ACCOUNT_SCHEMA_VERSION = ACCOUNT_MIGRATIONS.length;

/**
 * The schema version a migrations table (`tandem_accounts_migrations`, `tandem_audit_migrations`,
 * `tandem_webhooks_migrations`)
 * of a PostgreSQL database records, read without changing anything; null when there is none.
 */
async function postgresMigrationsVersion(connectionString: string, table: string, schema?: string): Promise<number | null> {
  const client = new pg.Client({ connectionString, ...(schema ? { options: `-c search_path="${schema}"` } : {}) });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    if (!rows[0]?.t) return null;
    const found = await client.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${table}`);
    return found.rows[0]?.v ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * The schema version the account tables of a PostgreSQL database record, read without changing
 * anything; null when Tandem never migrated them. (For a SQLite file, its `user_version`.)
 */
export const postgresAccountsSchemaVersion = (connectionString: string, schema?: string): Promise<number | null> =>
  postgresMigrationsVersion(connectionString, 'tandem_accounts_migrations', schema);

/** The same for the audit table (`tandem_audit`); null when this database has none. */
export const postgresAuditSchemaVersion = (connectionString: string, schema?: string): Promise<number | null> =>
  postgresMigrationsVersion(connectionString, 'tandem_audit_migrations', schema);

/** The same for the webhook tables (`tandem_webhook_*`); null when this database has none. */
export const postgresWebhooksSchemaVersion = (connectionString: string, schema?: string): Promise<number | null> =>
  postgresMigrationsVersion(connectionString, 'tandem_webhooks_migrations', schema);
