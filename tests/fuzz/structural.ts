import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { Random } from '../helpers/random.js';

type Struct = Y.Item | Y.GC | Y.Skip;

/** Random edits on a fresh document (text with formatting and deletions, maps, arrays, XML). */
function editedDoc(rng: Random, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const text = doc.getText(rng.pick(['t', 't', 'x']));
  for (let i = 0, n = 1 + rng.int(6); i < n; i++) {
    const r = rng.next();
    if (r < 0.4) text.insert(rng.int(text.length + 1), rng.word());
    else if (r < 0.55 && text.length > 0) text.delete(rng.int(text.length), 1 + rng.int(3));
    else if (r < 0.65 && text.length > 0) text.format(0, 1 + rng.int(text.length), { bold: true });
    else if (r < 0.8) doc.getMap('m').set(rng.word(), rng.pick([1, 'x', null, { a: 1 }, new Y.Map()]));
    else if (r < 0.9) doc.getArray('a').insert(0, [rng.word(), 2]);
    else {
      const el = new Y.XmlElement('p');
      el.insert(0, [new Y.XmlText(rng.word())]);
      doc.getXmlFragment('prosemirror').insert(0, [el]);
      if (rng.next() < 0.5) doc.getXmlFragment('prosemirror').delete(0, 1); // deleted with its children: GC structs
    }
  }
  return doc;
}

/** Each victim's whole state and state vector, re-read every 200 updates (encoding a long history per frame would dominate the run). */
const seen = new WeakMap<Y.Doc, { uses: number; state: Uint8Array; sv: Map<number, number> }>();
function victimState(doc: Y.Doc) {
  let entry = seen.get(doc);
  if (!entry || entry.uses++ > 200) {
    entry = { uses: 0, state: Y.encodeStateAsUpdate(doc), sv: Y.decodeStateVector(Y.encodeStateVector(doc)) };
    seen.set(doc, entry);
  }
  return entry;
}

/** Encodes structs (grouped by client, each group's clocks made contiguous from its first) and deletions as a v1 update. */
export function encodeStructs(groups: Map<number, Struct[]>, ds: Map<number, { clock: number; len: number }[]>): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  const live = [...groups].filter(([, s]) => s.length > 0);
  encoding.writeVarUint(enc.restEncoder, live.length);
  for (const [client, structs] of live) {
    encoding.writeVarUint(enc.restEncoder, structs.length);
    enc.writeClient(client);
    encoding.writeVarUint(enc.restEncoder, structs[0]!.id.clock);
    for (const s of structs) s.write(enc, 0);
  }
  encoding.writeVarUint(enc.restEncoder, ds.size);
  for (const [client, ranges] of ds) {
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, ranges.length);
    for (const r of ranges) {
      encoding.writeVarUint(enc.restEncoder, r.clock);
      encoding.writeVarUint(enc.restEncoder, r.len);
    }
  }
  return enc.toUint8Array();
}

/**
 * Structure-aware hostile updates, built from real encodings and then mutated where a bounded
 * byte walk cannot look: clocks shifted onto, inside and past what the document holds (the victim's
 * own client ids), items turned into GCs or Skips, origins, right origins and parents pointed at
 * real, garbage-collected, missing or foreign ids, deletions of unknown ranges. `victims` gives the
 * documents whose clients are attacked (honest clients' docs, whose state mirrors the server's).
 */
export function structuralUpdate(rng: Random, victims: readonly Y.Doc[]): Uint8Array {
  const victim = victims.length ? rng.pick(victims) : new Y.Doc();
  const { state: victimWhole, sv } = victimState(victim);
  const clients = [...sv.keys()];
  const victimClient = () => (clients.length && rng.next() < 0.8 ? rng.pick(clients) : 1 + rng.int(1000));
  const knownClock = (client: number) => sv.get(client) ?? 0;
  const randomId = () => {
    const client = victimClient();
    const state = knownClock(client);
    return Y.createID(client, Math.max(0, rng.pick([0, state - 1, state, state + 1, rng.int(state + 3)])));
  };

  // A real encoding to start from: the victim's own history (a diff from a random point) or fresh edits.
  const base =
    rng.next() < 0.2 && clients.length ? victimWhole : Y.encodeStateAsUpdate(editedDoc(rng, victimClient()));
  const decoded = Y.decodeUpdate(base);
  const groups = new Map<number, Struct[]>();
  for (const s of decoded.structs as Struct[]) {
    const list = groups.get(s.id.client) ?? [];
    list.push(s);
    groups.set(s.id.client, list);
  }
  const ds = new Map<number, { clock: number; len: number }[]>();
  for (const [client, items] of decoded.ds.clients) ds.set(client, items.map((d) => ({ clock: d.clock, len: d.len })));

  for (let m = 0, n = 1 + rng.int(3); m < n; m++) {
    const groupList = [...groups];
    if (!groupList.length) break;
    const [client, structs] = rng.pick(groupList);
    if (!structs.length) continue;
    const i = rng.int(structs.length);
    const r = rng.next();
    if (r < 0.2) {
      // move the whole group onto a victim client, at, inside or past what it holds
      const to = victimClient();
      const state = knownClock(to);
      const start = Math.max(0, rng.pick([state, state - 1, state + 1, state - 2, 0, rng.int(state + 2)]));
      groups.delete(client);
      groups.set(to, structs);
      let clock = start;
      for (const s of structs) {
        s.id = Y.createID(to, clock);
        clock += s.length;
      }
    } else if (r < 0.4) {
      const s = structs[i]!;
      structs[i] = rng.next() < 0.7 ? new Y.GC(s.id, s.length) : new Y.Skip(s.id, s.length);
    } else if (r < 0.6) {
      const s = structs[i]!;
      if (s instanceof Y.Item) s.origin = rng.next() < 0.8 ? randomId() : null;
    } else if (r < 0.72) {
      const s = structs[i]!;
      if (s instanceof Y.Item) s.rightOrigin = rng.next() < 0.8 ? randomId() : null;
    } else if (r < 0.82) {
      const s = structs[i]!;
      if (s instanceof Y.Item) {
        s.origin = null;
        s.rightOrigin = null;
        // A decoded item's parent is an ID or, for a root type, its name (Yjs types it narrower).
        (s as { parent: unknown }).parent = rng.next() < 0.5 ? randomId() : rng.pick(['t', 'prosemirror', 'm', 'a', rng.word()]);
        s.parentSub = rng.next() < 0.3 ? rng.word() : null;
      }
    } else if (r < 0.9) {
      structs.splice(rng.int(structs.length), 1 + rng.int(2));
    } else {
      const to = victimClient();
      const state = knownClock(to);
      ds.set(to, [{ clock: Math.max(0, state - 1 - rng.int(3)), len: 1 + rng.int(4) }]);
    }
  }
  // Clocks of each group contiguous again from its first struct (a v1 group has one start clock).
  for (const [client, structs] of groups) {
    if (!structs.length) continue;
    let clock = structs[0]!.id.clock;
    for (const s of structs) {
      s.id = Y.createID(client, clock);
      clock += s.length;
    }
  }
  for (const structs of groups.values()) {
    for (const s of structs) {
      if (s instanceof Y.Item && s.origin === null && s.rightOrigin === null && (s.parent === null || typeof s.parent === 'object' && !(s.parent instanceof Y.ID))) (s as { parent: unknown }).parent = 't';
    }
  }
  try {
    return encodeStructs(groups, ds);
  } catch {
    return base; // a mutation the encoder cannot write: send the real encoding instead
  }
}
