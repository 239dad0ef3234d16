import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { splitUpdate, splitUpdateAtStructs } from './split-update.js';

const paragraphs = (doc: Y.Doc, n: number, text: (i: number) => string) => {
  const fragment = doc.getXmlFragment('prosemirror');
  doc.transact(() => {
    for (let i = 0; i < n; i++) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text(i))]);
      fragment.push([p]);
    }
  });
};

const applyAll = (chunks: Uint8Array[], base?: Uint8Array) => {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  for (const c of chunks) Y.applyUpdate(doc, c);
  return doc;
};

describe('splitUpdate', () => {
  it('returns a small update as it is', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hi');
    const u = Y.encodeStateAsUpdate(doc);
    expect(splitUpdate(u, 1000)).toEqual([u]);
  });

  it('cuts a 1.3 MB paste of 6,000 paragraphs into chunks under the target that rebuild it in order or not', () => {
    const doc = new Y.Doc();
    paragraphs(doc, 6000, (i) => `Paragraph ${i} `.padEnd(215, 'x'));
    const update = Y.encodeStateAsUpdate(doc);
    expect(update.length).toBeGreaterThan(1_300_000);
    const chunks = splitUpdate(update, 64 * 1024);
    expect(chunks.length).toBeGreaterThan(20);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(64 * 1024);
    expect(applyAll(chunks).getXmlFragment('prosemirror').toString()).toBe(doc.getXmlFragment('prosemirror').toString());
    expect(applyAll([...chunks].reverse()).getXmlFragment('prosemirror').toString()).toBe(doc.getXmlFragment('prosemirror').toString());
  });

  it('cuts one long text item, keeps surrogate pairs whole, and sends deletions last', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    const before = Y.encodeStateAsUpdate(doc);
    const sv = Y.encodeStateVector(doc);
    text.insert(0, 'old text to delete. ');
    const base = Y.encodeStateAsUpdate(doc);
    const baseSv = Y.encodeStateVector(doc);
    doc.transact(() => {
      text.delete(0, 4);
      text.insert(text.length, '😀é'.repeat(200_000));
    });
    const update = Y.encodeStateAsUpdate(doc, baseSv);
    const chunks = splitUpdate(update, 50_000);
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(50_000);
    expect(applyAll(chunks, base).getText('t').toString()).toBe(text.toString());
    expect(before.length + sv.length).toBeGreaterThan(0);
  });

  it('splits a merged update from several clients (a long offline session)', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    paragraphs(a, 2000, (i) => `a${i}`.padEnd(100, 'a'));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    paragraphs(b, 2000, (i) => `b${i}`.padEnd(100, 'b'));
    a.getXmlFragment('prosemirror').delete(10, 500);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const update = Y.encodeStateAsUpdate(b);
    const chunks = splitUpdate(update, 32 * 1024);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(32 * 1024);
    expect(applyAll(chunks).getXmlFragment('prosemirror').toString()).toBe(b.getXmlFragment('prosemirror').toString());
  });
});

describe('splitUpdateAtStructs', () => {
  /** A document edited by two clients, with deletions and one paste larger than the target. */
  const edited = () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    paragraphs(a, 1500, (i) => `a${i}`.padEnd(120, 'a'));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    paragraphs(b, 1500, (i) => `b${i}`.padEnd(120, 'b'));
    b.getText('paste').insert(0, 'pasted '.repeat(20_000));
    a.getXmlFragment('prosemirror').delete(10, 300);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    return b;
  };

  it('returns a small update as it is', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hi');
    const u = Y.encodeStateAsUpdate(doc);
    expect(splitUpdateAtStructs(u, 1000)).toEqual([u]);
  });

  it('cuts at struct boundaries into pieces under the target (a larger struct alone) that rebuild the document in order', () => {
    const doc = edited();
    const update = Y.encodeStateAsUpdate(doc);
    const target = 32 * 1024;
    const pieces = splitUpdateAtStructs(update, target);
    expect(pieces.length).toBeGreaterThan(10);
    const over = pieces.filter((p) => p.length > target);
    expect(over.length).toBe(1); // the 140 KB paste, one struct
    expect(over[0]!.length).toBeGreaterThan(140_000);
    const rebuilt = applyAll(pieces);
    expect(rebuilt.getXmlFragment('prosemirror').toString()).toBe(doc.getXmlFragment('prosemirror').toString());
    expect(rebuilt.getText('paste').toString()).toBe(doc.getText('paste').toString());
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));
    expect(rebuilt.store.pendingStructs).toBeNull();
    expect(rebuilt.store.pendingDs).toBeNull();
    // each piece is a valid update on its own (applied alone to a fresh document, Yjs does not throw)
    for (const p of pieces) expect(() => Y.applyUpdate(new Y.Doc(), p)).not.toThrow();
  });

  it('keeps the deletions for the last piece and refuses bytes that are not an update', () => {
    const doc = edited();
    const pieces = splitUpdateAtStructs(Y.encodeStateAsUpdate(doc), 64 * 1024);
    for (const p of pieces.slice(0, -1)) expect(Y.decodeUpdate(p).ds.clients.size).toBe(0);
    expect(Y.decodeUpdate(pieces.at(-1)!).ds.clients.size).toBeGreaterThan(0);
    expect(() => splitUpdateAtStructs(new Uint8Array(100).fill(7), 10)).toThrow();
  });
});
