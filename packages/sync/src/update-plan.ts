import * as Y from 'yjs';

/** What a room does with a decoded update, given the document it would go into. */
export type UpdatePlan =
  /** Every struct and deletion it holds can be integrated now. */
  | { kind: 'apply' }
  /** It depends on a change the document does not hold yet: worth another try once `clock` of `client` is known. */
  | { kind: 'wait'; client: number; clock: number }
  /** Integrating it would throw inside Yjs (or corrupt the document): refuse it. */
  | { kind: 'refuse'; reason: string };

/** An update as `Y.decodeUpdate` returns it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

const APPLY: UpdatePlan = { kind: 'apply' };

/**
 * Checks the relations between a decoded update's structs and the document before Yjs sees it,
 * which the bounded byte walk cannot: what the update depends on (the same client's earlier
 * clocks, the origins, parents and deleted ranges it names), and overlaps Yjs cannot integrate.
 * Costs one pass over the update; nothing of the document is read but each client's last struct.
 *
 * - Missing dependencies: `wait` (the room keeps the update aside, within its budget, instead of
 *   handing Yjs structs it would hold pending and re-merge on every later update).
 * - An item that starts inside the document's known clocks of its client and goes past them is
 *   cut by Yjs at the last known struct; when that struct was garbage-collected Yjs throws in
 *   `Item.integrate` (a GC has no `right` or `origin`): `refuse`.
 */
export function planUpdate(doc: Y.Doc, decoded: DecodedUpdate): UpdatePlan {
  const { store } = doc;
  /** Each client's clock once this update's structs are integrated. */
  const after = new Map<number, number>();
  const stateOf = (client: number) => after.get(client) ?? Y.getState(store, client);
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue; // a gap: the next struct of the client then starts past the state
    const { client, clock } = struct.id;
    const state = stateOf(client);
    if (clock > state) return { kind: 'wait', client, clock: clock - 1 };
    const end = clock + struct.length;
    if (clock < state && end > state && struct instanceof Y.Item && !after.has(client)) {
      const last = store.clients.get(client)?.at(-1);
      if (last instanceof Y.GC) return { kind: 'refuse', reason: 'update overlaps a garbage-collected change' };
    }
    if (end > state) after.set(client, end);
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const own = struct.id.client;
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
      if (ref && ref.client !== own && ref.clock >= stateOf(ref.client)) return { kind: 'wait', client: ref.client, clock: ref.clock };
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const state = stateOf(client);
    for (const range of ranges) {
      if (range.clock + range.len > state) return { kind: 'wait', client, clock: range.clock + range.len - 1 };
    }
  }
  return APPLY;
}
