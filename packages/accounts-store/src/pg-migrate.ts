import type pg from 'pg';

/**
 * Brings a set of tables up to date in one transaction under an advisory lock (nodes starting
 * together migrate once): `table` records the applied versions, `migrations` are applied in order.
 */
export async function migratePostgres(client: pg.PoolClient, options: { lock: number; table: string; migrations: readonly string[]; schema?: string }): Promise<void> {
  const { lock, table, migrations, schema } = options;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [lock]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
    const { rows } = await client.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${table}`);
    for (let v = rows[0]?.v ?? 0; v < migrations.length; v++) {
      await client.query(migrations[v]!);
      await client.query(`INSERT INTO ${table} (version, applied_at) VALUES ($1, $2)`, [v + 1, Date.now()]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
