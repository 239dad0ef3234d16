// Measures the heap one idle room costs in the built sync core: N documents, each opened by one
// in-memory connection that syncs like the stock y-websocket client (step 1 with an empty state
// vector, then the empty step-2 reply), minus the cost of one more connection per room.
// Usage: node --expose-gc packages/sync/scripts/room-cost.mjs [rooms] [snapshot-file]
import { writeHeapSnapshot } from 'node:v8';
import { createMemoryStore } from '@tandem/store';
import { writeSyncStep1, writeSyncStep2 } from '@tandem/protocol';
import { createSyncServer } from '../dist/index.js';

const rooms = Number(process.argv[2] ?? 2000);
const snapshotFile = process.argv[3];
const hello = writeSyncStep1(new Uint8Array([0]));
const emptyReply = writeSyncStep2(new Uint8Array([0, 0]));
const conn = () => ({ send() {}, close() {} });
const settle = () => new Promise((r) => setTimeout(r, 50));
async function heap() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await settle();
  }
  return process.memoryUsage().heapUsed;
}

const sync = createSyncServer({ store: createMemoryStore(), maxDocuments: rooms * 2 });
async function openAll() {
  const sessions = [];
  for (let d = 0; d < rooms; d++) {
    const s = sync.connect(conn(), { docId: `doc-${d}` });
    s.receive(hello);
    s.receive(emptyReply);
    sessions.push(s);
  }
  await Promise.all(sessions.map((s) => s.drain()));
  return sessions;
}
// warm up code paths (and the store's first allocations) on other documents
const warm = [];
for (let d = 0; d < 50; d++) warm.push(sync.connect(conn(), { docId: `warm-${d}` }));
await Promise.all(warm.map((s) => s.drain()));
const h0 = await heap();
const first = await openAll();
const h1 = await heap();
const second = await openAll();
const h2 = await heap();
const perConn = (h2 - h1) / rooms;
const perRoom = (h1 - h0) / rooms - perConn;
console.log(`${rooms} rooms: ${(perRoom / 1024).toFixed(2)} KiB/room, ${(perConn / 1024).toFixed(2)} KiB/connection`);
if (snapshotFile) console.log('snapshot', writeHeapSnapshot(snapshotFile));
void [first, second]; // keep both sets open until measured
