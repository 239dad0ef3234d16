import pg from 'pg';
import {
  assertDocId,
  createAppendQueue,
  type DocInfo,
  type DocStore,
  type LifecycleStore,
  type PendingAppend,
  type StoredDoc,
} from '@tandem/store';
import { postgresLifecycle } from './lifecycle.js';
import { migrate } from './schema.js';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** A libpq connection URL: `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /**
   * Schema holding Tandem's tables, created when missing (default: the server's search_path,
   * normally `public`). Lets several deployments or test runs share one database.
   */
  schema?: string;
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
  /** Clock for createdAt/updatedAt (injected by tests). */
  now?: () => number;
}

interface DocRow {
  id: string;
  clock: string;
  size: string;
  entries: number;
  created_at: string;
  updated_at: string;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const toInfo = (r: DocRow): DocInfo => ({
  id: r.id,
  size: Number(r.size),
  entries: r.entries,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

/**
 * A DocStore on PostgreSQL that several server nodes share. Appends made in the same tick are
 * committed together in one transaction (group commit). Each document's clock is a gap-free
 * sequence (every stored update takes the next number), so a node that sees clock 7 after 5 knows
 * it missed 6. It also keeps versions and a trash (LifecycleStore). Tables are created or migrated
 * when the store opens.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<DocStore & LifecycleStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new RangeError('schema must be 1-63 letters, digits or underscores, not starting with a digit');
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  pool.on('error', () => {}); // an idle connection died (server restart); the next query reconnects
  const now = options.now ?? Date.now;

  try {
    const client = await pool.connect();
    try {
      await migrate(client, schema);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }

  /**
   * Commits `batch` in one transaction and returns each item's last clock; documents are locked in
   * id order so nodes never deadlock.
   */
  const commitBatch = async (batch: readonly PendingAppend[]): Promise<number[]> => {
    const byDoc = new Map<string, PendingAppend[]>();
    for (const item of batch) byDoc.set(item.docId, [...(byDoc.get(item.docId) ?? []), item]);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const t = now();
      const clocks = new Map<PendingAppend, number>();
      for (const docId of [...byDoc.keys()].sort()) {
        const items = byDoc.get(docId)!;
        const updates = items.flatMap((i) => i.updates);
        const bytes = updates.reduce((n, u) => n + u.length, 0);
        const { rows } = await client.query<{ clock: string }>(
          `INSERT INTO tandem_docs AS d (id, clock, size, entries, created_at, updated_at)
           VALUES ($1, $2::bigint, $3, $2::integer, $4, $4)
           ON CONFLICT (id) DO UPDATE SET clock = d.clock + EXCLUDED.clock, size = d.size + EXCLUDED.size,
             entries = d.entries + EXCLUDED.entries, updated_at = EXCLUDED.updated_at
           RETURNING clock`,
          [docId, updates.length, bytes, t],
        );
        const last = Number(rows[0]!.clock);
        let clock = last - updates.length;
        const numbers = updates.map(() => ++clock);
        await client.query(
          'INSERT INTO tandem_updates (doc, clock, data) SELECT $1, c, d FROM unnest($2::bigint[], $3::bytea[]) AS u(c, d)',
          [docId, numbers, updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.length))],
        );
        let end = last - updates.length;
        for (const item of items) clocks.set(item, (end += item.updates.length));
      }
      await client.query('COMMIT');
      return batch.map((item) => clocks.get(item)!);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };

  const queue = createAppendQueue(commitBatch);
  let closed = false;

  const open = () => {
    if (closed) throw new Error('store is closed');
  };

  const inTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };

  return {
    ...postgresLifecycle(pool, now),
    async load(docId): Promise<StoredDoc | null> {
      assertDocId(docId);
      open();
      const { rows } = await pool.query<{ head: string; data: Buffer | null }>(
        `SELECT d.clock AS head, u.data FROM tandem_docs d LEFT JOIN tandem_updates u ON u.doc = d.id
         WHERE d.id = $1 ORDER BY u.clock`,
        [docId],
      );
      if (rows.length === 0) return null;
      const updates = rows.flatMap((r) => (r.data ? [toBytes(r.data)] : []));
      return { updates, clock: Number(rows[0]!.head) };
    },
    append: (docId, updates) => queue.append(docId, updates),
    async compact(docId, snapshot, through) {
      assertDocId(docId);
      open();
      await inTransaction(async (client) => {
        const locked = await client.query('SELECT 1 FROM tandem_docs WHERE id = $1 FOR UPDATE', [docId]);
        if (locked.rowCount === 0) return;
        await client.query('DELETE FROM tandem_updates WHERE doc = $1 AND clock <= $2', [docId, through]);
        await client.query('INSERT INTO tandem_updates (doc, clock, data) VALUES ($1, $2, $3)', [
          docId,
          through,
          Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.length),
        ]);
        await client.query(
          `UPDATE tandem_docs SET
             size = (SELECT COALESCE(SUM(octet_length(data)), 0) FROM tandem_updates WHERE doc = $1),
             entries = (SELECT COUNT(*) FROM tandem_updates WHERE doc = $1)
           WHERE id = $1`,
          [docId],
        );
      });
    },
    async info(docId) {
      assertDocId(docId);
      open();
      const { rows } = await pool.query<DocRow>('SELECT * FROM tandem_docs WHERE id = $1', [docId]);
      return rows[0] ? toInfo(rows[0]) : null;
    },
    async list() {
      open();
      const { rows } = await pool.query<DocRow>('SELECT * FROM tandem_docs ORDER BY updated_at DESC, id');
      return rows.map(toInfo);
    },
    async clocks(docIds) {
      docIds.forEach(assertDocId);
      open();
      const { rows } = await pool.query<{ id: string; clock: string }>(
        'SELECT id, clock FROM tandem_docs WHERE id = ANY($1::text[])',
        [docIds],
      );
      const found = new Map(rows.map((r) => [r.id, Number(r.clock)]));
      return new Map(docIds.map((id) => [id, found.get(id) ?? 0]));
    },
    async delete(docId) {
      assertDocId(docId);
      open();
      return inTransaction(async (client) => {
        await client.query('DELETE FROM tandem_versions WHERE doc = $1', [docId]);
        await client.query('DELETE FROM tandem_trash WHERE doc = $1', [docId]);
        await client.query('DELETE FROM tandem_updates WHERE doc = $1', [docId]);
        return ((await client.query('DELETE FROM tandem_docs WHERE id = $1', [docId])).rowCount ?? 0) > 0;
      });
    },
    async ping() {
      open();
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      await queue.close();
      closed = true;
      await pool.end();
    },
  };
}
