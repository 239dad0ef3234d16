import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertDocId, createAppendQueue, type DocInfo, type DocStore, type LifecycleStore, type StoredDoc } from '@tandem/store';
import { sqliteLifecycle } from './lifecycle.js';
import { migrate } from './schema.js';
import type Database from 'better-sqlite3';
import { createWalSync, type WalSync } from './wal-sync.ts';
import { createInlineWriter, createThreadWriter, SqliteWriteError } from './writer.js';
import { openDatabase } from './writes.ts';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Database file; its folder is created when missing. `:memory:` for a throwaway database. */
  path: string;
  /**
   * `full` (default) syncs the WAL to disk on every commit: nothing is lost even on power loss.
   * `normal` survives a process crash but may lose the last commits on power loss.
   */
  synchronous?: 'full' | 'normal';
  /**
   * `thread` (default) commits on a connection in a worker thread, so the event loop never waits
   * for a disk sync; `inline` commits on the caller's connection and thread, and (with `full`)
   * syncs the WAL off the event loop: the loop waits only for SQLite's write to the WAL, and goes
   * on reading, applying and relaying while the disk syncs. `:memory:` is always inline (threads
   * cannot share it).
   */
  writer?: 'thread' | 'inline';
  /** Clock for createdAt/updatedAt (injected by tests). */
  now?: () => number;
}

/**
 * Switches `db` to `synchronous = NORMAL` (commits write the WAL without syncing it) and returns
 * the WalSync its writes then wait on, so that each is as durable as with FULL when it resolves.
 */
function syncWalOffLoop(db: Database.Database, path: string): WalSync {
  db.exec('PRAGMA synchronous = NORMAL');
  return createWalSync(`${path}-wal`, (err) => new SqliteWriteError(`SQLite WAL sync failed: ${err.message}`, (err as NodeJS.ErrnoException).code));
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
 * committed together in one transaction (group commit), so many edits cost one disk sync; the
 * commits run on a connection in a worker thread, so the event loop never waits for the disk
 * (unless `writer` is `inline`, and always inline for a `:memory:` database, which threads cannot
 * share). So do versions and the trash; reads use a connection on the calling thread, which sees
 * every commit that resolved.
 */
export function createSqliteStore(options: SqliteStoreOptions): DocStore & LifecycleStore {
  const inMemory = options.path === ':memory:';
  if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
  const db = openDatabase(options.path, options.synchronous);
  try {
    migrate(db, options.path);
  } catch (err) {
    db.close();
    throw err;
  }
  const now = options.now ?? Date.now;
  const inline = inMemory || options.writer === 'inline';
  // Inline and durable: the WAL is synced off the event loop (see WalSync).
  const wal = inline && !inMemory && options.synchronous !== 'normal' ? syncWalOffLoop(db, options.path) : undefined;
  const writer = inline ? createInlineWriter(db, wal) : createThreadWriter(options.path, options.synchronous);

  const q = {
    ping: db.prepare('SELECT 1'),
    doc: db.prepare<[string], DocRow>('SELECT * FROM docs WHERE id = ?'),
    list: db.prepare<[], DocRow>('SELECT * FROM docs ORDER BY updated_at DESC, id'),
    // one statement, so the clock and the entries come from the same snapshot of the file
    load: db.prepare<[string], { head: number; data: Buffer | null }>(
      'SELECT d.clock AS head, u.data FROM docs d LEFT JOIN updates u ON u.doc = d.id WHERE d.id = ? ORDER BY u.clock',
    ),
  };

  const queue = createAppendQueue((batch) => writer.commit(batch, now()));
  let closed = false;

  const open = () => {
    if (closed) throw new Error('store is closed');
  };

  return {
    ...sqliteLifecycle(db, writer, now),
    async load(docId): Promise<StoredDoc | null> {
      assertDocId(docId);
      open();
      await queue.settled(docId);
      const rows = q.load.all(docId);
      if (rows.length === 0) return null;
      const updates = rows.flatMap((r) => (r.data ? [new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.length)] : []));
      return { updates, clock: rows[0]!.head };
    },
    append: (docId, updates) => queue.append(docId, updates),
    async compact(docId, snapshot, through) {
      assertDocId(docId);
      open();
      await queue.settled(docId);
      await writer.compact(docId, snapshot, through);
    },
    async info(docId) {
      assertDocId(docId);
      open();
      await queue.settled(docId);
      const row = q.doc.get(docId);
      return row ? toInfo(row) : null;
    },
    async list() {
      open();
      await queue.settled();
      return q.list.all().map(toInfo);
    },
    async delete(docId) {
      assertDocId(docId);
      open();
      await queue.settled(docId);
      return writer.remove(docId);
    },
    async ping() {
      open();
      q.ping.get();
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await queue.close();
        await writer.close();
      } finally {
        db.close();
      }
    },
  };
}
