/**
 * @tandem/store: the DocStore interface every storage adapter implements, and an in-memory store.
 * The conformance suite adapters must pass is exported from `@tandem/store/conformance`.
 */
export type { DocInfo, DocStore, PendingAppend, StoredDoc } from './types.js';
export { createAppendQueue, type AppendQueue, type CommitBatch } from './append-queue.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { assertDocId } from './validate.js';
export {
  hasLifecycle,
  type LifecycleStore,
  type NewVersion,
  type TrashedDoc,
  type Version,
  type VersionKind,
  type VersionMeta,
} from './lifecycle.js';
export { SchemaTooNewError } from './schema-error.js';
