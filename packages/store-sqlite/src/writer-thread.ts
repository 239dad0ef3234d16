// The SQLite store's writer thread: owns the connection that writes the update log, so the disk
// sync of each commit never blocks the main thread's event loop. Erasable TypeScript with `.ts`
// imports: Node runs it from src/ (tests) by stripping the types, and tsc builds it to dist/.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { unpackBatch } from './batch-wire.ts';
import type { WriterRequest } from './writer-protocol.ts';
import { openDatabase, prepareWrites } from './writes.ts';

/** What the store hands the thread when it starts it. */
export interface WriterThreadData {
  path: string;
  synchronous: 'full' | 'normal' | undefined;
}

const port = parentPort as MessagePort;
const { path, synchronous } = workerData as WriterThreadData;
const db = openDatabase(path, synchronous);
const writes = prepareWrites(db);

const perform = (req: WriterRequest): unknown => {
  switch (req.op) {
    case 'commit':
      return writes.commit(unpackBatch(req.batch), req.t);
    case 'compact':
      return writes.compact(req.docId, req.snapshot, req.through);
    case 'delete':
      return writes.remove(req.docId);
    case 'saveVersion':
      return writes.saveVersion(req.docId, req.kind, req.label, req.authors, req.createdAt, req.state);
    case 'trash':
      return writes.trash(req.docId, req.deletedAt);
    case 'untrash':
      return writes.untrash(req.docId);
    case 'close':
      db.close();
      return undefined;
  }
};

port.on('message', (req: WriterRequest) => {
  try {
    port.postMessage({ id: req.id, ok: true, value: perform(req) });
  } catch (err) {
    const e = err as { message?: string; code?: string } | null;
    port.postMessage({ id: req.id, ok: false, message: String(e?.message ?? err), code: e?.code });
  }
  if (req.op === 'close') port.close();
});
