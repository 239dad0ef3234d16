import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { assertDocId } from '@tandem/store';
import { createKeyLock } from './key-lock.js';
import { FileExistsError, type BlobStore, type FileRecord, type NewFile } from './types.js';
import { assertFileId, isValidHash, newRecord, readRecords } from './validate.js';

/** Options of the S3-compatible blob store. */
export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix of everything Tandem stores (default none), e.g. `tandem/`. */
  prefix?: string;
  /** The client's settings: `endpoint` and `forcePathStyle` for MinIO, R2, Ceph...; credentials from the SDK's usual chain when absent. */
  client?: S3ClientConfig;
  /** Clock for createdAt (injected by tests). */
  now?: () => number;
}

const status = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const missing = (err: unknown) => status(err) === 404 || (err as { name?: string }).name === 'NoSuchKey' || (err as { name?: string }).name === 'NotFound';

/**
 * A BlobStore in an S3-compatible bucket, for deployments whose files outgrow a disk or a
 * database. Same layout as the filesystem store: `blobs/<sha256>` once per content,
 * `files/<docId>/<fileId>` a JSON record, `refs/<sha256>/<docId>~<fileId>` who uses a blob (the
 * last delete removes it). A record is written with `If-None-Match: *`, so two nodes cannot both
 * take one id on stores that honour it (AWS S3 does).
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { bucket } = options;
  const prefix = options.prefix ?? '';
  const now = options.now ?? Date.now;
  const s3 = new S3Client(options.client ?? {});
  const lock = createKeyLock();
  const blobKey = (hash: string) => `${prefix}blobs/${hash}`;
  const recordKey = (docId: string, fileId: string) => `${prefix}files/${docId}/${fileId}`;
  const refKey = (hash: string, docId: string, fileId: string) => `${prefix}refs/${hash}/${docId}~${fileId}`;

  const getBytes = async (key: string): Promise<Uint8Array | null> => {
    try {
      const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await res.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  };
  const exists = async (key: string) => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (err) {
      if (missing(err)) return false;
      throw err;
    }
  };
  const put = (key: string, body: Uint8Array | string, extra: { IfNoneMatch?: string } = {}) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));
  const remove = (key: string) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  /** Every key under `under` (or, with a delimiter, the next path segments). */
  const listKeys = async (under: string, delimiter?: string): Promise<string[]> => {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const res = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: under, ContinuationToken: token, Delimiter: delimiter }));
      if (delimiter) for (const p of res.CommonPrefixes ?? []) out.push(p.Prefix!);
      else for (const o of res.Contents ?? []) out.push(o.Key!);
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return out;
  };

  const readRecord = async (docId: string, fileId: string): Promise<FileRecord | null> => {
    const bytes = await getBytes(recordKey(docId, fileId));
    return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as FileRecord) : null;
  };
  const get = async (docId: string, fileId: string) => {
    assertDocId(docId);
    assertFileId(fileId);
    return readRecord(docId, fileId);
  };
  const release = (record: FileRecord) =>
    lock.run(record.hash, async () => {
      await remove(recordKey(record.docId, record.id));
      await remove(refKey(record.hash, record.docId, record.id));
      if ((await listKeys(`${prefix}refs/${record.hash}/`)).length === 0) await remove(blobKey(record.hash));
    });
  const list = async (docId: string) => {
    assertDocId(docId);
    const ids = (await listKeys(`${prefix}files/${docId}/`)).map((key) => key.slice(key.lastIndexOf('/') + 1));
    return readRecords(ids, (id) => readRecord(docId, id));
  };

  return {
    async put(docId: string, file: NewFile) {
      const { bytes, record } = newRecord(docId, file, now());
      const f = { ...record, bytes };
      return lock.run(record.hash, async () => {
        if (await exists(recordKey(docId, f.id))) throw new FileExistsError(docId, f.id);
        await put(refKey(record.hash, docId, f.id), '');
        if (!(await exists(blobKey(record.hash)))) await put(blobKey(record.hash), f.bytes);
        try {
          await put(recordKey(docId, f.id), JSON.stringify(record), { IfNoneMatch: '*' });
        } catch (err) {
          if (status(err) === 412) {
            await remove(refKey(record.hash, docId, f.id));
            throw new FileExistsError(docId, f.id);
          }
          throw err;
        }
        return record;
      });
    },
    get,
    async read(docId, fileId) {
      const record = await get(docId, fileId);
      return record ? getBytes(blobKey(record.hash)) : null;
    },
    list,
    async docs() {
      const prefixes = await listKeys(`${prefix}files/`, '/');
      return prefixes.map((p) => p.slice(`${prefix}files/`.length, -1)).sort();
    },
    async delete(docId, fileId) {
      const record = await get(docId, fileId);
      if (!record) return false;
      await release(record);
      return true;
    },
    async deleteDoc(docId) {
      const records = await list(docId);
      for (const record of records) await release(record);
      return records.length;
    },
    async hasBlob(hash) {
      return isValidHash(hash) && exists(blobKey(hash));
    },
    async ping() {
      await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    },
    async close() {
      await lock.idle();
      s3.destroy();
    },
  };
}
