import { assertBoundedUpdate, writeSyncStep2, writeUpdate } from '@tandem/protocol';
import * as decoding from 'lib0/decoding';
import { splitUpdateAtStructs } from '@tandem/protocol/split-update';
import * as Y from 'yjs';

/** The encoded state of an empty document: no structs, no deletions (Yjs v1). */
export const EMPTY_UPDATE: Uint8Array = new Uint8Array([0, 0]);
/** The state vector of an empty document. */
export const EMPTY_STATE_VECTOR: Uint8Array = new Uint8Array([0]);
/** The sync answer of an empty document, shared by every room that holds nothing. */
export const EMPTY_STATE_FRAME: Uint8Array = writeSyncStep2(EMPTY_UPDATE);

/** The sync answer of an empty document, as the list of frames a sync answer is. */
export const EMPTY_ANSWER: readonly Uint8Array[] = [EMPTY_STATE_FRAME];

/**
 * The frames answering a sync step 1 with `update` (what the client lacks): one sync step 2 when
 * it is at most `pieceBytes`, else pieces of about `pieceBytes` cut at struct boundaries, each a
 * valid update, sent as update messages with the last one as the sync step 2. A stock client
 * then gets a message every piece (its 30 s reconnect timer never fires mid-transfer) and counts
 * itself synced once it holds everything.
 */
export function answerFrames(update: Uint8Array, pieceBytes: number): readonly Uint8Array[] {
  if (update.length <= pieceBytes) return [writeSyncStep2(update)];
  const pieces = splitUpdateAtStructs(update, pieceBytes);
  return pieces.map((piece, i) => (i === pieces.length - 1 ? writeSyncStep2(piece) : writeUpdate(piece)));
}

/**
 * What a sync answer counts against its connection's answer budget (see
 * `maxAnswerBytesPerSecond`): its bytes, except that its delete set counts at most
 * `deleteSetCap`. Every Yjs diff carries the document's whole delete set, whatever the state
 * vector asked with, so in a heavily edited document a client that already holds everything (the
 * editor confirming that its changes are stored, a raw client checking after an upload) would get
 * megabytes counted for each question and be closed. The structs a client lacks still count in
 * full. The delete set travels in the answer's last frame (see answerFrames), so only that one is read.
 */
export function answerCharge(frames: readonly Uint8Array[], deleteSetCap: number): number {
  const total = frames.reduce((n, frame) => n + frame.length, 0);
  const last = frames[frames.length - 1];
  if (!last) return 0;
  const decoder = decoding.createDecoder(last);
  decoding.readVarUint(decoder); // message type (sync)
  decoding.readVarUint(decoder); // step 2
  const update = decoding.readVarUint8Array(decoder);
  let deletionsAt = update.length;
  assertBoundedUpdate(update, { client() {}, struct() {}, deletions: (at) => (deletionsAt = at) });
  const deleteSet = update.length - deletionsAt;
  return total - deleteSet + Math.min(deleteSet, deleteSetCap);
}

/** Whether `update` carries nothing (the stock client's step-2 reply when it has nothing new). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** Whether `stateVector` is that of a client holding nothing. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** The sync-step-2 frame carrying a document's whole state `update` (its payload ends the frame). */
export function stateFrame(update: Uint8Array): Uint8Array {
  return writeSyncStep2(update);
}

/**
 * `doc`'s integrated state as one update (what a client holding `stateVector` lacks), leaving out
 * the structs and deletions Yjs holds pending for missing dependencies. Yjs's own
 * `encodeStateAsUpdate` merges those in, and a fresh document applying that merge can end up with
 * whole runs of integrated structs stuck pending behind them (fuzz FUZZ_SEED=1524512818: a joiner
 * held 86 of 10,082 characters). Pending structs were never stored or relayed; once their
 * dependencies arrive they are integrated, stored and relayed like any change.
 */
export function encodeIntegratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { store } = doc;
  const { pendingStructs, pendingDs } = store;
  if (pendingStructs === null && pendingDs === null) return Y.encodeStateAsUpdate(doc, stateVector);
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}
