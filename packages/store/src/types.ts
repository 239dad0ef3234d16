/** What a store knows about one document, without loading it. */
export interface DocInfo {
  /** The document id. */
  id: string;
  /** Bytes of stored updates and snapshot. */
  size: number;
  /** Stored entries (a snapshot counts as one). */
  entries: number;
  /** When the document was first stored (ms since the epoch). */
  createdAt: number;
  /** When the last update was stored (ms since the epoch). */
  updatedAt: number;
}

/** A document as stored: a snapshot (if compacted) followed by the updates appended since. */
export interface StoredDoc {
  /** Yjs updates (v1) in the order they were appended; apply them all to rebuild the document. */
  updates: Uint8Array[];
  /** The clock of the newest entry: pass it to `compact` to replace everything up to here. */
  clock: number;
}

/**
 * Durable storage of Yjs documents as an append-only log of updates per document, compacted now
 * and then into one snapshot. Every method is safe to call concurrently; `append` resolves only
 * once the updates are durable (a crash after it resolves loses nothing).
 */
export interface DocStore {
  /** The stored document, or null when nothing was ever stored under this id. */
  load(docId: string): Promise<StoredDoc | null>;
  /**
   * Appends updates in order, durably; resolves with the clock of the last one. Each update takes
   * the next number of its document's clock, with no gaps, so the n updates of one call hold
   * clocks `last - n + 1` through `last` (other nodes use this to notice a missed update).
   */
  append(docId: string, updates: readonly Uint8Array[]): Promise<number>;
  /**
   * Replaces every entry with a clock up to `through` with `snapshot` (which must contain them
   * all). Entries appended after `through` are kept. A no-op when the document is gone.
   */
  compact(docId: string, snapshot: Uint8Array, through: number): Promise<void>;
  /**
   * Optional: the current clock of each document (0 when unknown), cheaper than `load`. Nodes of
   * a cluster poll it to notice updates they missed; without it they fall back to `load`.
   */
  clocks?(docIds: readonly string[]): Promise<Map<string, number>>;
  /** Size and dates of one document, or null when unknown. */
  info(docId: string): Promise<DocInfo | null>;
  /** Every stored document, most recently changed first. */
  list(): Promise<DocInfo[]>;
  /** Removes a document for good; resolves true when it existed. */
  delete(docId: string): Promise<boolean>;
  /** Resolves when the store answers (for health checks); rejects otherwise. */
  ping(): Promise<void>;
  /** Finishes pending writes and releases the store's resources. */
  close(): Promise<void>;
}

/**
 * An append waiting in an adapter's group-commit queue: the updates, and how to tell the caller
 * the clock it got (or why it failed) once the batch is committed.
 */
export interface PendingAppend {
  docId: string;
  updates: readonly Uint8Array[];
  resolve: (clock: number) => void;
  reject: (err: unknown) => void;
}
