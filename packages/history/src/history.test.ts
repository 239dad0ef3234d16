import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStore } from '@tandem/store';
import { type Connection, createSyncServer, type SyncServer } from '@tandem/sync';
import { writeSyncStep1, writeUpdate } from '@tandem/protocol';
import { CONTENT_FRAGMENT, getTitle, META_MAP, setTitle, TITLE_KEY, TITLE_TEXT } from '@tandem/document';
import { createVersionKeeper, docFromState, restoreVersion } from './index.js';

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  return p;
}

function textOf(doc: Y.Doc): string {
  return doc
    .getXmlFragment(CONTENT_FRAGMENT)
    .toArray()
    .map((n) => (n as Y.XmlElement).toArray().map((t) => (t as Y.XmlText).toString()).join(''))
    .join('\n');
}

/** Writes `text` as a new paragraph through a real session, as a client would. */
function clientEdit(server: SyncServer, docId: string, name: string) {
  const doc = new Y.Doc();
  const conn: Connection = { send: () => {}, close: () => {} };
  const session = server.connect(conn, { docId, context: { name } });
  session.receive(writeSyncStep1(new Uint8Array([0])));
  return {
    write(text: string) {
      const before = Y.encodeStateVector(doc);
      doc.getXmlFragment(CONTENT_FRAGMENT).push([paragraph(text)]);
      session.receive(writeUpdate(Y.encodeStateAsUpdate(doc, before)));
    },
    leave: () => session.socketClosed(),
  };
}

describe('version keeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps a version when a burst settles, at most one per interval, and when the last one leaves', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);
    const store = createMemoryStore();
    let sync!: SyncServer;
    const keeper = createVersionKeeper({
      store,
      sync: () => sync,
      settleMs: 30,
      minIntervalMs: 200,
      authorOf: (s) => (s.context as { name: string }).name,
    });
    sync = createSyncServer({ store, hooks: keeper.hooks });
    const ada = clientEdit(sync, 'd', 'Ada');
    ada.write('one');
    ada.write('two');
    await wait(80);
    let versions = await store.listVersions('d');
    expect(versions.map((v) => v.authors)).toEqual([['Ada']]);
    ada.write('three');
    await wait(80); // settled, but within the minimum interval: no new version yet
    expect((await store.listVersions('d')).length).toBe(1);
    await wait(200);
    versions = await store.listVersions('d');
    expect(versions.length).toBe(2);
    const latest = docFromState((await store.getVersion('d', versions[0]!.id))!.state);
    expect(textOf(latest)).toBe('one\ntwo\nthree');

    const bob = clientEdit(sync, 'd', 'Bob');
    bob.write('four');
    await wait(5);
    ada.leave();
    bob.leave();
    await wait(50);
    versions = await store.listVersions('d');
    expect(versions.length).toBe(3);
    expect(versions[0]!.authors).toEqual(['Bob']);
    await keeper.close();
  });
});

describe('restoreVersion', () => {
  it('restores as a new change, keeping the state before it as a version', async () => {
    const store = createMemoryStore();
    const sync = createSyncServer({ store });
    await sync.change('d', (doc) => {
      doc.getXmlFragment(CONTENT_FRAGMENT).push([paragraph('original')]);
      doc.getMap(META_MAP).set(TITLE_KEY, 'First title'); // a legacy (meta-map) title
    });
    const v1 = await store.saveVersion('d', { kind: 'named', label: 'v1', state: Y.encodeStateAsUpdate((await sync.snapshot('d'))!) });
    await sync.change('d', (doc) => {
      const f = doc.getXmlFragment(CONTENT_FRAGMENT);
      f.delete(0, 1);
      f.push([paragraph('rewritten'), paragraph('and more')]);
      setTitle(doc, 'Second title'); // migrates it into the shared text
    });
    const result = (await restoreVersion(sync, store, 'd', v1.id, 'Ada'))!;
    expect(result.restored.id).toBe(v1.id);
    const now = (await sync.snapshot('d'))!;
    expect(textOf(now)).toBe('original');
    expect(getTitle(now)).toBe('First title');
    expect(now.getText(TITLE_TEXT).toString()).toBe('First title');
    const before = docFromState((await store.getVersion('d', result.before.id))!.state);
    expect(textOf(before)).toBe('rewritten\nand more');
    expect(result.before).toMatchObject({ kind: 'pre-restore', authors: ['Ada'] });
    await restoreVersion(sync, store, 'd', result.before.id);
    expect(getTitle((await sync.snapshot('d'))!)).toBe('Second title'); // a shared-text title restores too
    expect(await restoreVersion(sync, store, 'd', 'missing')).toBeNull();

    // undo the restore by restoring the pre-restore version
    await restoreVersion(sync, store, 'd', result.before.id);
    expect(textOf((await sync.snapshot('d'))!)).toBe('rewritten\nand more');
  });

  it('replaces only the blocks that differ', async () => {
    const store = createMemoryStore();
    const sync = createSyncServer({ store });
    await sync.change('d', (doc) => doc.getXmlFragment(CONTENT_FRAGMENT).push(['a', 'b', 'c', 'd'].map(paragraph)));
    const v1 = await store.saveVersion('d', { kind: 'named', state: Y.encodeStateAsUpdate((await sync.snapshot('d'))!) });
    await sync.change('d', (doc) => {
      const f = doc.getXmlFragment(CONTENT_FRAGMENT);
      f.delete(1, 2);
      f.insert(1, [paragraph('B'), paragraph('C'), paragraph('extra')]);
    });
    const before = (await sync.snapshot('d'))!;
    const kept = [0, 4].map((i) => before.getXmlFragment(CONTENT_FRAGMENT).get(i) as Y.XmlElement);
    const ids = kept.map((el) => el._item!.id);
    await restoreVersion(sync, store, 'd', v1.id);
    const after = (await sync.snapshot('d'))!;
    expect(textOf(after)).toBe('a\nb\nc\nd');
    const frag = after.getXmlFragment(CONTENT_FRAGMENT);
    // the first and last paragraphs are the very same Yjs items, not copies
    expect((frag.get(0) as Y.XmlElement)._item!.id).toEqual(ids[0]);
    expect((frag.get(3) as Y.XmlElement)._item!.id).toEqual(ids[1]);
  });
});
