import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { describeAccountStore } from './conformance.js';
import { createPostgresAccountStore } from './postgres.js';

const url = process.env.DATABASE_URL;
const schemas: string[] = [];
const schemaOf = new WeakMap<object, string>();

afterAll(async () => {
  if (!url || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});

(url ? describe : describe.skip)('PostgreSQL account store', () => {
  describeAccountStore('postgres', {
    async create() {
      const schema = `tandem_acc_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
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
});
