/**
 * The backup archive (`tandem backup archive`): a gzip-compressed tar, readable with standard
 * tools (`tar -tzf`), with these entries in this order:
 *
 *   manifest.json                 ArchiveManifest: format, version, source backend, schemas
 *   tables/<table>/<nnnnnn>.jsonl rows of one table, one JSON object per line, in key order
 *                                 (bytes as base64), at most ROWS_PER_CHUNK rows or about
 *                                 CHUNK_BYTES per entry
 *   files/<docId>/<fileId>.json   an attached file's record (name, type, size, hash, createdAt)
 *   files/<docId>/<fileId>        its bytes, right after its record
 *   summary.json                  ArchiveSummary: how many of each, written last, so a restore
 *                                 knows it read the whole archive
 *
 * Tables and columns are the same on SQLite and PostgreSQL (backup/tables.ts), so an archive of
 * one restores into the other.
 */
export const ARCHIVE_FORMAT = 'tandem-backup';
export const ARCHIVE_VERSION = 1;
export const ROWS_PER_CHUNK = 1000;
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** The first entry: what wrote the archive. */
export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  createdAt: string;
  source: 'sqlite' | 'postgres';
  /**
   * Schema versions of the databases it was taken from (accounts, audit, webhooks null when there
   * were none; audit absent in archives from before the audit log, webhooks in archives from
   * before webhooks were carried: a restore then leaves that database empty).
   */
  schemas: { documents: number; accounts: number | null; audit?: number | null; webhooks?: number | null };
}

/** The last entry: what the archive holds. */
export interface ArchiveSummary {
  rows: Record<string, number>;
  files: number;
}

/** The name of the `n`th chunk of a table. */
export const chunkName = (table: string, n: number) => `tables/${table}/${String(n).padStart(6, '0')}.jsonl`;
