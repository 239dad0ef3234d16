import type { Database } from 'better-sqlite3';
import { assertDocId, type LifecycleStore, type Version, type VersionKind, type VersionMeta } from '@tandem/store';
import type { SqliteWriter } from './writer.js';

interface VersionRow {
  id: number;
  doc: string;
  kind: VersionKind;
  label: string | null;
  authors: string;
  created_at: number;
  size: number;
  state?: Buffer;
}

const toMeta = (r: VersionRow): VersionMeta => ({
  id: String(r.id),
  docId: r.doc,
  kind: r.kind,
  label: r.label,
  authors: JSON.parse(r.authors) as string[],
  createdAt: r.created_at,
  size: r.size,
});

/**
 * Versions and the trash, kept in the same SQLite file as the update log: written by the store's
 * writer (so the event loop never waits for a disk sync), read on `db` once the writes made
 * before the read are done.
 */
export function sqliteLifecycle(db: Database, writer: SqliteWriter, now: () => number): LifecycleStore {
  const q = {
    list: db.prepare<[string], VersionRow>(
      'SELECT id, doc, kind, label, authors, created_at, LENGTH(state) AS size FROM versions WHERE doc = ? ORDER BY id DESC',
    ),
    get: db.prepare<[string, number], VersionRow>(
      'SELECT id, doc, kind, label, authors, created_at, LENGTH(state) AS size, state FROM versions WHERE doc = ? AND id = ?',
    ),
    trashedAt: db.prepare<[string], { deleted_at: number }>('SELECT deleted_at FROM trash WHERE doc = ?'),
    listTrash: db.prepare<[], { doc: string; deleted_at: number }>('SELECT doc, deleted_at FROM trash ORDER BY deleted_at DESC'),
  };
  return {
    async saveVersion(docId, v) {
      assertDocId(docId);
      const createdAt = v.createdAt ?? now();
      const authors = [...(v.authors ?? [])];
      const id = await writer.saveVersion(docId, v.kind, v.label ?? null, JSON.stringify(authors), createdAt, v.state);
      return {
        id: String(id),
        docId,
        kind: v.kind,
        label: v.label ?? null,
        authors,
        createdAt,
        size: v.state.length,
      };
    },
    async listVersions(docId) {
      assertDocId(docId);
      await writer.settled();
      return q.list.all(docId).map(toMeta);
    },
    async getVersion(docId, versionId): Promise<Version | null> {
      assertDocId(docId);
      if (!/^\d{1,15}$/.test(versionId)) return null;
      await writer.settled();
      const row = q.get.get(docId, Number(versionId));
      if (!row?.state) return null;
      return { ...toMeta(row), state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.length) };
    },
    async trash(docId, deletedAt = now()) {
      assertDocId(docId);
      return writer.trash(docId, deletedAt);
    },
    async untrash(docId) {
      assertDocId(docId);
      return writer.untrash(docId);
    },
    async trashedAt(docId) {
      assertDocId(docId);
      await writer.settled();
      return q.trashedAt.get(docId)?.deleted_at ?? null;
    },
    async listTrash() {
      await writer.settled();
      return q.listTrash.all().map((r) => ({ id: r.doc, deletedAt: r.deleted_at }));
    },
  };
}
