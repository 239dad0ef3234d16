// The SQLite store's writer thread: owns the connection that writes the update log, so the disk
// sync of each commit never blocks the main thread's event loop. Plain JavaScript so it runs from
// src/ (tests) as well as dist/ (built server): a worker thread on Node 20 cannot load TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import { unpackBatch } from './batch-wire.mjs';
import { openDatabase, prepareWrites } from './writes.mjs';

/** @typedef {import('./writer-protocol.js').WriterRequest} WriterRequest */

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { path, synchronous } = /** @type {{ path: string, synchronous: 'full' | 'normal' | undefined }} */ (workerData);
const db = openDatabase(path, synchronous);
const writes = prepareWrites(db);

/** @param {WriterRequest} req */
const perform = (req) => {
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

port.on('message', (/** @type {WriterRequest} */ req) => {
  try {
    port.postMessage({ id: req.id, ok: true, value: perform(req) });
  } catch (err) {
    const e = /** @type {{ message?: string, code?: string }} */ (err);
    port.postMessage({ id: req.id, ok: false, message: String(e?.message ?? err), code: e?.code });
  }
  if (req.op === 'close') port.close();
});
