import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { editTitle, getTitle, MAX_TITLE_CHARS, META_MAP, migrateTitle, observeTitle, setTitle, TITLE_KEY, TITLE_TEXT } from './index.js';

/** Two replicas of one document that exchange their full states (as after a reconnect). */
const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

/** A document written before the shared title: its title is a string in the meta map. */
const legacyDoc = (title: string) => {
  const doc = new Y.Doc();
  doc.getMap(META_MAP).set(TITLE_KEY, title);
  return doc;
};

const replicaOf = (doc: Y.Doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};

describe('the collaborative title', () => {
  it('keeps both people’s characters when they type in it at once', () => {
    const a = new Y.Doc();
    setTitle(a, 'Plan');
    const b = replicaOf(a);
    editTitle(a, { index: 0, remove: 0, insert: 'Q3 ' }); // "Q3 Plan"
    editTitle(b, { index: 4, remove: 0, insert: ' draft' }); // "Plan draft"
    sync(a, b);
    expect(getTitle(a)).toBe('Q3 Plan draft');
    expect(getTitle(b)).toBe('Q3 Plan draft');
  });

  it('renames with the smallest change, so a concurrent rename and typing merge', () => {
    const a = new Y.Doc();
    setTitle(a, 'Meeting notes');
    const b = replicaOf(a);
    setTitle(a, 'Meeting notes, March'); // appends
    editTitle(b, { index: 0, remove: 0, insert: 'Team ' });
    sync(a, b);
    expect(getTitle(a)).toBe('Team Meeting notes, March');
    expect(getTitle(b)).toBe(getTitle(a));
  });

  it('reads a legacy title until the first edit moves it into the shared text, once', () => {
    const doc = legacyDoc('Old title');
    expect(getTitle(doc)).toBe('Old title');
    expect(doc.getText(TITLE_TEXT).length).toBe(0);
    const own = doc.clientID;
    editTitle(doc, { index: 9, remove: 0, insert: '!' });
    expect(doc.clientID).toBe(own); // the migration is a local change: Yjs keeps the client id
    expect(getTitle(doc)).toBe('Old title!');
    expect(doc.getMap(META_MAP).has(TITLE_KEY)).toBe(false);
    migrateTitle(doc); // nothing left to migrate
    expect(getTitle(doc)).toBe('Old title!');
    setTitle(doc, '');
    expect(getTitle(doc)).toBe(''); // cleared stays cleared: no fallback to the old string
  });

  it('never doubles a legacy title two people migrate at the same time', () => {
    const server = legacyDoc('Budget');
    const a = replicaOf(server);
    const b = replicaOf(server);
    editTitle(a, { index: 6, remove: 0, insert: ' 2027' }); // "Budget 2027"
    editTitle(b, { index: 0, remove: 0, insert: 'Draft ' }); // "Draft Budget"
    sync(a, server);
    sync(b, server);
    sync(a, server);
    for (const doc of [a, b, server]) expect(getTitle(doc)).toBe('Draft Budget 2027');
    for (const doc of [a, b, server]) expect(doc.getMap(META_MAP).has(TITLE_KEY)).toBe(false);
  });

  it('keeps a clear of a migrated title when another replica migrates later, offline', () => {
    const server = legacyDoc('Scratch');
    const late = replicaOf(server); // offline from here
    setTitle(server, ''); // migrates, then clears
    expect(getTitle(server)).toBe('');
    editTitle(late, { index: 7, remove: 0, insert: 'pad' }); // "Scratchpad" offline, migrating again
    sync(late, server);
    expect(getTitle(server)).toBe('pad');
    expect(getTitle(late)).toBe('pad');
  });

  it('migrates a legacy title an old client set again after a migration under its own id', () => {
    const doc = legacyDoc('Again');
    setTitle(doc, ''); // migrated under the shared id, then cleared
    doc.getMap(META_MAP).set(TITLE_KEY, 'Again'); // an old client renames it back
    expect(getTitle(doc)).toBe('Again');
    editTitle(doc, { index: 5, remove: 0, insert: '!' });
    expect(getTitle(doc)).toBe('Again!'); // not swallowed by the shared id's earlier, deleted item
  });

  it('keeps a migration and a rename API call on the same legacy document once', () => {
    const server = legacyDoc('Roadmap');
    const client = replicaOf(server);
    setTitle(server, 'Roadmap 2027'); // the rename API, migrating on the server
    editTitle(client, { index: 0, remove: 0, insert: 'Public ' });
    sync(client, server);
    expect(getTitle(server)).toBe('Public Roadmap 2027');
    expect(getTitle(client)).toBe('Public Roadmap 2027');
  });

  it('cuts what people type at once to MAX_TITLE_CHARS for readers, and local inserts to fit', () => {
    const a = new Y.Doc();
    setTitle(a, 'x'.repeat(MAX_TITLE_CHARS - 10));
    const b = replicaOf(a);
    editTitle(a, { index: 0, remove: 0, insert: 'a'.repeat(30) }); // cut to the 10 that fit
    expect(a.getText(TITLE_TEXT).length).toBe(MAX_TITLE_CHARS);
    editTitle(b, { index: 0, remove: 0, insert: 'b'.repeat(10) });
    sync(a, b);
    expect(getTitle(a)).toHaveLength(MAX_TITLE_CHARS);
    expect(getTitle(a)).toBe(getTitle(b));
  });

  it('tells observers about remote edits and migrations, not about unrelated changes', () => {
    const server = legacyDoc('One');
    const client = replicaOf(server);
    const seen: string[] = [];
    const stop = observeTitle(client, (t) => seen.push(t));
    client.getMap(META_MAP).set('other', 1);
    editTitle(server, { index: 3, remove: 0, insert: ' two' });
    sync(server, client);
    expect(seen).toEqual(['One two']);
    stop();
  });
});
