import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { holdAnswerPieces } from '@tandem/editor';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Counts the transactions that changed `doc` (what each costs the editor: a y-prosemirror rebuild). */
function countChanges(doc: Y.Doc): { count: number } {
  const counter = { count: 0 };
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.changed.size > 0) counter.count++;
  });
  return counter;
}

/** A stock client on `docId` that has not connected yet, its changes counted. */
function reader(server: TestServer, docId: string): { client: TestClient; changes: { count: number } } {
  const doc = new Y.Doc();
  const changes = countChanges(doc);
  return { client: connectClient(server.url, docId, { connect: false, doc }), changes };
}

// The editor applies a large sync answer (pieces, then the step 2) in one transaction.
describe('holdAnswerPieces', () => {
  let server: TestServer;
  let writer: TestClient;
  const docId = 'held-answer';
  beforeAll(async () => {
    server = await startTestServer({ MAX_FRAME_BYTES: String(4 << 20), MAX_BYTES_PER_SECOND: String(64 << 20) });
    writer = connectClient(server.url, docId);
    await synced(writer);
    // about 1.3 MB in 20 transactions of 400 lines each
    for (let i = 0; i < 20; i++) writer.doc.transact(() => { for (let k = 0; k < 400; k++) writer.text.insert(0, `line ${i}.${k} `.padEnd(160, 'of a long document ') + '\n'); });
    await waitFor(() => server.sync.room(docId)?.stateVector().toString() === Y.encodeStateVector(writer.doc).toString(), 'the server to hold it', 60_000);
    await server.sync.flush();
  }, 120_000);
  afterAll(async () => {
    writer.destroy();
    await server.dispose();
  });

  it('applies the pieces of a large answer in one transaction, and live updates as they come', { timeout: 60_000 }, async () => {
    // without it, the stock client applies the answer piece by piece
    const plain = reader(server, docId);
    plain.client.provider.connect();
    await synced(plain.client);
    expect(plain.client.text.toString()).toBe(writer.text.toString());
    expect(plain.changes.count).toBeGreaterThan(2);
    plain.client.destroy();

    const held = reader(server, docId);
    holdAnswerPieces(held.client.provider);
    held.client.provider.connect();
    await synced(held.client);
    expect(held.client.text.toString()).toBe(writer.text.toString());
    expect(held.changes.count).toBe(1);

    // once synced, a writer's change arrives on its own, at once
    writer.text.insert(0, 'live ');
    await waitFor(() => held.client.text.toString().startsWith('live '), 'the live change');
    expect(held.changes.count).toBe(2);
    held.client.destroy();
  });
});
