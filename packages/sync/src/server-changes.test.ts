import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStore } from '@tandem/store';
import { composeHooks, type Connection, createSyncServer } from './index.js';
import { writeSyncStep1 } from '@tandem/protocol';

const frames = () => {
  const sent: Uint8Array[] = [];
  const conn: Connection = { send: (f) => sent.push(f), close: () => {} };
  return { sent, conn };
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('server-made changes', () => {
  it('stores a change to an unloaded document and unloads it again', async () => {
    const store = createMemoryStore();
    const server = createSyncServer({ store });
    await server.change('doc', (doc) => doc.getText('t').insert(0, 'seeded'));
    await wait(10);
    expect(server.room('doc')).toBeUndefined();
    const copy = (await server.snapshot('doc'))!;
    expect(copy.getText('t').toString()).toBe('seeded');
    expect(await server.snapshot('never')).toBeNull();
  });

  it('relays a change to every connected session once stored', async () => {
    const server = createSyncServer({ store: createMemoryStore() });
    const a = frames();
    const session = server.connect(a.conn, { docId: 'doc' });
    session.receive(writeSyncStep1(new Uint8Array([0])));
    await wait(10);
    const before = a.sent.length;
    await server.change('doc', (doc) => doc.getText('t').insert(0, 'hi'));
    const relayed = a.sent.slice(before).filter((f) => f[0] === 0 && f[1] === 2);
    expect(relayed.length).toBe(1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, relayed[0]!.subarray(3));
    expect(doc.getText('t').toString()).toBe('hi');
  });

  it('composes hook sets: read-only wins, notifications reach all', async () => {
    const seen: string[] = [];
    const hooks = composeHooks(
      { beforeConnect: () => ({}), onChange: () => void seen.push('a') },
      { beforeConnect: () => ({ readOnly: true }), onChange: () => void seen.push('b') },
    );
    expect(await hooks.beforeConnect!({ docId: 'd', context: null })).toEqual({ readOnly: true });
    hooks.onChange!({ docId: 'd', update: new Uint8Array(), session: null, clock: 1 });
    expect(seen).toEqual(['a', 'b']);
  });
});
