import * as Y from 'yjs';
import { writeAwareness, writeAwarenessUpdate, writeQueryAwareness, writeSyncStep1, writeSyncStep2, writeUpdate } from '@tandem/protocol';

/** Real frames an honest peer would send: updates of every content kind, state vectors, presence. */
export function realFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('t');
  text.insert(0, 'hello world');
  text.format(0, 5, { bold: true });
  text.insertEmbed(3, { image: 'x.png' });
  text.delete(2, 3);
  const map = doc.getMap('m');
  map.set('n', 42);
  map.set('f', 1.5);
  map.set('big', 2n ** 60n);
  map.set('obj', { a: [1, 'two', null, true, { deep: [new Uint8Array([1, 2])] }] });
  map.set('bin', new Uint8Array([9, 8, 7]));
  map.set('sub', new Y.Map());
  const arr = doc.getArray('a');
  arr.push([1, 2, 3, 'x', { k: 'v' }]);
  arr.delete(1, 2);
  const xml = doc.getXmlFragment('x');
  const el = new Y.XmlElement('p');
  el.setAttribute('class', 'c');
  el.insert(0, [new Y.XmlText('para')]);
  xml.insert(0, [el]);
  const frames = updates.flatMap((u) => [writeUpdate(u), writeSyncStep2(u)]);
  frames.push(writeSyncStep2(Y.encodeStateAsUpdate(doc)));
  frames.push(writeSyncStep1(Y.encodeStateVector(doc)));
  frames.push(writeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  frames.push(writeAwareness(writeAwarenessUpdate([{ clientId: 99, clock: 1, state: '{"user":{"name":"z"},"cursor":{"a":1}}' }])));
  frames.push(writeQueryAwareness());
  return frames;
}

/** Known hostile shapes, each of which once crashed or stalled some Yjs server. */
export function regressionFrames(): (Uint8Array | string)[] {
  const deepAny = [0, 2];
  const nest: number[] = [1, 1, 0, 0, 0, 8, 1]; // 1 client, 1 struct, client 0, clock 0, info 8 (any), parent... simplified
  for (let i = 0; i < 5000; i++) nest.push(117, 1);
  const v2 = Y.encodeStateAsUpdateV2((() => {
    const d = new Y.Doc();
    d.getText('t').insert(0, 'v2 bytes');
    return d;
  })());
  return [
    new Uint8Array([0, 2, 7, 1, 0xff, 0xff, 0xff, 0x03, 0, 0, 0, 0]), // millions of structs declared in a few bytes
    new Uint8Array([0, 2, 5, 0xff, 0xff, 0xff, 0x03, 0]), // millions of clients
    new Uint8Array([0, 2, 6, 0, 0xff, 0xff, 0xff, 0x7f, 0]), // delete set: huge client count
    new Uint8Array([0, 0, 5, 0xff, 0xff, 0xff, 0x7f, 0]), // state vector: huge count
    new Uint8Array([1, 5, 0xff, 0xff, 0xff, 0x7f, 0]), // awareness: huge count
    new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]), // length far past the frame
    new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), // varint overflow
    new Uint8Array([...deepAny, ...varUint(nest.length), ...nest]), // deeply nested any
    (() => {
      const f = new Uint8Array(v2.length + 4);
      f.set([0, 2, ...varUint(v2.length)]);
      f.set(v2, 2 + varUint(v2.length).length);
      return f.subarray(0, 2 + varUint(v2.length).length + v2.length);
    })(), // a v2 update sent as v1
    new Uint8Array([]),
    new Uint8Array([2, 0, 3, 0xff, 0xfe, 0xfd]), // auth frame with invalid UTF-8
    'plain text frame',
    '\u0000\u0002\u0007',
  ];
}

/** lib0's varUint encoding of `n`. */
export function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
