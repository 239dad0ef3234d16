/** Why a version was kept. */
export type VersionKind = 'auto' | 'named' | 'pre-restore' | 'import';

/** A kept state of a document, without its bytes. */
export interface VersionMeta {
  /** Unique within its document; opaque. */
  id: string;
  docId: string;
  kind: VersionKind;
  /** A user's name for it (named versions), or null. */
  label: string | null;
  /** Display names of the people whose edits went into it since the previous version. */
  authors: string[];
  /** When it was kept (ms since the epoch). */
  createdAt: number;
  /** Bytes of the encoded state. */
  size: number;
}

/** A kept state with its bytes: a full Yjs update (v1) of the document at that time. */
export interface Version extends VersionMeta {
  state: Uint8Array;
}

/** What to keep as a new version. */
export interface NewVersion {
  kind: VersionKind;
  label?: string | null;
  authors?: string[];
  state: Uint8Array;
  /** Defaults to now. */
  createdAt?: number;
}

/** A document in the trash: deleted softly, restorable until it is purged. */
export interface TrashedDoc {
  id: string;
  /** When it was deleted (ms since the epoch). */
  deletedAt: number;
}

/**
 * The document lifecycle a store can keep beside the update log: versions, and soft deletion.
 * Stores that implement it (memory, SQLite) pass `describeLifecycleStore`.
 */
export interface LifecycleStore {
  /** Keeps a version; resolves with its metadata. */
  saveVersion(docId: string, version: NewVersion): Promise<VersionMeta>;
  /** The document's versions, newest first. */
  listVersions(docId: string): Promise<VersionMeta[]>;
  /** One version with its state, or null. */
  getVersion(docId: string, versionId: string): Promise<Version | null>;
  /** Puts a document in the trash (it stays stored); false when it is already there. */
  trash(docId: string, deletedAt?: number): Promise<boolean>;
  /** Takes a document out of the trash; false when it was not there. */
  untrash(docId: string): Promise<boolean>;
  /** When the document was trashed, or null when it is not in the trash. */
  trashedAt(docId: string): Promise<number | null>;
  /** Every trashed document, most recently deleted first. */
  listTrash(): Promise<TrashedDoc[]>;
}

/** True when `store` also keeps versions and a trash. */
export function hasLifecycle<T extends object>(store: T): store is T & LifecycleStore {
  return ['saveVersion', 'listVersions', 'getVersion', 'trash', 'untrash', 'trashedAt', 'listTrash'].every(
    (m) => typeof (store as Record<string, unknown>)[m] === 'function',
  );
}
