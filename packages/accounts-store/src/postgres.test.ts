import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testSchemas } from './testing/pg-schemas.js';
import { SchemaTooNewError } from '@tandem/store';
import { describeAccountStore } from './conformance.js';
import { createPostgresAccountStore } from './postgres.js';
import { ACCOUNT_SCHEMA_VERSION, postgresAccountsSchemaVersion } from './schema-status.js';

const url = process.env.DATABASE_URL;
const schemas = testSchemas(url);
const schemaOf = new WeakMap<object, string>();

(url ? describe : describe.skip)('PostgreSQL account store', () => {
  describeAccountStore('postgres', {
    async create() {
      const schema = schemas.next('tandem_acc_test_');
      const store = await createPostgresAccountStore({ connectionString: url!, schema });
      schemaOf.set(store, schema);
      return store;
    },
    async reopen(store) {
      const schema = schemaOf.get(store)!;
      await store.close();
      return createPostgresAccountStore({ connectionString: url!, schema });
    },
  });

  it('records its version and refuses tables from a newer Tandem', async () => {
    const schema = schemas.next('tandem_acc_test_');
    expect(await postgresAccountsSchemaVersion(url!, schema)).toBeNull();
    await (await createPostgresAccountStore({ connectionString: url!, schema })).close();
    expect(await postgresAccountsSchemaVersion(url!, schema)).toBe(ACCOUNT_SCHEMA_VERSION);
    const client = new pg.Client({ connectionString: url! });
    await client.connect();
    await client.query(`INSERT INTO "${schema}".tandem_accounts_migrations VALUES (${ACCOUNT_SCHEMA_VERSION + 1}, 0)`);
    await client.end();
    await expect(createPostgresAccountStore({ connectionString: url!, schema })).rejects.toThrow(SchemaTooNewError);
  });
});
