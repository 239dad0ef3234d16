import type pg from 'pg';
import { assertDocId, type LifecycleStore, type Version, type VersionKind, type VersionMeta } from '@tandem/store';

interface VersionRow {
  id: string;
  doc: string;
  kind: VersionKind;
  label: string | null;
  authors: string[];
  created_at: string;
  size: number;
  state?: Buffer;
}

const toMeta = (r: VersionRow): VersionMeta => ({
  id: r.id,
  docId: r.doc,
  kind: r.kind,
  label: r.label,
  authors: r.authors,
  createdAt: Number(r.created_at),
  size: Number(r.size),
});

const META_COLUMNS = 'id, doc, kind, label, authors, created_at, octet_length(state) AS size';

/** Versions and the trash in PostgreSQL, shared by every node like the update log. */
export function postgresLifecycle(pool: pg.Pool, now: () => number): LifecycleStore {
  return {
    async saveVersion(docId, v) {
      assertDocId(docId);
      const { rows } = await pool.query<VersionRow>(
        `INSERT INTO tandem_versions (doc, kind, label, authors, created_at, state) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING ${META_COLUMNS}`,
        [docId, v.kind, v.label ?? null, JSON.stringify(v.authors ?? []), v.createdAt ?? now(), Buffer.from(v.state)],
      );
      return toMeta(rows[0]!);
    },
    async listVersions(docId) {
      assertDocId(docId);
      const { rows } = await pool.query<VersionRow>(`SELECT ${META_COLUMNS} FROM tandem_versions WHERE doc = $1 ORDER BY id DESC`, [docId]);
      return rows.map(toMeta);
    },
    async getVersion(docId, versionId): Promise<Version | null> {
      assertDocId(docId);
      if (!/^\d{1,15}$/.test(versionId)) return null;
      const { rows } = await pool.query<VersionRow>(`SELECT ${META_COLUMNS}, state FROM tandem_versions WHERE doc = $1 AND id = $2`, [
        docId,
        versionId,
      ]);
      const row = rows[0];
      if (!row?.state) return null;
      return { ...toMeta(row), state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.length) };
    },
    async trash(docId, deletedAt = now()) {
      assertDocId(docId);
      const res = await pool.query('INSERT INTO tandem_trash (doc, deleted_at) VALUES ($1, $2) ON CONFLICT (doc) DO NOTHING', [docId, deletedAt]);
      return (res.rowCount ?? 0) > 0;
    },
    async untrash(docId) {
      assertDocId(docId);
      return ((await pool.query('DELETE FROM tandem_trash WHERE doc = $1', [docId])).rowCount ?? 0) > 0;
    },
    async trashedAt(docId) {
      assertDocId(docId);
      const { rows } = await pool.query<{ deleted_at: string }>('SELECT deleted_at FROM tandem_trash WHERE doc = $1', [docId]);
      return rows[0] ? Number(rows[0].deleted_at) : null;
    },
    async listTrash() {
      const { rows } = await pool.query<{ doc: string; deleted_at: string }>('SELECT doc, deleted_at FROM tandem_trash ORDER BY deleted_at DESC');
      return rows.map((r) => ({ id: r.doc, deletedAt: Number(r.deleted_at) }));
    },
  };
}
