import * as Y from 'yjs';

/**
 * The document as one update, like `Y.encodeStateAsUpdate`, but holding only what the document has
 * integrated: structs and deletions still pending (waiting for updates the server never got) are
 * left out. Yjs would merge them into the result, and merging an unresolvable pending update with
 * the document's state can produce an update a fresh client cannot apply (seen under fuzzing:
 * joiners stuck with the first few edits). Pending parts are never stored either, so answers,
 * snapshots and compactions built from this match what the store holds.
 */
export function encodeIntegratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { store } = doc;
  const structs = store.pendingStructs;
  const deletes = store.pendingDs;
  if (structs === null && deletes === null) return Y.encodeStateAsUpdate(doc, stateVector);
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = structs;
    store.pendingDs = deletes;
  }
}
