import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { isValidDocId } from '@tandem/document';
import { type BlobStore, type FileRecord, isValidFileId } from '@tandem/blob-store';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveManifest, type ArchiveSummary } from './archive-format.js';
import type { TableDb } from './table-db.js';
import { type ArchiveRow, fromArchiveRow, TABLES, type TableSpec } from './tables.js';

/** Where a restore writes to: fresh databases (accounts, audit, webhooks null when the archive has none) and an empty file store. */
export interface RestoreTarget {
  documents: TableDb;
  accounts: TableDb | null;
  audit: TableDb | null;
  webhooks: TableDb | null;
  blobs: BlobStore;
}

/** An archive that cannot be restored: not one, damaged, cut short, or a target that is not empty. */
export class RestoreError extends Error {
  override readonly name = 'RestoreError';
}

const TABLE_ENTRY = /^tables\/([a-z_]+)\/\d{6}\.jsonl$/;
const FILE_ENTRY = /^files\/([^/]+)\/([^/]+?)(\.json)?$/;

/** Reads the manifest of an archive (its first entry) without restoring anything. */
export async function readManifest(path: string): Promise<ArchiveManifest> {
  const extract = tar.extract();
  const input = createReadStream(path).pipe(createGunzip());
  input.on('error', (err) => extract.destroy(err));
  input.pipe(extract);
  try {
    for await (const entry of extract) {
      if (entry.header.name !== 'manifest.json') throw new RestoreError(`${path} is not a Tandem backup archive (no manifest.json first)`);
      return checkManifest(JSON.parse((await readEntry(entry)).toString('utf8')));
    }
    throw new RestoreError(`${path} is empty`);
  } finally {
    extract.destroy();
    input.destroy();
  }
}

function checkManifest(m: Partial<ArchiveManifest>): ArchiveManifest {
  if (m.format !== ARCHIVE_FORMAT) throw new RestoreError('not a Tandem backup archive');
  if (m.version !== ARCHIVE_VERSION) throw new RestoreError(`archive format version ${m.version} is not one this Tandem reads (${ARCHIVE_VERSION})`);
  return m as ArchiveManifest;
}

async function readEntry(entry: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of entry) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Refuses a target that holds anything: a restore never mixes with or overwrites data. */
async function assertEmpty(target: RestoreTarget): Promise<void> {
  for (const spec of TABLES) {
    const db = target[spec.database];
    if (!db || !(await db.has(spec))) continue;
    const n = await db.count(spec);
    if (n > 0) throw new RestoreError(`the target is not empty (${spec.name}: ${n} rows): restore into a new DATA_DIR or DATABASE_SCHEMA`);
  }
  if ((await target.blobs.docs()).length > 0) throw new RestoreError('the target is not empty (it has attached files): restore into a new DATA_DIR or DATABASE_SCHEMA');
}

/**
 * Restores an archive (archive-format.ts) into an empty target: the rows of each database in one
 * transaction, the files under their original ids. When the archive turns out damaged or short,
 * nothing is kept (the transactions roll back, the files stored so far are deleted). Resolves with what it restored; rejects with RestoreError naming what is wrong.
 */
export async function restoreArchive(path: string, target: RestoreTarget): Promise<ArchiveSummary> {
  await assertEmpty(target);
  const extract = tar.extract();
  const input = createReadStream(path).pipe(createGunzip());
  input.on('error', (err) => extract.destroy(err));
  input.pipe(extract);
  const counted: ArchiveSummary = { rows: {}, files: 0 };
  const open = new Set<TableDb>();
  const dbFor = async (spec: TableSpec): Promise<TableDb> => {
    const db = target[spec.database];
    if (!db) throw new RestoreError(`the archive holds ${spec.name}, but the target keeps no ${spec.database} database`);
    if (!open.has(db)) {
      await db.begin('write');
      open.add(db);
    }
    return db;
  };
  let summary: ArchiveSummary | null = null;
  let first = true;
  let pendingFile: FileRecord | null = null;
  /** Documents whose files were stored: taken out again when the restore fails. */
  const filesOf = new Set<string>();
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      const body = await readEntry(entry);
      if (first) {
        if (name !== 'manifest.json') throw new RestoreError(`${path} is not a Tandem backup archive (no manifest.json first)`);
        checkManifest(JSON.parse(body.toString('utf8')));
        first = false;
        continue;
      }
      if (summary) throw new RestoreError(`unexpected entry ${name} after summary.json`);
      const table = TABLE_ENTRY.exec(name);
      if (table) {
        const spec = TABLES.find((t) => t.name === table[1]);
        if (!spec) throw new RestoreError(`unknown table ${table[1]} in the archive`);
        const db = await dbFor(spec);
        const rows = body.toString('utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as ArchiveRow);
        await db.insert(spec, rows.map((r) => fromArchiveRow(spec, r, db.backend)));
        counted.rows[spec.name] = (counted.rows[spec.name] ?? 0) + rows.length;
        continue;
      }
      const file = FILE_ENTRY.exec(name);
      if (file) {
        const [, docId, fileId, isRecord] = file;
        if (!isValidDocId(docId!) || !isValidFileId(fileId!)) throw new RestoreError(`entry ${name} does not name a document and file`);
        if (isRecord) {
          pendingFile = JSON.parse(body.toString('utf8')) as FileRecord;
          continue;
        }
        if (!pendingFile || pendingFile.id !== fileId || pendingFile.docId !== docId) throw new RestoreError(`file ${name} comes without its record`);
        filesOf.add(docId!);
        await target.blobs.put(docId!, { id: fileId!, name: pendingFile.name, type: pendingFile.type, createdAt: pendingFile.createdAt, bytes: new Uint8Array(body) });
        pendingFile = null;
        counted.files++;
        continue;
      }
      if (name === 'summary.json') {
        summary = JSON.parse(body.toString('utf8')) as ArchiveSummary;
        continue;
      }
      throw new RestoreError(`unknown entry ${name} in the archive`);
    }
    if (!summary) throw new RestoreError(`${path} is cut short (no summary.json at its end): nothing restored`);
    for (const [table, n] of Object.entries(summary.rows)) {
      if ((counted.rows[table] ?? 0) !== n) throw new RestoreError(`table ${table}: the archive says ${n} rows, it holds ${counted.rows[table] ?? 0}`);
    }
    if (summary.files !== counted.files) throw new RestoreError(`the archive says ${summary.files} files, it holds ${counted.files}`);
    for (const spec of TABLES) {
      const db = target[spec.database];
      if (db && open.has(db)) await db.settle(spec);
    }
    for (const db of open) await db.commit();
    open.clear();
    return counted;
  } catch (err) {
    for (const db of open) await db.rollback();
    for (const docId of filesOf) await target.blobs.deleteDoc(docId).catch(() => {});
    if (err instanceof SyntaxError) throw new RestoreError(`the archive is damaged: ${err.message}`);
    throw err;
  } finally {
    extract.destroy();
    input.destroy();
  }
}
