/**
 * @tandem/blob-store: files attached to documents. The BlobStore interface, a filesystem store
 * (content-addressed under DATA_DIR, written atomically) and a PostgreSQL store (for clusters).
 * The conformance suite every store passes is exported from `@tandem/blob-store/conformance`.
 */
export { FileExistsError, type BlobStore, type FileRecord, type NewFile } from './types.js';
export { createFsBlobStore, type FsBlobStoreOptions } from './fs-store.js';
export { createPostgresBlobStore, type PostgresBlobStoreOptions } from './postgres-store.js';
export { assertFileId, isValidFileId, newFileId, sha256 } from './validate.js';
export { createS3BlobStore, type S3BlobStoreOptions } from './s3-store.js';
