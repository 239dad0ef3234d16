import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { writeVarUint } from 'lib0/encoding';
import * as Y from 'yjs';
import { BENCH_DIR } from './paths.js';
import { traceOnce } from './trace.js';

/** The client id of the first copy of the trace; copy k writes as `BASE_CLIENT + k`. */
const BASE_CLIENT = 1_000_000;

/** A large document built for S7, as one update and the text it holds. */
export interface BigDoc {
  /** The whole document as one Yjs update. */
  state: Uint8Array;
  /** Bytes of text it holds (UTF-16 units). */
  chars: number;
  /** How many copies of the trace it holds (plus one paste). */
  copies: number;
}

/** The trace's replayed document written as if client `client` had typed it (every id moved to that client). */
function copyAs(decoded: ReturnType<typeof Y.decodeUpdate>, from: number, client: number): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const structs = decoded.structs.filter((s) => !(s instanceof Y.Skip));
  const e = encoder.restEncoder;
  // one client, its structs from its first clock
  writeVarUint(e, 1);
  writeVarUint(e, structs.length);
  writeVarUint(e, client);
  writeVarUint(e, structs[0]!.id.clock);
  for (const s of structs) {
    const moved = (id: Y.ID | null) => (id && id.client === from ? Y.createID(client, id.clock) : id);
    if (s instanceof Y.Item) {
      s.origin = moved(s.origin);
      s.rightOrigin = moved(s.rightOrigin);
      if (s.parent instanceof Y.ID) s.parent = moved(s.parent);
    }
    s.write(encoder, 0);
  }
  const ds = decoded.ds as unknown as { clients: Map<number, { clock: number; len: number }[]> };
  const ranges = ds.clients.get(from) ?? [];
  writeVarUint(e, ranges.length > 0 ? 1 : 0);
  if (ranges.length > 0) {
    writeVarUint(e, client);
    writeVarUint(e, ranges.length);
    for (const r of ranges) {
      writeVarUint(e, r.clock);
      writeVarUint(e, r.len);
    }
  }
  return encoder.toUint8Array();
}

/**
 * A document of about `targetBytes` of encoded state: the automerge-paper trace's replayed
 * document copied under distinct client ids (each copy a real editing history: its deletions and
 * the structure of its inserts) until the target is reached, then one big paste (1/10 of the
 * target as one insertion at the start). Each copy goes into the same text `t`. Kept in
 * bench/results/ between runs (building it takes a while on a busy machine).
 */
export function buildBigDoc(targetBytes: number): BigDoc {
  const file = join(BENCH_DIR, 'results', `.big-doc-${targetBytes}.bin`);
  if (existsSync(file)) {
    const d = decoding.createDecoder(new Uint8Array(readFileSync(file)));
    return { copies: decoding.readVarUint(d), chars: decoding.readVarUint(d), state: decoding.readVarUint8Array(d) };
  }
  const doc = build(targetBytes);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, doc.copies);
  encoding.writeVarUint(e, doc.chars);
  encoding.writeVarUint8Array(e, doc.state);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, encoding.toUint8Array(e));
  return doc;
}

/** buildBigDoc without the cache in bench/results/. */
function build(targetBytes: number): BigDoc {
  const trace = traceOnce();
  const pasteBytes = Math.floor(targetBytes / 10);
  const copies = Math.max(1, Math.round((targetBytes - pasteBytes) / trace.state.length));
  const parts: Uint8Array[] = [];
  for (let k = 0; k < copies; k++) parts.push(copyAs(Y.decodeUpdate(trace.state), trace.clientId, BASE_CLIENT + k));
  const paster = new Y.Doc();
  paster.clientID = BASE_CLIENT - 1;
  const line = 'One big paste: the same sentence over and over, as a pasted log or a long export would be. ';
  paster.getText('t').insert(0, line.repeat(Math.ceil(pasteBytes / line.length)));
  parts.push(Y.encodeStateAsUpdate(paster));
  paster.destroy();
  const state = Y.mergeUpdates(parts);
  const chars = copies * trace.text.length + line.repeat(Math.ceil(pasteBytes / line.length)).length;
  return { state, chars, copies };
}
