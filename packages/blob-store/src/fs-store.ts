import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { assertDocId } from '@tandem/store';
import { createKeyLock } from './key-lock.js';
import { FileExistsError, type BlobStore, type FileRecord, type NewFile } from './types.js';
import { assertFileId, isValidHash, newRecord, readRecords } from './validate.js';

/** Options of the filesystem blob store. */
export interface FsBlobStoreOptions {
  /** Folder holding everything (created when missing), e.g. `DATA_DIR/files`. */
  dir: string;
  /** Clock for createdAt (injected by tests). */
  now?: () => number;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );

const missingOk = (err: NodeJS.ErrnoException) => {
  if (err.code !== 'ENOENT') throw err;
};

/**
 * A BlobStore in a folder. Layout: `blobs/<2 hex>/<sha256>` holds each distinct content once;
 * `docs/<docId>/<fileId>.json` is one file's record; `refs/<sha256>/<docId>~<fileId>` (empty
 * files) says who uses a blob, so the last delete removes it. Every file is written to `tmp/`,
 * synced and renamed into place, so a crash leaves either the old state or the new one.
 */
export async function createFsBlobStore({ dir, now = Date.now }: FsBlobStoreOptions): Promise<BlobStore> {
  const tmp = join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  await mkdir(join(dir, 'blobs'), { recursive: true });
  await mkdir(join(dir, 'docs'), { recursive: true });
  await mkdir(join(dir, 'refs'), { recursive: true });
  // Leftovers of writes a crash interrupted.
  for (const name of await readdir(tmp)) await rm(join(tmp, name), { force: true });

  const blobPath = (hash: string) => join(dir, 'blobs', hash.slice(0, 2), hash);
  const recordPath = (docId: string, fileId: string) => join(dir, 'docs', docId, `${fileId}.json`);
  const refDir = (hash: string) => join(dir, 'refs', hash);
  const refPath = (hash: string, docId: string, fileId: string) => join(refDir(hash), `${docId}~${fileId}`);

  /**
   * Writes `bytes` to `path` atomically and durably (temp file, fsync, rename). With `exclusive`
   * it links instead of renaming, so it resolves false (and writes nothing) when `path` exists.
   */
  const writeAtomic = async (path: string, bytes: Uint8Array, exclusive = false) => {
    const temp = join(tmp, randomBytes(8).toString('hex'));
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!exclusive) {
      await rename(temp, path);
      return true;
    }
    try {
      await link(temp, path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      await unlink(temp).catch(() => {});
    }
  };

  /** Operations on one hash run one at a time, so a delete never removes bytes a put just referenced. */
  const lock = createKeyLock();
  const withLock = lock.run;

  const readRecord = async (docId: string, fileId: string): Promise<FileRecord | null> => {
    try {
      return JSON.parse(await readFile(recordPath(docId, fileId), 'utf8')) as FileRecord;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };

  const get = async (docId: string, fileId: string) => {
    assertDocId(docId);
    assertFileId(fileId);
    return readRecord(docId, fileId);
  };

  const remove = async (record: FileRecord) =>
    withLock(record.hash, async () => {
      await unlink(recordPath(record.docId, record.id)).catch(missingOk);
      await unlink(refPath(record.hash, record.docId, record.id)).catch(missingOk);
      const users = await readdir(refDir(record.hash)).catch(() => []);
      if (users.length === 0) {
        await unlink(blobPath(record.hash)).catch(missingOk);
        await rmdir(refDir(record.hash)).catch(() => {});
      }
    });

  const list = async (docId: string): Promise<FileRecord[]> => {
    assertDocId(docId);
    const names = await readdir(join(dir, 'docs', docId)).catch(() => [] as string[]);
    const ids = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5));
    return readRecords(ids, (id) => readRecord(docId, id));
  };

  return {
    async put(docId: string, file: NewFile) {
      const { bytes, record } = newRecord(docId, file, now());
      const f = { ...record, bytes };
      return withLock(record.hash, async () => {
        await mkdir(join(dir, 'docs', docId), { recursive: true });
        const taken = await readRecord(docId, f.id);
        if (taken) throw new FileExistsError(docId, f.id);
        await mkdir(refDir(record.hash), { recursive: true });
        await writeAtomic(refPath(record.hash, docId, f.id), new Uint8Array());
        if (!(await exists(blobPath(record.hash)))) {
          await mkdir(join(dir, 'blobs', record.hash.slice(0, 2)), { recursive: true });
          await writeAtomic(blobPath(record.hash), f.bytes);
        }
        if (!(await writeAtomic(recordPath(docId, f.id), new TextEncoder().encode(JSON.stringify(record)), true))) {
          // Another put of a different content took the id meanwhile: drop this one's reference.
          const winner = await readRecord(docId, f.id);
          if (winner?.hash !== record.hash) {
            await unlink(refPath(record.hash, docId, f.id)).catch(missingOk);
            if ((await readdir(refDir(record.hash)).catch(() => [])).length === 0) await unlink(blobPath(record.hash)).catch(missingOk);
          }
          throw new FileExistsError(docId, f.id);
        }
        return record;
      });
    },
    get,
    async read(docId, fileId) {
      const record = await get(docId, fileId);
      if (!record) return null;
      try {
        return new Uint8Array(await readFile(blobPath(record.hash)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    list,
    async docs() {
      const names = await readdir(join(dir, 'docs'));
      const out: string[] = [];
      for (const name of names) if ((await readdir(join(dir, 'docs', name))).length > 0) out.push(name);
      return out.sort();
    },
    async delete(docId, fileId) {
      const record = await get(docId, fileId);
      if (!record) return false;
      await remove(record);
      return true;
    },
    async deleteDoc(docId) {
      const records = await list(docId);
      for (const record of records) await remove(record);
      await rmdir(join(dir, 'docs', docId)).catch(() => {});
      return records.length;
    },
    async hasBlob(hash) {
      return isValidHash(hash) && exists(blobPath(hash));
    },
    async ping() {
      await stat(dir);
    },
    async close() {
      await lock.idle();
    },
  };
}
