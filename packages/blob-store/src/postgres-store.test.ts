import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBlobStore } from './conformance.js';
import { createPostgresBlobStore } from './postgres-store.js';
import type { BlobStore } from './types.js';

const url = process.env.DATABASE_URL;
const runs = url ? describe : describe.skip;
/** Every store of this run lives in its own schema, dropped afterwards. */
const schemas: string[] = [];
const newSchema = () => {
  const schema = `tandem_blob_test_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return schema;
};

afterAll(async () => {
  if (!url || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});

runs('PostgreSQL blob store', () => {
  const schemaOf = new Map<BlobStore, string>();
  describeBlobStore('postgres', {
    async create() {
      const schema = newSchema();
      // Small chunks, so the large-file case spans many rows.
      const store = await createPostgresBlobStore({ connectionString: url!, schema, chunkBytes: 256 * 1024 });
      schemaOf.set(store, schema);
      return store;
    },
    async reopen(store) {
      const schema = schemaOf.get(store)!;
      await store.close();
      const again = await createPostgresBlobStore({ connectionString: url!, schema });
      schemaOf.set(again, schema);
      return again;
    },
  });

  it('lets a second node read what the first stored', async () => {
    const schema = newSchema();
    const [a, b] = await Promise.all([
      createPostgresBlobStore({ connectionString: url!, schema }),
      createPostgresBlobStore({ connectionString: url!, schema }),
    ]);
    try {
      const record = await a.put('shared', { name: 'n', type: 'image/png', bytes: new Uint8Array([5, 6]) });
      expect(Array.from((await b.read('shared', record.id))!)).toEqual([5, 6]);
      expect(await b.delete('shared', record.id)).toBe(true);
      expect(await a.get('shared', record.id)).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
