import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DecodeError } from './errors.js';
import { assertBoundedStateVector, assertBoundedUpdate } from './update-bounds.js';

/** Real updates of every content kind Yjs writes. */
function realUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('t');
  text.insert(0, 'hello wörld 😀');
  text.format(0, 5, { bold: true });
  text.insertEmbed(2, { image: 'a.png' });
  text.delete(1, 4);
  const map = doc.getMap('m');
  map.set('any', { a: [1, 2.5, 'x', null, true, false, undefined, { b: new Uint8Array([1]) }] });
  map.set('big', 2n ** 60n);
  map.set('bin', new Uint8Array([1, 2, 3]));
  map.set('nested', new Y.Map());
  map.set('sub', new Y.Doc());
  doc.getArray('a').push([1, 'two', [3]]);
  const el = new Y.XmlElement('p');
  el.insert(0, [new Y.XmlText('x')]);
  doc.getXmlFragment('x').insert(0, [el, new Y.XmlHook('h') as unknown as Y.XmlElement]);
  map.delete('big');
  return [...updates, Y.encodeStateAsUpdate(doc)];
}

const refused = (bytes: number[] | Uint8Array) => {
  try {
    assertBoundedUpdate(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  } catch (err) {
    return err instanceof DecodeError ? err.code : `other: ${String(err)}`;
  }
  return 'accepted';
};

describe('bounded update walk', () => {
  it('accepts every real update, and state vectors', () => {
    for (const u of realUpdates()) expect(refused(u)).toBe('accepted');
    expect(refused(Y.encodeStateAsUpdate(new Y.Doc()))).toBe('accepted');
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    expect(() => assertBoundedStateVector(Y.encodeStateVector(doc))).not.toThrow();
  });

  it('refuses a few bytes that declare millions of structs, clients or ranges, before Yjs sees them', () => {
    const cases = [
      [1, 0xff, 0xff, 0xff, 0x03, 0, 0, 0], // millions of structs
      [0xff, 0xff, 0xff, 0x03, 0], // millions of clients
      [0, 0xff, 0xff, 0xff, 0x7f], // delete set: millions of clients
      [0, 1, 1, 0xff, 0xff, 0xff, 0x03], // delete set: millions of ranges
    ];
    for (const c of cases) expect(refused(c)).toBe('count-exceeds-frame');
    expect(() => assertBoundedStateVector(new Uint8Array([0xff, 0xff, 0xff, 0x7f, 1]))).toThrow(DecodeError);
  });

  it('refuses every truncation of a real update', () => {
    const full = Y.encodeStateAsUpdate((() => {
      const d = new Y.Doc();
      d.getText('t').insert(0, 'abc');
      d.getMap('m').set('k', { v: [1, 2] });
      return d;
    })());
    for (let n = 0; n < full.length; n++) expect(refused(full.subarray(0, n)), `cut at ${n}`).not.toBe('accepted');
    expect(refused([...full, 0])).toBe('trailing-bytes');
  });

  it('refuses shapes Yjs never writes and fails on: zero lengths, unknown tags, deep nesting, huge clocks, self-references', () => {
    // one client, one struct, client 1, clock 0, then the struct
    const struct = (...bytes: number[]) => [1, 1, 1, 0, ...bytes, 0];
    expect(refused(struct(0, 0))).toBe('zero-length'); // GC of length 0
    expect(refused(struct(4, 1, 1, 0x74, 0))).toBe('zero-length'); // empty string item under root "t"
    expect(refused(struct(11, 1, 1, 0x74))).toBe('unknown-tag'); // content ref 11
    expect(refused(struct(7, 1, 1, 0x74, 9))).toBe('unknown-tag'); // type ref 9
    const deep = [8, 1, 1, 0x74, 1];
    for (let i = 0; i < 200; i++) deep.push(117, 1);
    deep.push(126);
    expect(refused(struct(...deep))).toBe('too-deep');
    expect(refused([1, 1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 1, 0])).toBe('count-exceeds-frame'); // clock 2^32
    expect(refused([1, 1, 1, 5, 0x81, 1, 9, 1, 0])).toBe('count-exceeds-frame'); // origin at a later clock of its own client
    expect(refused([0, 1, 1, 1, 0, 0])).toBe('zero-length'); // delete range of length 0
  });
});
