/** One file attached to a document: what the store knows about it besides its bytes. */
export interface FileRecord {
  /** The file's id, unique within its document (1-64 of `[A-Za-z0-9_-]`). */
  id: string;
  /** The document the file belongs to; it is served only with that document's access. */
  docId: string;
  /** SHA-256 of the bytes, lowercase hex: the key of the stored blob (equal bytes share one blob). */
  hash: string;
  /** The file's name as shown to people (never used as a path). */
  name: string;
  /** Its media type, as sniffed from the bytes by the server (never the client's word). */
  type: string;
  /** Its size in bytes. */
  size: number;
  /** When it was stored (ms since the epoch). */
  createdAt: number;
}

/** A file to store: its bytes and what to remember about them. */
export interface NewFile {
  /** Id to store it under (a backup being restored keeps its ids); a random one when missing. */
  id?: string;
  name: string;
  type: string;
  bytes: Uint8Array;
  /** When it was made (default now); a restored backup keeps the original time. */
  createdAt?: number;
}

/**
 * Durable storage of the files attached to documents. Bytes are content-addressed (SHA-256), so a
 * file uploaded twice is stored once; each upload gets its own record under its document. Every
 * method is safe to call concurrently; `put` resolves only once the bytes and the record are
 * durable.
 */
export interface BlobStore {
  /** Stores a file of `docId`; rejects with FileExistsError when `file.id` is taken in that document. */
  put(docId: string, file: NewFile): Promise<FileRecord>;
  /** The record of one file of `docId`, or null (also when the id belongs to another document). */
  get(docId: string, fileId: string): Promise<FileRecord | null>;
  /** The bytes of one file of `docId`, or null. */
  read(docId: string, fileId: string): Promise<Uint8Array | null>;
  /** Every file of one document, oldest first. */
  list(docId: string): Promise<FileRecord[]>;
  /** The ids of every document that has files. */
  docs(): Promise<string[]>;
  /** Removes one file's record, and its bytes once no record refers to them; true when it existed. */
  delete(docId: string, fileId: string): Promise<boolean>;
  /** Removes every file of a document (it was deleted for good); resolves with how many. */
  deleteDoc(docId: string): Promise<number>;
  /** True while bytes with this hash are stored (for tests and repair tools). */
  hasBlob(hash: string): Promise<boolean>;
  /** Resolves when the store answers (for health checks); rejects otherwise. */
  ping(): Promise<void>;
  /** Releases the store's resources. */
  close(): Promise<void>;
}

/** `put` was given an id that another file of the same document already has. */
export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
  constructor(docId: string, fileId: string) {
    super(`document ${docId} already has a file ${fileId}`);
  }
}
