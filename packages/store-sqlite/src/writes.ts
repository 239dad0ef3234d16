// Loaded by the writer thread too: erasable TypeScript only, relative imports with `.ts`.
import Database from 'better-sqlite3';
import type { AppendItem } from './batch-wire.ts';

type Db = Database.Database;

/**
 * Opens a connection to the store's file with the settings every connection of it uses: WAL, the
 * chosen disk sync, and a busy timeout so connections that write the same file (another process,
 * a second store on it) wait for each other's short write transactions instead of failing.
 */
export function openDatabase(path: string, synchronous: 'full' | 'normal' | undefined): Db {
  const db = new Database(path);
  // exec, not db.pragma(): pragma() prepares a statement and drops it, and a better-sqlite3
  // statement collected by the GC outside a JS context aborts Node 24 (RemoveEnvironmentCleanupHook)
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}; PRAGMA busy_timeout = 5000;`);
  return db;
}

/**
 * Every write of the store (appends, compaction, deleting a document, versions and the trash),
 * each one transaction.
 * Used by the writer thread, and inline for `:memory:` databases (which threads cannot share).
 */
export function prepareWrites(db: Db) {
  const q = {
    clock: db.prepare('SELECT clock FROM docs WHERE id = ?').pluck(),
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
    insertVersion: db.prepare('INSERT INTO versions (doc, kind, label, authors, created_at, state) VALUES (?, ?, ?, ?, ?, ?)'),
    trash: db.prepare('INSERT INTO trash (doc, deleted_at) VALUES (?, ?) ON CONFLICT (doc) DO NOTHING'),
    deleteVersions: db.prepare('DELETE FROM versions WHERE doc = ?'),
    deleteTrash: db.prepare('DELETE FROM trash WHERE doc = ?'),
    deleteUpdates: db.prepare('DELETE FROM updates WHERE doc = ?'),
    deleteDoc: db.prepare('DELETE FROM docs WHERE id = ?'),
  };

  /**
   * Appends each item's updates in order; returns the clock of each item's last update. Each
   * document's row is read and bumped once per batch, however many items it has.
   */
  const commit = (batch: readonly AppendItem[], t: number): number[] => {
    const heads = new Map<string, { clock: number; bytes: number; entries: number }>();
    const clocks = batch.map((item) => {
      let head = heads.get(item.docId);
      if (!head) {
        q.insertDoc.run(item.docId, t, t);
        head = { clock: q.clock.get(item.docId) as number, bytes: 0, entries: 0 };
        heads.set(item.docId, head);
      }
      for (const u of item.updates) {
        q.insertUpdate.run(item.docId, ++head.clock, u);
        head.bytes += u.length;
      }
      head.entries += item.updates.length;
      return head.clock;
    });
    for (const [docId, head] of heads) q.bumpDoc.run(head.clock, head.bytes, head.entries, t, docId);
    return clocks;
  };

  /** Replaces the entries up to `through` with `snapshot` (nothing when the document is gone). */
  const compact = (docId: string, snapshot: Uint8Array, through: number): void => {
    if (q.clock.get(docId) === undefined) return;
    q.dropThrough.run(docId, through);
    q.insertUpdate.run(docId, through, snapshot);
    q.recount.run({ doc: docId });
  };

  /** Deletes the document with its versions and trash entry; true when it existed. */
  const remove = (docId: string): boolean => {
    q.deleteVersions.run(docId);
    q.deleteTrash.run(docId);
    q.deleteUpdates.run(docId);
    return q.deleteDoc.run(docId).changes > 0;
  };

  /** Stores a version; returns its id. */
  const saveVersion = (docId: string, kind: string, label: string | null, authors: string, createdAt: number, state: Uint8Array): number =>
    Number(q.insertVersion.run(docId, kind, label, authors, createdAt, state).lastInsertRowid);

  /** Moves a document to the trash; true when it was not there yet. */
  const trash = (docId: string, deletedAt: number): boolean => q.trash.run(docId, deletedAt).changes > 0;

  /** Takes a document out of the trash; true when it was there. */
  const untrash = (docId: string): boolean => q.deleteTrash.run(docId).changes > 0;

  // IMMEDIATE: take the write lock when the transaction begins, so a busy database is waited for
  // (busy_timeout) rather than failing when a read would have to turn into a write.
  return {
    commit: db.transaction(commit).immediate,
    compact: db.transaction(compact).immediate,
    remove: db.transaction(remove).immediate,
    saveVersion,
    trash,
    untrash,
  };
}
