import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStore } from '@tandem/store';
import { createSyncServer } from './sync-server.js';
import { PeerClient } from './testing/peer-client.js';

describe('compaction on a large document', () => {
  it('waits until the log holds a quarter of the last snapshot, so its cost per stored byte stays flat', async () => {
    const store = createMemoryStore();
    const snapshots: number[] = [];
    const compact = store.compact.bind(store);
    store.compact = async (docId, snapshot, through) => {
      snapshots.push(snapshot.length);
      return compact(docId, snapshot, through);
    };
    const server = createSyncServer({ store, compactAfterBytes: 16 * 1024 });
    const a = new PeerClient(server, 'big');
    a.hello();
    // 200 edits of 8 KB each: 1.6 MB; a threshold of 16 KB alone would compact ~100 times
    const text = a.doc.getText('t');
    for (let i = 0; i < 200; i++) {
      text.insert(0, `${i} `.padEnd(8000, 'z'));
      await server.flush();
    }
    expect(snapshots.length).toBeGreaterThan(3);
    expect(snapshots.length).toBeLessThan(25); // geometric: each snapshot 1.25x the last at least
    const written = snapshots.reduce((n, b) => n + b, 0);
    expect(written).toBeLessThan(6 * 1_600_000); // bytes written by compactions: a few times the document, not its square
    const doc = new Y.Doc();
    for (const u of (await store.load('big'))!.updates) Y.applyUpdate(doc, u);
    expect(doc.getText('t').toString()).toBe(text.toString());
    await server.shutdown();
  });
});
