/**
 * @tandem/blob-store: files attached to documents. The BlobStore interface, a filesystem store
 * (content-addressed under DATA_DIR, written atomically) and a PostgreSQL store (for clusters).
 * The conformance suite every store passes is exported from `@tandem/blob-store/conformance`, and
 * the S3 store from `@tandem/blob-store/s3`: its SDK is about 5 MB of heap once loaded, so a server
 * loads it only when it is configured to use a bucket.
 */
export { FileExistsError, type BlobStore, type FileRecord, type NewFile } from './types.js';
export { createFsBlobStore, type FsBlobStoreOptions } from './fs-store.js';
export { createPostgresBlobStore, type PostgresBlobStoreOptions } from './postgres-store.js';
export { assertFileId, isValidFileId, newFileId, sha256 } from './validate.js';
