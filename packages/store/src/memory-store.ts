import type { DocInfo, DocStore, StoredDoc } from './types.js';
import { assertDocId } from './validate.js';

interface Entry {
  clock: number;
  update: Uint8Array;
}

interface MemoryDoc {
  entries: Entry[];
  clock: number;
  createdAt: number;
  updatedAt: number;
}

/** Options of the in-memory store. */
export interface MemoryStoreOptions {
  /** Clock for createdAt/updatedAt (injected by tests). */
  now?: () => number;
}

/**
 * A DocStore that keeps everything in this process's memory: for tests and throwaway servers.
 * Nothing survives a restart.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): DocStore {
  const now = options.now ?? Date.now;
  const docs = new Map<string, MemoryDoc>();
  let closed = false;

  const open = () => {
    if (closed) throw new Error('store is closed');
  };
  const infoOf = (id: string, doc: MemoryDoc): DocInfo => ({
    id,
    size: doc.entries.reduce((n, e) => n + e.update.length, 0),
    entries: doc.entries.length,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });

  return {
    async load(docId): Promise<StoredDoc | null> {
      assertDocId(docId);
      open();
      const doc = docs.get(docId);
      if (!doc) return null;
      return { updates: doc.entries.map((e) => e.update.slice()), clock: doc.clock };
    },
    async append(docId, updates) {
      assertDocId(docId);
      open();
      let doc = docs.get(docId);
      if (!doc) {
        const t = now();
        doc = { entries: [], clock: 0, createdAt: t, updatedAt: t };
        docs.set(docId, doc);
      }
      for (const update of updates) doc.entries.push({ clock: ++doc.clock, update: update.slice() });
      doc.updatedAt = now();
      return doc.clock;
    },
    async compact(docId, snapshot, through) {
      assertDocId(docId);
      open();
      const doc = docs.get(docId);
      if (!doc) return;
      const kept = doc.entries.filter((e) => e.clock > through);
      doc.entries = [{ clock: through, update: snapshot.slice() }, ...kept];
    },
    async info(docId) {
      assertDocId(docId);
      open();
      const doc = docs.get(docId);
      return doc ? infoOf(docId, doc) : null;
    },
    async list() {
      open();
      return [...docs].map(([id, doc]) => infoOf(id, doc)).sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async delete(docId) {
      assertDocId(docId);
      open();
      return docs.delete(docId);
    },
    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}
