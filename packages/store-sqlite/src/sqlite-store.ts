import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { assertDocId, type DocInfo, type DocStore, type LifecycleStore, type PendingAppend, type StoredDoc } from '@tandem/store';
import { sqliteLifecycle } from './lifecycle.js';
import { migrate } from './schema.js';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Database file; its folder is created when missing. `:memory:` for a throwaway database. */
  path: string;
  /**
   * `full` (default) syncs the WAL to disk on every commit: nothing is lost even on power loss.
   * `normal` survives a process crash but may lose the last commits on power loss.
   */
  synchronous?: 'full' | 'normal';
  /** Clock for createdAt/updatedAt (injected by tests). */
  now?: () => number;
}

interface DocRow {
  id: string;
  clock: number;
  size: number;
  entries: number;
  created_at: number;
  updated_at: number;
}

const toInfo = (r: DocRow): DocInfo => ({
  id: r.id,
  size: r.size,
  entries: r.entries,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The embedded default DocStore: one SQLite file in WAL mode. Appends made in the same tick are
 * committed together in one transaction (group commit), so many edits cost one disk sync.
 */
export function createSqliteStore(options: SqliteStoreOptions): DocStore & LifecycleStore {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const now = options.now ?? Date.now;

  const q = {
    doc: db.prepare<[string], DocRow>('SELECT * FROM docs WHERE id = ?'),
    list: db.prepare<[], DocRow>('SELECT * FROM docs ORDER BY updated_at DESC, id'),
    entries: db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE doc = ? ORDER BY clock'),
    insertDoc: db.prepare(
      'INSERT INTO docs (id, clock, size, entries, created_at, updated_at) VALUES (?, 0, 0, 0, ?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    insertUpdate: db.prepare('INSERT INTO updates (doc, clock, data) VALUES (?, ?, ?)'),
    bumpDoc: db.prepare('UPDATE docs SET clock = ?, size = size + ?, entries = entries + ?, updated_at = ? WHERE id = ?'),
    dropThrough: db.prepare('DELETE FROM updates WHERE doc = ? AND clock <= ?'),
    recount: db.prepare(
      `UPDATE docs SET size = (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM updates WHERE doc = @doc),
       entries = (SELECT COUNT(*) FROM updates WHERE doc = @doc) WHERE id = @doc`,
    ),
    deleteDoc: db.prepare('DELETE FROM docs WHERE id = ?'),
    deleteUpdates: db.prepare('DELETE FROM updates WHERE doc = ?'),
  };

  let queue: PendingAppend[] = [];
  let flushScheduled = false;
  let closed = false;

  const commitBatch = db.transaction((batch: PendingAppend[]): number[] => {
    const t = now();
    const clocks: number[] = [];
    for (const item of batch) {
      q.insertDoc.run(item.docId, t, t);
      let clock = q.doc.get(item.docId)!.clock;
      let bytes = 0;
      for (const u of item.updates) {
        q.insertUpdate.run(item.docId, ++clock, u);
        bytes += u.length;
      }
      q.bumpDoc.run(clock, bytes, item.updates.length, t, item.docId);
      clocks.push(clock);
    }
    return clocks;
  });

  const flush = () => {
    flushScheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    try {
      const clocks = commitBatch(batch);
      batch.forEach((item, i) => item.resolve(clocks[i]!));
    } catch (err) {
      for (const item of batch) item.reject(err);
    }
  };

  const compactTx = db.transaction((docId: string, snapshot: Uint8Array, through: number) => {
    if (!q.doc.get(docId)) return;
    q.dropThrough.run(docId, through);
    q.insertUpdate.run(docId, through, snapshot);
    q.recount.run({ doc: docId });
  });

  const lifecycle = sqliteLifecycle(db, now);
  const { forget, ...lifecycleMethods } = lifecycle;

  const deleteTx = db.transaction((docId: string): boolean => {
    forget(docId);
    q.deleteUpdates.run(docId);
    return q.deleteDoc.run(docId).changes > 0;
  });

  const open = () => {
    if (closed) throw new Error('store is closed');
  };

  return {
    ...lifecycleMethods,
    async load(docId): Promise<StoredDoc | null> {
      assertDocId(docId);
      open();
      flush();
      const row = q.doc.get(docId);
      if (!row) return null;
      const updates = q.entries.all(docId).map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.length));
      return { updates, clock: row.clock };
    },
    append(docId, updates) {
      try {
        assertDocId(docId);
        open();
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise<number>((resolve, reject) => {
        queue.push({ docId, updates, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },
    async compact(docId, snapshot, through) {
      assertDocId(docId);
      open();
      flush();
      compactTx(docId, snapshot, through);
    },
    async info(docId) {
      assertDocId(docId);
      open();
      flush();
      const row = q.doc.get(docId);
      return row ? toInfo(row) : null;
    },
    async list() {
      open();
      flush();
      return q.list.all().map(toInfo);
    },
    async delete(docId) {
      assertDocId(docId);
      open();
      flush();
      return deleteTx(docId);
    },
    async ping() {
      open();
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (closed) return;
      flush();
      closed = true;
      db.close();
    },
  };
}
