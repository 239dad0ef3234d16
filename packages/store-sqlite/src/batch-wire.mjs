// Plain JavaScript (typed by JSDoc): loaded by the writer thread from src/ as well as dist/.

/** @typedef {{ docId: string, updates: readonly Uint8Array[] }} AppendItem */
/**
 * A batch of appends as the writer thread receives it: every update's bytes in one buffer that is
 * moved, not copied, to the thread.
 * @typedef {{ docIds: string[], counts: number[], lengths: number[], bytes: Uint8Array }} PackedBatch
 */

/**
 * Packs a batch for the writer thread. Posting the updates themselves would copy each one's whole
 * backing buffer (often a 64 KiB socket read of which the update is a small slice).
 * @param {readonly AppendItem[]} batch
 * @returns {PackedBatch}
 */
export function packBatch(batch) {
  /** @type {number[]} */
  const lengths = [];
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

/**
 * The batch `packBatch` packed, as views into its one buffer.
 * @param {PackedBatch} packed
 * @returns {AppendItem[]}
 */
export function unpackBatch({ docIds, counts, lengths, bytes }) {
  let at = 0;
  let k = 0;
  return docIds.map((docId, i) => {
    /** @type {Uint8Array[]} */
    const updates = [];
    for (let j = 0; j < /** @type {number} */ (counts[i]); j++) {
      const len = /** @type {number} */ (lengths[k++]);
      updates.push(bytes.subarray(at, (at += len)));
    }
    return { docId, updates };
  });
}
