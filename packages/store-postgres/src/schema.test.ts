import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '@tandem/store';
import { createPostgresStore } from './postgres-store.js';
import { POSTGRES_SCHEMA_VERSION } from './schema.js';
import { postgresSchemaVersion } from './schema-status.js';

const url = process.env.DATABASE_URL;
const schemas: string[] = [];
const newSchema = () => {
  const schema = `tandem_schema_test_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return schema;
};
const sql = async (schema: string, text: string) => {
  const client = new pg.Client({ connectionString: url!, options: `-c search_path="${schema}"` });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
};

afterAll(async () => {
  if (!url || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});

(url ? describe : describe.skip)('PostgreSQL schema versions', () => {
  it('records the current version on a new schema', async () => {
    const schema = newSchema();
    expect(await postgresSchemaVersion(url!, schema)).toBeNull();
    await (await createPostgresStore({ connectionString: url!, schema })).close();
    expect(await postgresSchemaVersion(url!, schema)).toBe(POSTGRES_SCHEMA_VERSION);
  });

  it('brings a schema 1 database (documents only) up to date, keeping its documents', async () => {
    const schema = newSchema();
    const store = await createPostgresStore({ connectionString: url!, schema });
    await store.append('doc-a', [new Uint8Array([1, 2])]);
    await store.close();
    // what a schema 1 database was: no versions, no trash, version 1 recorded
    await sql(schema, 'DROP TABLE tandem_versions; DROP TABLE tandem_trash; DELETE FROM tandem_migrations WHERE version > 1');
    expect(await postgresSchemaVersion(url!, schema)).toBe(1);
    const again = await createPostgresStore({ connectionString: url!, schema });
    try {
      expect((await again.load('doc-a'))?.updates).toEqual([new Uint8Array([1, 2])]);
      await again.saveVersion('doc-a', { kind: 'named', label: 'x', state: new Uint8Array([3]) });
      expect(await again.listVersions('doc-a')).toHaveLength(1);
    } finally {
      await again.close();
    }
    expect(await postgresSchemaVersion(url!, schema)).toBe(POSTGRES_SCHEMA_VERSION);
  });

  it('refuses a database from a newer Tandem and changes nothing', async () => {
    const schema = newSchema();
    await (await createPostgresStore({ connectionString: url!, schema })).close();
    await sql(schema, `INSERT INTO tandem_migrations VALUES (${POSTGRES_SCHEMA_VERSION + 1}, 0)`);
    const err = await createPostgresStore({ connectionString: url!, schema }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect((err as Error).message).toContain(`in schema ${schema} has schema version ${POSTGRES_SCHEMA_VERSION + 1}`);
    expect(await postgresSchemaVersion(url!, schema)).toBe(POSTGRES_SCHEMA_VERSION + 1);
  });
});
