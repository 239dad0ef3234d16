/**
 * Files added to a document but not uploaded yet (made offline, or while an upload runs), kept
 * in this browser's IndexedDB so they survive a reload and are uploaded once the connection is
 * back. Falls back to memory where IndexedDB is missing.
 */
export interface PendingFile {
  /** The local id the document's node names in its `pending` attribute. */
  id: string;
  /** Which server and document it belongs to (`server|doc`). */
  key: string;
  blob: Blob;
  name: string;
}

/** The queue of files waiting for upload. */
export interface FileQueue {
  put(file: PendingFile): Promise<void>;
  get(id: string): Promise<PendingFile | null>;
  delete(id: string): Promise<void>;
}

const DB = 'tandem-files';
const STORE = 'pending';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens the queue (IndexedDB database `tandem-files`; memory only when IndexedDB is unavailable). */
export function openFileQueue(): FileQueue {
  const memory = new Map<string, PendingFile>();
  const idb = typeof indexedDB !== 'undefined' ? indexedDB : null;
  let db: Promise<IDBDatabase | null> | null = null;
  const open = () =>
    (db ??= idb
      ? new Promise<IDBDatabase | null>((resolve) => {
          const req = idb.open(DB, 1);
          req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => resolve(null);
        })
      : Promise.resolve(null));
  const store = async (mode: IDBTransactionMode) => (await open())?.transaction(STORE, mode).objectStore(STORE) ?? null;
  return {
    async put(file) {
      memory.set(file.id, file);
      const s = await store('readwrite');
      if (s) await request(s.put(file));
    },
    async get(id) {
      const hit = memory.get(id);
      if (hit) return hit;
      const s = await store('readonly');
      const found = s ? ((await request(s.get(id))) as PendingFile | undefined) : undefined;
      if (found) memory.set(id, found);
      return found ?? null;
    },
    async delete(id) {
      memory.delete(id);
      const s = await store('readwrite');
      if (s) await request(s.delete(id));
    },
  };
}
