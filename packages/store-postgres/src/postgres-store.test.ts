import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeDocStore } from '@tandem/store/conformance';
import { describeLifecycleStore } from '@tandem/store/lifecycle-conformance';
import type { DocStore } from '@tandem/store';
import { createPostgresStore } from './postgres-store.js';

const url = process.env.DATABASE_URL;
const runs = url ? describe : describe.skip;
/** Every store of this run lives in its own schema, dropped afterwards. */
const schemas: string[] = [];
const newSchema = () => {
  const schema = `tandem_test_${randomBytes(6).toString('hex')}`;
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

runs('PostgreSQL store', () => {
  const schemaOf = new Map<DocStore, string>();
  describeDocStore('postgres', {
    async create() {
      const schema = newSchema();
      const store = await createPostgresStore({ connectionString: url!, schema });
      schemaOf.set(store, schema);
      return store;
    },
    async reopen(store) {
      const schema = schemaOf.get(store)!;
      await store.close();
      const again = await createPostgresStore({ connectionString: url!, schema });
      schemaOf.set(again, schema);
      return again;
    },
  });

  describeLifecycleStore('postgres', {
    create: () => createPostgresStore({ connectionString: url!, schema: newSchema() }),
  });

  it('gives two stores on one schema (two nodes) one gap-free clock per document', async () => {
    const schema = newSchema();
    const [a, b] = await Promise.all([
      createPostgresStore({ connectionString: url!, schema }),
      createPostgresStore({ connectionString: url!, schema }),
    ]);
    try {
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 40; i++) doc.getText('t').insert(i, String(i % 10));
      const clocks = await Promise.all(updates.map((u, i) => (i % 2 ? a : b).append('shared', [u])));
      expect([...clocks].sort((x, y) => x - y)).toEqual(updates.map((_, i) => i + 1));
      const loaded = (await b.load('shared'))!;
      expect(loaded.clock).toBe(40);
      const again = new Y.Doc();
      for (const u of loaded.updates) Y.applyUpdate(again, u);
      expect(again.getText('t').toString()).toBe(doc.getText('t').toString());
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('commits the appends of one tick in one transaction', async () => {
    const schema = newSchema();
    const store = await createPostgresStore({ connectionString: url!, schema });
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    try {
      const xact = async () =>
        Number((await probe.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")).rows[0].xact_commit);
      await store.append('warm', [new Uint8Array([0, 0])]);
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 30; i++) doc.getText('t').insert(0, 'x');
      await probe.query('SELECT pg_stat_clear_snapshot()');
      const before = await xact();
      await Promise.all(updates.map((u, i) => store.append(`doc-${i % 3}`, [u])));
      await probe.query('SELECT pg_stat_clear_snapshot()');
      // one commit for the batch; the rest of the count is other sessions sharing the database
      expect((await xact()) - before).toBeLessThan(15);
    } finally {
      await probe.end();
      await store.close();
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(createPostgresStore({ connectionString: url!, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(RangeError);
  });
});
