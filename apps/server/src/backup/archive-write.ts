import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { BlobStore } from '@tandem/blob-store';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveManifest, type ArchiveSummary, CHUNK_BYTES, chunkName, ROWS_PER_CHUNK } from './archive-format.js';
import type { TableDb } from './table-db.js';
import { BACKUP_DATABASES, TABLES, toArchiveRow } from './tables.js';

/** Where a backup reads from: the databases (accounts, audit, webhooks null when there are none) and the files. */
export interface BackupSource {
  source: 'sqlite' | 'postgres';
  schemas: ArchiveManifest['schemas'];
  documents: TableDb;
  accounts: TableDb | null;
  audit: TableDb | null;
  webhooks: TableDb | null;
  blobs: BlobStore;
}

const PAGE = 500;

/**
 * Writes everything `from` holds into a gzip tar at `path` (archive-format.ts): every table row
 * but sessions, and every attached file. Each database is read inside one read-only transaction,
 * so the archive is a consistent moment of it while the server keeps writing. The file appears
 * only when complete (written beside it, then renamed). Resolves with what it wrote.
 */
export async function writeArchive(from: BackupSource, path: string, now = new Date()): Promise<ArchiveSummary> {
  const pack = tar.pack();
  const temp = `${path}.partial`;
  const written = pipeline(pack, createGzip(), createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
  const add = (name: string, body: Buffer) =>
    new Promise<void>((resolve, reject) => pack.entry({ name, size: body.length, mode: 0o600, mtime: now }, body, (err) => (err ? reject(err) : resolve())));
  const summary: ArchiveSummary = { rows: {}, files: 0 };
  try {
    const manifest: ArchiveManifest = { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, createdAt: now.toISOString(), source: from.source, schemas: from.schemas };
    await add('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    for (const name of BACKUP_DATABASES) {
      const db = from[name];
      if (!db) continue;
      await db.begin('snapshot');
      try {
        for (const spec of TABLES) {
          if (spec.database !== name) continue;
          if (!(await db.has(spec))) continue;
          summary.rows[spec.name] = await copyTable(db, spec, add);
        }
      } finally {
        await db.rollback();
      }
    }
    for (const docId of (await from.blobs.docs()).sort()) {
      for (const file of await from.blobs.list(docId)) {
        const bytes = await from.blobs.read(docId, file.id);
        if (!bytes) continue; // deleted since it was listed
        await add(`files/${docId}/${file.id}.json`, Buffer.from(JSON.stringify(file)));
        await add(`files/${docId}/${file.id}`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
        summary.files++;
      }
    }
    await add('summary.json', Buffer.from(JSON.stringify(summary, null, 2)));
    pack.finalize();
    await written;
    await rename(temp, path);
    return summary;
  } catch (err) {
    pack.destroy();
    await written.catch(() => {});
    await rm(temp, { force: true });
    throw err;
  }
}

/** Copies one table in chunks of lines; resolves with its row count. */
async function copyTable(db: TableDb, spec: (typeof TABLES)[number], add: (name: string, body: Buffer) => Promise<void>): Promise<number> {
  let lines: string[] = [];
  let bytes = 0;
  let chunks = 0;
  let rows = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    await add(chunkName(spec.name, ++chunks), Buffer.from(lines.join('')));
    lines = [];
    bytes = 0;
  };
  let after: unknown[] | null = null;
  for (;;) {
    const page = await db.page(spec, after, PAGE);
    for (const row of page) {
      const line = `${JSON.stringify(toArchiveRow(spec, row))}\n`;
      lines.push(line);
      bytes += line.length;
      rows++;
      if (lines.length >= ROWS_PER_CHUNK || bytes >= CHUNK_BYTES) await flush();
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = spec.key.map((k) => last[k]);
  }
  await flush();
  return rows;
}
