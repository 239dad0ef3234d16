import { createHash, randomBytes } from 'node:crypto';
import { assertDocId } from '@tandem/store';
import type { FileRecord, NewFile } from './types.js';

/** File ids: 1-64 of `[A-Za-z0-9_-]` (safe in a URL path segment and as a file name). */
const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const HASH = /^[0-9a-f]{64}$/;

/** True for a well-formed file id. */
export function isValidFileId(id: unknown): id is string {
  return typeof id === 'string' && FILE_ID.test(id);
}

/** True for a SHA-256 hex digest. */
export function isValidHash(hash: unknown): hash is string {
  return typeof hash === 'string' && HASH.test(hash);
}

/** Throws RangeError for a file id no store should hold. */
export function assertFileId(id: string): void {
  if (!isValidFileId(id)) throw new RangeError('invalid file id: must be 1-64 characters of [A-Za-z0-9_-]');
}

/** A new unguessable file id (128 random bits, URL-safe). */
export function newFileId(): string {
  return randomBytes(16).toString('base64url');
}

/** SHA-256 of the bytes, lowercase hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Checks what `put` was given and fills in the id and time; throws RangeError on bad input. */
export function prepareFile(docId: string, file: NewFile, now: number): Required<NewFile> {
  assertDocId(docId);
  const id = file.id ?? newFileId();
  assertFileId(id);
  if (!(file.bytes instanceof Uint8Array)) throw new RangeError('file bytes must be a Uint8Array');
  if (typeof file.name !== 'string' || file.name.length > 255) throw new RangeError('file name must be a string of at most 255 characters');
  if (typeof file.type !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(file.type)) throw new RangeError('file type must be a media type');
  return { id, name: file.name, type: file.type, bytes: file.bytes, createdAt: file.createdAt ?? now };
}

/** Checks what `put` was given and makes the record it will store (the bytes' hash, size, time). */
export function newRecord(docId: string, file: NewFile, now: number): { bytes: Uint8Array; record: FileRecord } {
  const f = prepareFile(docId, file, now);
  return {
    bytes: f.bytes,
    record: { id: f.id, docId, hash: sha256(f.bytes), name: f.name, type: f.type, size: f.bytes.length, createdAt: f.createdAt },
  };
}

/** The order `list` returns files in: oldest first, then by id. */
export const byAge = (a: FileRecord, b: FileRecord) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** Reads the records of these file ids (skipping ones gone meanwhile), oldest first. */
export async function readRecords(ids: readonly string[], read: (id: string) => Promise<FileRecord | null>): Promise<FileRecord[]> {
  const records: FileRecord[] = [];
  for (const id of ids) {
    const record = await read(id);
    if (record) records.push(record);
  }
  return records.sort(byAge);
}
