import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@tandem/protocol';
import { createMemoryStore } from '@tandem/store';
import { createSyncServer } from './index.js';
import { PeerClient, until } from './testing/peer-client.js';

const BUDGET = 64 << 10;

/** Sync step 2 frames a client received (message type 0, step 2). */
const answers = (client: PeerClient) => client.received.filter((f) => f[0] === 0 && f[1] === 1).length;

/** A server holding document `d`: 40,000 characters with every other one deleted (a delete set of about 90 KiB). */
async function editedDocument() {
  const server = createSyncServer({ store: createMemoryStore(), maxAnswerBytesPerSecond: BUDGET });
  const writer = new PeerClient(server, 'd');
  writer.hello();
  const text = writer.doc.getText('t');
  writer.doc.transact(() => text.insert(0, 'x'.repeat(40_000)));
  writer.doc.transact(() => {
    for (let i = 20_000; i > 0; i--) text.delete(2 * i - 1, 1);
  });
  expect(Y.encodeStateAsUpdate(writer.doc, Y.encodeStateVector(writer.doc)).length).toBeGreaterThan(BUDGET);
  await until(() => server.room('d')?.doc.getText('t').length === 20_000, 'the server to hold the edits');
  return { server, writer };
}

describe('the sync answer budget', () => {
  it('lets a client that holds everything ask again and again: the delete set every answer carries counts only in part', async () => {
    const { server } = await editedDocument();
    const reader = new PeerClient(server, 'd');
    reader.hello(); // the whole document: the first answer is free
    await until(() => answers(reader) === 1 && reader.text().length === 20_000, 'the first answer');
    for (let i = 0; i < 10; i++) reader.hello(); // as the editor does to confirm its changes are stored
    await until(() => answers(reader) === 11 || reader.closed !== null, 'ten more answers');
    expect(reader.closed).toBeNull();
    expect(answers(reader)).toBe(11);
  });

  it('still closes a client asking again and again for what it lacks (1008)', async () => {
    const { server } = await editedDocument();
    const greedy = new PeerClient(server, 'd', false, new Y.Doc());
    // it asks with an empty state vector every time and never applies what it gets
    const emptyStep1 = new Uint8Array([0, 0, 1, 0]);
    for (let i = 0; i < 4; i++) greedy.session.receive(emptyStep1);
    await until(() => greedy.closed !== null, 'the greedy client to be closed');
    expect(greedy.closed!.code).toBe(CloseCode.policyViolation);
    expect(greedy.closed!.reason).toBe('too many sync requests');
  });
});
