import pg from 'pg';
import { assertDocId } from '@tandem/store';
import { FileExistsError, type BlobStore, type FileRecord, type NewFile } from './types.js';
import { assertFileId, byAge, isValidHash, newRecord } from './validate.js';

/** Options of the PostgreSQL blob store. */
export interface PostgresBlobStoreOptions {
  /** A libpq connection URL: `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /** Schema of the tables, created when missing (default: the server's search_path). */
  schema?: string;
  /** Most connections the pool opens (default 4). */
  maxConnections?: number;
  /** Bytes per stored chunk (default 1 MiB); smaller in tests to exercise chunking. */
  chunkBytes?: number;
  /** Clock for createdAt (injected by tests). */
  now?: () => number;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Arbitrary constant naming the advisory lock held while creating the tables. */
const MIGRATION_LOCK = 0x74626c62;

const TABLES = `
  CREATE TABLE IF NOT EXISTS tandem_blobs (
    hash TEXT PRIMARY KEY,
    size BIGINT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS tandem_blob_chunks (
    hash TEXT NOT NULL REFERENCES tandem_blobs (hash) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (hash, n)
  );
  CREATE TABLE IF NOT EXISTS tandem_files (
    doc TEXT NOT NULL,
    id TEXT NOT NULL,
    hash TEXT NOT NULL REFERENCES tandem_blobs (hash),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (doc, id)
  );
  CREATE INDEX IF NOT EXISTS tandem_files_hash ON tandem_files (hash);`;

interface FileRow {
  doc: string;
  id: string;
  hash: string;
  name: string;
  type: string;
  size: string;
  created_at: string;
}

const toRecord = (r: FileRow): FileRecord => ({
  id: r.id,
  docId: r.doc,
  hash: r.hash,
  name: r.name,
  type: r.type,
  size: Number(r.size),
  createdAt: Number(r.created_at),
});

/**
 * A BlobStore in PostgreSQL, shared by every node of a cluster (so each node serves every file).
 * Bytes live once per content in `tandem_blob_chunks` (bytea rows of `chunkBytes`), records in
 * `tandem_files`; a put is one transaction, and a delete removes the bytes in the same
 * transaction as the last record that used them (the blob row is locked, so a concurrent put of
 * the same bytes waits and then stores them again).
 */
export async function createPostgresBlobStore(options: PostgresBlobStoreOptions): Promise<BlobStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new RangeError('schema must be 1-63 letters, digits or underscores, not starting with a digit');
  }
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const now = options.now ?? Date.now;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 4,
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  pool.on('error', () => {}); // an idle connection died; the next query reconnects

  const transaction = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };

  try {
    await transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(TABLES);
    });
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }

  const get = async (docId: string, fileId: string) => {
    assertDocId(docId);
    assertFileId(fileId);
    const { rows } = await pool.query<FileRow>('SELECT * FROM tandem_files WHERE doc = $1 AND id = $2', [docId, fileId]);
    return rows[0] ? toRecord(rows[0]) : null;
  };

  /** Deletes records (and the bytes nobody else uses) inside one transaction. */
  const remove = async (client: pg.PoolClient, rows: { hash: string }[]) => {
    for (const hash of new Set(rows.map((r) => r.hash))) {
      await client.query('SELECT 1 FROM tandem_blobs WHERE hash = $1 FOR UPDATE', [hash]);
      await client.query('DELETE FROM tandem_blobs WHERE hash = $1 AND NOT EXISTS (SELECT 1 FROM tandem_files WHERE hash = $1)', [hash]);
    }
  };

  return {
    async put(docId: string, file: NewFile) {
      const { bytes, record } = newRecord(docId, file, now());
      const f = { ...record, bytes };
      const { hash } = record;
      await transaction(async (client) => {
        const { rows } = await client.query<{ inserted: boolean }>(
          `INSERT INTO tandem_blobs (hash, size) VALUES ($1, $2)
           ON CONFLICT (hash) DO UPDATE SET size = EXCLUDED.size RETURNING (xmax = 0) AS inserted`,
          [hash, f.bytes.length],
        );
        if (rows[0]?.inserted) {
          for (let n = 0, at = 0; at < f.bytes.length || n === 0; n++, at += chunkBytes) {
            await client.query('INSERT INTO tandem_blob_chunks (hash, n, data) VALUES ($1, $2, $3)', [
              hash,
              n,
              Buffer.from(f.bytes.buffer, f.bytes.byteOffset + at, Math.min(chunkBytes, f.bytes.length - at)),
            ]);
          }
        }
        const inserted = await client.query(
          `INSERT INTO tandem_files (doc, id, hash, name, type, size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (doc, id) DO NOTHING RETURNING id`,
          [docId, f.id, hash, f.name, f.type, f.bytes.length, f.createdAt],
        );
        if (inserted.rowCount === 0) throw new FileExistsError(docId, f.id);
      });
      return record;
    },
    get,
    async read(docId, fileId) {
      const record = await get(docId, fileId);
      if (!record) return null;
      const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM tandem_blob_chunks WHERE hash = $1 ORDER BY n', [record.hash]);
      if (rows.length === 0) return null;
      const bytes = Buffer.concat(rows.map((r) => r.data));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    },
    async list(docId) {
      assertDocId(docId);
      const { rows } = await pool.query<FileRow>('SELECT * FROM tandem_files WHERE doc = $1 ORDER BY created_at, id', [docId]);
      return rows.map(toRecord);
    },
    async docs() {
      const { rows } = await pool.query<{ doc: string }>('SELECT DISTINCT doc FROM tandem_files ORDER BY doc');
      return rows.map((r) => r.doc);
    },
    async delete(docId, fileId) {
      assertDocId(docId);
      assertFileId(fileId);
      return transaction(async (client) => {
        const { rows } = await client.query<{ hash: string }>('DELETE FROM tandem_files WHERE doc = $1 AND id = $2 RETURNING hash', [docId, fileId]);
        await remove(client, rows);
        return rows.length > 0;
      });
    },
    async deleteDoc(docId) {
      assertDocId(docId);
      return transaction(async (client) => {
        const { rows } = await client.query<{ hash: string }>('DELETE FROM tandem_files WHERE doc = $1 RETURNING hash', [docId]);
        await remove(client, rows);
        return rows.length;
      });
    },
    async hasBlob(hash) {
      if (!isValidHash(hash)) return false;
      const { rows } = await pool.query('SELECT 1 FROM tandem_blobs WHERE hash = $1', [hash]);
      return rows.length > 0;
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}
