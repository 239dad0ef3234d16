// Types of batch-wire.mjs for packages that type-check this one from source (without allowJs).

/** One document's updates in a commit. */
export interface AppendItem {
  docId: string;
  updates: readonly Uint8Array[];
}

/** A batch of appends as the writer thread receives it: every update's bytes in one buffer. */
export interface PackedBatch {
  docIds: string[];
  counts: number[];
  lengths: number[];
  bytes: Uint8Array;
}

/** Packs a batch for the writer thread (one buffer, moved rather than copied). */
export function packBatch(batch: readonly AppendItem[]): PackedBatch;

/** The batch `packBatch` packed, as views into its one buffer. */
export function unpackBatch(packed: PackedBatch): AppendItem[];
