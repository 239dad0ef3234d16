import pg from 'pg';

/**
 * The schema version the document tables of a PostgreSQL database (in `schema`, or the default
 * search_path) record, read without changing anything; null when Tandem never migrated it.
 * For `tandem migrate --status`.
 */
export async function postgresSchemaVersion(connectionString: string, schema?: string): Promise<number | null> {
  const client = new pg.Client({ connectionString, ...(schema ? { options: `-c search_path="${schema}"` } : {}) });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string | null }>("SELECT to_regclass('tandem_migrations')::text AS t");
    if (!rows[0]?.t) return null;
    const found = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM tandem_migrations');
    return found.rows[0]?.v ?? 0;
  } finally {
    await client.end();
  }
}
