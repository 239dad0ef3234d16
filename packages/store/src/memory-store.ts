import type { LifecycleStore, TrashedDoc, Version, VersionMeta } from './lifecycle.js';
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
export function createMemoryStore(options: MemoryStoreOptions = {}): DocStore & LifecycleStore {
  const now = options.now ?? Date.now;
  const docs = new Map<string, MemoryDoc>();
  const versions = new Map<string, Version[]>();
  const trash = new Map<string, number>();
  let versionSeq = 0;
  const meta = ({ state: _state, ...m }: Version): VersionMeta => m;
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
      versions.delete(docId);
      trash.delete(docId);
      return docs.delete(docId);
    },
    async saveVersion(docId, v) {
      assertDocId(docId);
      open();
      const version: Version = {
        id: String(++versionSeq),
        docId,
        kind: v.kind,
        label: v.label ?? null,
        authors: [...(v.authors ?? [])],
        createdAt: v.createdAt ?? now(),
        size: v.state.length,
        state: v.state.slice(),
      };
      versions.set(docId, [...(versions.get(docId) ?? []), version]);
      return meta(version);
    },
    async listVersions(docId) {
      assertDocId(docId);
      open();
      return (versions.get(docId) ?? []).map(meta).reverse();
    },
    async getVersion(docId, versionId) {
      assertDocId(docId);
      open();
      const found = versions.get(docId)?.find((v) => v.id === versionId);
      return found ? { ...found, authors: [...found.authors], state: found.state.slice() } : null;
    },
    async trash(docId, deletedAt = now()) {
      assertDocId(docId);
      open();
      if (trash.has(docId)) return false;
      trash.set(docId, deletedAt);
      return true;
    },
    async untrash(docId) {
      assertDocId(docId);
      open();
      return trash.delete(docId);
    },
    async trashedAt(docId) {
      assertDocId(docId);
      open();
      return trash.get(docId) ?? null;
    },
    async listTrash(): Promise<TrashedDoc[]> {
      open();
      return [...trash].map(([id, deletedAt]) => ({ id, deletedAt })).sort((a, b) => b.deletedAt - a.deletedAt);
    },
    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}
