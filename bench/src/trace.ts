import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { BENCH_DIR, tracePath } from './paths.js';

/** The trace writer's Yjs client id: below the range freshClientId() hands out. */
const TRACE_CLIENT_ID = 42;

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
  doc.clientID = TRACE_CLIENT_ID;
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

function cacheFile(limit: number): string {
  const st = statSync(tracePath());
  return join(BENCH_DIR, 'results', `.trace-${st.size}-${Math.round(st.mtimeMs)}-${limit}.bin`);
}

function save(trace: EncodedTrace, file: string): void {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, trace.clientId);
  encoding.writeVarUint(e, trace.updates.length);
  trace.updates.forEach((u, i) => {
    encoding.writeVarUint8Array(e, u);
    encoding.writeVarUint(e, trace.clockAfter[i]!);
  });
  encoding.writeVarString(e, trace.text);
  encoding.writeVarUint8Array(e, trace.state);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, encoding.toUint8Array(e));
}

function load(file: string): EncodedTrace {
  const d = decoding.createDecoder(new Uint8Array(readFileSync(file)));
  const clientId = decoding.readVarUint(d);
  const n = decoding.readVarUint(d);
  const updates: Uint8Array[] = new Array(n);
  const clockAfter = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    updates[i] = decoding.readVarUint8Array(d);
    clockAfter[i] = decoding.readVarUint(d);
  }
  return { clientId, updates, clockAfter, text: decoding.readVarString(d), state: decoding.readVarUint8Array(d) };
}

/**
 * encodeTrace(), done once per run and kept in bench/results/ between runs (replaying 260k edits
 * takes a while on a busy machine), keyed by the trace file's size and time.
 */
export function traceOnce(limit = Infinity): EncodedTrace {
  if (cached?.limit === limit) return cached.trace;
  const file = cacheFile(limit);
  let trace: EncodedTrace | null = null;
  if (existsSync(file)) {
    try {
      trace = load(file);
    } catch {
      trace = null;
    }
  }
  if (!trace) {
    trace = encodeTrace(limit);
    save(trace, file);
  }
  cached = { limit, trace };
  return trace;
}
