import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { tracePath } from './paths.js';
import { freshClientId } from './typing.js';

interface TraceFile {
  startContent: string;
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

/** A sequential editing trace replayed into Yjs once, encoded for the bench. */
export interface EncodedTrace {
  /** The writer's Yjs client id. */
  clientId: number;
  /** One update per transaction of the trace, in order. */
  updates: Uint8Array[];
  /** The writer's clock after each update (deletions do not advance it). */
  clockAfter: Uint32Array;
  /** The text after the replayed transactions (the trace's endContent for a full replay). */
  text: string;
  /** The whole resulting document as one update. */
  state: Uint8Array;
}

/**
 * Reads the automerge-paper trace and replays its first `limit` transactions (all by default)
 * into a Y.Doc, keeping each transaction's update. Checks the replay against the trace's own text.
 */
export function encodeTrace(limit = Infinity): EncodedTrace {
  const file = JSON.parse(gunzipSync(readFileSync(tracePath())).toString('utf8')) as TraceFile;
  const txns = file.txns.slice(0, Math.min(limit, file.txns.length));
  const doc = new Y.Doc();
  doc.clientID = freshClientId();
  const ytext = doc.getText('t');
  if (file.startContent) ytext.insert(0, file.startContent);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const clockAfter = new Uint32Array(txns.length);
  let expected = file.startContent;
  txns.forEach((txn, i) => {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del > 0) ytext.delete(pos, del);
        if (ins) ytext.insert(pos, ins);
        expected = expected.slice(0, pos) + ins + expected.slice(pos + del);
      }
    });
    clockAfter[i] = Y.getState(doc.store, doc.clientID);
  });
  const text = ytext.toString();
  if (text !== expected) throw new Error('trace replay: Yjs text differs from the spliced text');
  if (txns.length === file.txns.length && text !== file.endContent) throw new Error("trace replay: text differs from the trace's endContent");
  const state = Y.encodeStateAsUpdate(doc);
  const clientId = doc.clientID;
  doc.destroy();
  return { clientId, updates, clockAfter, text, state };
}

let cached: { limit: number; trace: EncodedTrace } | null = null;

/** encodeTrace(), done once per run. */
export function traceOnce(limit = Infinity): EncodedTrace {
  if (!cached || cached.limit !== limit) cached = { limit, trace: encodeTrace(limit) };
  return cached.trace;
}
