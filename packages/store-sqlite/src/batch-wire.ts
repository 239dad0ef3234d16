// Loaded by the writer thread too: erasable TypeScript only, relative imports with `.ts` (Node
// strips the types itself when the thread runs from src/; tsc rewrites them to `.js` in dist/).

/** One document's updates in a commit. */
export interface AppendItem {
  docId: string;
  updates: readonly Uint8Array[];
}

/**
 * A batch of appends as the writer thread receives it: every update's bytes in one buffer that is
 * moved, not copied, to the thread.
 */
export interface PackedBatch {
  docIds: string[];
  counts: number[];
  lengths: number[];
  bytes: Uint8Array;
}

/**
 * Packs a batch for the writer thread. Posting the updates themselves would copy each one's whole
 * backing buffer (often a 64 KiB socket read of which the update is a small slice).
 */
export function packBatch(batch: readonly AppendItem[]): PackedBatch {
  const lengths: number[] = [];
  let total = 0;
  for (const item of batch) {
    for (const u of item.updates) {
      lengths.push(u.length);
      total += u.length;
    }
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const item of batch) {
    for (const u of item.updates) {
      bytes.set(u, at);
      at += u.length;
    }
  }
  return { docIds: batch.map((i) => i.docId), counts: batch.map((i) => i.updates.length), lengths, bytes };
}

/** The batch `packBatch` packed, as views into its one buffer. */
export function unpackBatch({ docIds, counts, lengths, bytes }: PackedBatch): AppendItem[] {
  let at = 0;
  let k = 0;
  return docIds.map((docId, i) => {
    const updates: Uint8Array[] = [];
    for (let j = 0; j < counts[i]!; j++) {
      const len = lengths[k++]!;
      updates.push(bytes.subarray(at, (at += len)));
    }
    return { docId, updates };
  });
}
