import type { PoolClient } from 'pg';
import { SchemaTooNewError } from '@tandem/store';

/**
 * Schema migrations, applied in order at start-up. Each runs once per schema, recorded in
 * `tandem_migrations`; an advisory lock keeps nodes that start together from racing.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tandem_docs (
     id TEXT PRIMARY KEY,
     clock BIGINT NOT NULL,
     size BIGINT NOT NULL,
     entries INTEGER NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE tandem_updates (
     doc TEXT NOT NULL,
     clock BIGINT NOT NULL,
     data BYTEA NOT NULL,
     PRIMARY KEY (doc, clock)
   );
   CREATE INDEX tandem_docs_updated ON tandem_docs (updated_at DESC, id);`,
  `CREATE TABLE tandem_versions (
     id BIGSERIAL PRIMARY KEY,
     doc TEXT NOT NULL,
     kind TEXT NOT NULL,
     label TEXT,
     authors JSONB NOT NULL,
     created_at BIGINT NOT NULL,
     state BYTEA NOT NULL
   );
   CREATE INDEX tandem_versions_doc ON tandem_versions (doc, id);
   CREATE TABLE tandem_trash (
     doc TEXT PRIMARY KEY,
     deleted_at BIGINT NOT NULL
   );`,
];

/** The schema version this build writes: the number of migrations. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** Arbitrary constant naming the advisory lock held while migrating. */
const MIGRATION_LOCK = 0x74616e64;

/**
 * Brings the tables in the client's current schema up to date, first creating `schema` when
 * given (its name must already be checked); returns the version reached.
 */
export async function migrate(client: PoolClient, schema?: string): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query('CREATE TABLE IF NOT EXISTS tandem_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM tandem_migrations');
    let version = rows[0]?.v ?? 0;
    if (version > MIGRATIONS.length) throw new SchemaTooNewError(`PostgreSQL tables tandem_*${schema ? ` in schema ${schema}` : ''}`, version, MIGRATIONS.length);
    for (; version < MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version]!);
      await client.query('INSERT INTO tandem_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, Date.now()]);
    }
    await client.query('COMMIT');
    return version;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
