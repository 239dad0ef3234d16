import type { PendingAppend } from './types.js';
import { assertDocId } from './validate.js';

/**
 * Commits one batch of appends in one transaction: resolves with the clock of the last update of
 * each item, in batch order; rejects (every item of the batch fails) when the commit fails.
 */
export type CommitBatch = (batch: readonly PendingAppend[]) => Promise<readonly number[]>;

/** The front half of a group-committing store: queues appends and hands them over in batches. */
export interface AppendQueue {
  /** DocStore.append: validates the id, queues the updates, resolves once their batch committed. */
  append(docId: string, updates: readonly Uint8Array[]): Promise<number>;
  /** Resolves once every append of `docId` (of every document when omitted) made so far has settled. */
  settled(docId?: string): Promise<void>;
  /** Refuses further appends and resolves once the queued ones have settled. */
  close(): Promise<void>;
}

/** The appends committed together, and a promise that settles once all of them have. */
interface Batch {
  items: PendingAppend[];
  done: Promise<void>;
  finish: () => void;
}

const newBatch = (): Batch => {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { items: [], done, finish };
};

/**
 * Group commit shared by the store adapters: appends made in the same tick form one batch, at
 * most one batch is committing at a time, and appends made meanwhile form the next one (so a
 * batch grows with the load). `commit` does the adapter's transaction.
 */
export function createAppendQueue(commit: CommitBatch): AppendQueue {
  let next = newBatch();
  /** The batch holding the newest append of each document not yet settled. */
  const lastOf = new Map<string, Batch>();
  /** The batch committing now, if any. */
  let current: Batch | null = null;
  let flushing: Promise<void> | null = null;
  let closed = false;

  const run = async (batch: Batch): Promise<void> => {
    try {
      const clocks = await commit(batch.items);
      batch.items.forEach((item, i) => item.resolve(clocks[i]!));
    } catch (err) {
      for (const item of batch.items) item.reject(err);
    }
    for (const item of batch.items) if (lastOf.get(item.docId) === batch) lastOf.delete(item.docId);
    batch.finish();
  };

  const flush = (): Promise<void> =>
    (flushing ??= (async () => {
      await new Promise((r) => setImmediate(r));
      while (next.items.length > 0) {
        current = next;
        next = newBatch();
        await run(current);
      }
      current = null;
      flushing = null;
    })());

  return {
    append(docId, updates) {
      try {
        assertDocId(docId);
        if (closed) throw new Error('store is closed');
      } catch (err) {
        return Promise.reject(err);
      }
      const batch = next;
      lastOf.set(docId, batch);
      return new Promise<number>((resolve, reject) => {
        batch.items.push({ docId, updates, resolve, reject });
        void flush();
      });
    },
    settled(docId) {
      if (docId === undefined) return next.items.length > 0 ? next.done : (current?.done ?? Promise.resolve());
      return lastOf.get(docId)?.done ?? Promise.resolve();
    },
    async close() {
      closed = true;
      while (flushing) await flushing;
    },
  };
}
