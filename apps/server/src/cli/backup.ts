import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidDocId } from '@tandem/document';
import { isValidFileId } from '@tandem/blob-store';
import type { ApiClient, BackupFile } from './http-client.js';
import { createProgress } from './progress.js';

/** What a backup folder's manifest.json records for each document. */
interface Manifest {
  docs: Record<string, { updatedAt: string; file: string; files?: BackupFile[] }>;
}

/** Totals of one run; `failed` lists `id: reason`. */
export interface BackupSummary {
  done: number;
  skipped: number;
  failed: string[];
}

const MANIFEST = 'manifest.json';

/**
 * The folder's manifest. Its `docs` map has no prototype, so a document named `__proto__` (a valid
 * id) is an entry like any other instead of silently vanishing from the file.
 */
function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  const docs: Manifest['docs'] = Object.create(null);
  if (!existsSync(path)) return { docs };
  const parsed = JSON.parse(readFileSync(path, 'utf8'), (key, value) =>
    // JSON.parse defines a "__proto__" key as an own property; keep it one in the prototype-free map
    key === 'docs' && value && typeof value === 'object' ? Object.assign(Object.create(null), value) : value,
  ) as Manifest;
  for (const [id, entry] of Object.entries(parsed.docs ?? {})) docs[id] = entry;
  return { docs };
}

/** Refuses a document id from the server or a manifest that is not a valid id (say `../x`): it names files. */
function checkDocId(id: unknown): string {
  if (typeof id !== 'string' || !isValidDocId(id)) throw new Error(`document id ${JSON.stringify(id)} is not a valid id`);
  return id;
}

/** Where a document's attached file lives in a backup folder. */
const filePath = (dir: string, docId: string, fileId: string) => join(dir, 'files', docId, fileId);

/** Copies the document's attached files that the folder lacks (files never change, so present ones are skipped). */
async function exportFiles(api: ApiClient, dir: string, docId: string): Promise<BackupFile[]> {
  const files = (await api.listFiles(docId)).filter((f) => isValidFileId(f.id));
  for (const file of files) {
    const path = filePath(dir, docId, file.id);
    if (existsSync(path)) continue;
    mkdirSync(join(dir, 'files', docId), { recursive: true });
    writeAtomic(path, await api.readFile(docId, file.id));
  }
  return files;
}

/** Uploads a document's files from the folder under their ids (ones the server has are left alone). */
async function importFiles(api: ApiClient, dir: string, docId: string, files: BackupFile[]): Promise<void> {
  for (const file of files) {
    if (!isValidFileId(file.id)) throw new Error(`manifest file id ${JSON.stringify(file.id)} is not valid`);
    await api.writeFile(docId, file, new Uint8Array(readFileSync(filePath(dir, docId, file.id))));
  }
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/**
 * Exports every document (or `only` these) as its full Yjs state into `dir`, with its attached
 * files under `files/<docId>/<fileId>` and a manifest.
 * Resumable: a document whose last change matches the manifest and whose file exists is skipped.
 */
export async function exportDocs(api: ApiClient, dir: string, only?: string[]): Promise<BackupSummary> {
  mkdirSync(dir, { recursive: true });
  const manifest = readManifest(dir);
  const listed = await api.listDocs();
  for (const d of listed) checkDocId(d.id); // a hostile server must not name files outside the folder
  const docs = listed.filter((d) => !only || only.includes(d.id));
  const summary: BackupSummary = { done: 0, skipped: 0, failed: [] };
  const progress = createProgress(docs.length, 'exported');
  for (const { id, updatedAt } of docs) {
    const file = `${id}.yjs`;
    const known = manifest.docs[id];
    if (known?.updatedAt === updatedAt && existsSync(join(dir, file)) && (known.files ?? []).every((f) => existsSync(filePath(dir, id, f.id)))) {
      summary.skipped++;
      progress.tick(`${id} (unchanged)`);
      continue;
    }
    try {
      writeAtomic(join(dir, file), await api.exportState(id));
      manifest.docs[id] = { updatedAt, file, files: await exportFiles(api, dir, id) };
      writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
      summary.done++;
      progress.tick(id);
    } catch (err) {
      summary.failed.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
      progress.tick(`${id} FAILED`);
    }
  }
  progress.finish();
  return summary;
}

/**
 * Imports every document of a backup folder into the server. Resumable: documents the server
 * already has are skipped (never overwritten).
 */
export async function importDocs(api: ApiClient, dir: string, only?: string[]): Promise<BackupSummary> {
  const manifest = readManifest(dir);
  const entries = Object.entries(manifest.docs)
    .map(([id, entry]) => [checkDocId(id), entry] as const)
    .filter(([id]) => !only || only.includes(id));
  const summary: BackupSummary = { done: 0, skipped: 0, failed: [] };
  const progress = createProgress(entries.length, 'imported');
  for (const [id, { file, files = [] }] of entries) {
    try {
      if (!isValidDocId(id) || file !== `${id}.yjs`) throw new Error('manifest entry is not valid');
      const result = await api.importState(id, new Uint8Array(readFileSync(join(dir, file))));
      await importFiles(api, dir, id, files);
      if (result === 'exists') summary.skipped++;
      else summary.done++;
      progress.tick(result === 'exists' ? `${id} (exists)` : id);
    } catch (err) {
      summary.failed.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
      progress.tick(`${id} FAILED`);
    }
  }
  progress.finish();
  return summary;
}
