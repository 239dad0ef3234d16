/**
 * Splitting one large Yjs update into several smaller ones (the editor sends big pastes in pieces;
 * the server sends a large document's sync answer in pieces). A subpath of @tandem/protocol
 * (`@tandem/protocol/split-update`) because it needs Yjs, which the rest of the package does not.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { assertBoundedUpdate } from './update-bounds.js';

/** A struct of a decoded update (Y.Item, Y.GC or Y.Skip). */
type Struct = Y.Item | Y.GC | Y.Skip;
/** A decoded update's deletions: per client, ranges of clocks. */
interface DeleteSet {
  clients: Map<number, Array<{ clock: number; len: number }>>;
}

/** UTF-8 length of a string, without building the bytes. */
function utf8Length(str: string): number {
  let n = str.length;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

/**
 * Bytes a struct takes in a v1 update, or a close upper bound: text is counted, anything else is
 * written to a scratch encoder.
 */
function structBytes(struct: Struct): number {
  const str = struct instanceof Y.Item ? (struct.content as { str?: unknown }).str : undefined;
  if (typeof str === 'string') {
    const { parent, parentSub } = struct as unknown as { parent: unknown; parentSub: string | null };
    const names = (typeof parent === 'string' ? (parent as string).length : 0) + (parentSub?.length ?? 0);
    return 48 + utf8Length(str) + 3 * names;
  }
  const encoder = new Y.UpdateEncoderV1();
  struct.write(encoder, 0);
  return encoding.length(encoder.restEncoder);
}

/** True for an Item whose content can be cut at any offset (text, JSON, any, deleted). */
function splittable(struct: Struct): struct is Y.Item {
  if (!(struct instanceof Y.Item) || struct.length < 2) return false;
  const name = struct.content.constructor.name;
  return 'splice' in struct.content && name !== 'ContentType' && name !== 'ContentDoc' && name !== 'ContentFormat' && name !== 'ContentEmbed' && name !== 'ContentBinary';
}

/** Cuts `item` in two at `offset` (left keeps the first `offset` units); returns the right part. */
function cut(item: Y.Item, offset: number): Y.Item {
  const content = item.content as Y.Item['content'] & { str?: string };
  // never split a surrogate pair (Yjs would replace both halves with U+FFFD)
  if (typeof content.str === 'string') {
    const code = content.str.charCodeAt(offset - 1);
    if (code >= 0xd800 && code <= 0xdbff) offset = offset > 1 ? offset - 1 : offset + 1;
  }
  const rightContent = content.splice(offset);
  item.length = offset;
  const { client, clock } = item.id;
  return new Y.Item(
    Y.createID(client, clock + offset),
    null,
    Y.createID(client, clock + offset - 1),
    null,
    item.rightOrigin,
    item.parent,
    item.parentSub,
    rightContent,
  );
}

/** Structs no larger than `target` bytes each where they can be cut (long text is cut, other items are not). */
function* pieces(structs: Struct[], target: number): Generator<[Struct, number]> {
  for (const struct of structs) {
    let rest = struct;
    let size = structBytes(rest);
    while (size > target && splittable(rest)) {
      const units = Math.max(1, Math.floor((rest.length * target) / size / 1.05));
      if (units >= rest.length) break;
      const right = cut(rest, units);
      yield [rest, structBytes(rest)];
      rest = right;
      size = structBytes(rest);
    }
    yield [rest, size];
  }
}

/** Room left in each chunk for its counts, client ids and clocks. */
const HEADER_BYTES = 64;

/** Updates holding no structs and the deletions of `ds`, about `target` bytes each (v1 delete set encoding). */
function deletionChunks(ds: DeleteSet, target: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let entries: Array<[number, Array<{ clock: number; len: number }>]> = [];
  let size = 0;
  const flush = () => {
    if (entries.length === 0) return;
    const out = encoding.createEncoder();
    encoding.writeVarUint(out, 0);
    encoding.writeVarUint(out, entries.length);
    for (const [client, items] of entries) {
      encoding.writeVarUint(out, client);
      encoding.writeVarUint(out, items.length);
      for (const { clock, len } of items) {
        encoding.writeVarUint(out, clock);
        encoding.writeVarUint(out, len);
      }
    }
    chunks.push(encoding.toUint8Array(out));
    entries = [];
    size = 0;
  };
  for (const [client, items] of ds.clients) {
    let current: Array<{ clock: number; len: number }> = [];
    entries.push([client, current]);
    for (const item of items) {
      if (size + 16 > target && current.length > 0) {
        flush();
        current = [];
        entries.push([client, current]);
      }
      current.push(item);
      size += 16;
    }
  }
  flush();
  return chunks;
}

/** One client's contiguous run of structs inside a chunk. */
interface Run {
  client: number;
  clock: number;
  count: number;
  /** Clock units covered so far. */
  length: number;
  bytes: encoding.Encoder;
}

/** An update of runs of structs (each: count, client, first clock, the structs' bytes) and the encoded `deletions`. */
function encodeRuns(runs: readonly { count: number; client: number; clock: number }[], bytesOf: (i: number) => Uint8Array, deletions: Uint8Array): Uint8Array {
  const out = encoding.createEncoder();
  encoding.writeVarUint(out, runs.length);
  runs.forEach((run, i) => {
    encoding.writeVarUint(out, run.count);
    encoding.writeVarUint(out, run.client);
    encoding.writeVarUint(out, run.clock);
    encoding.writeUint8Array(out, bytesOf(i));
  });
  encoding.writeUint8Array(out, deletions);
  return encoding.toUint8Array(out);
}

/** The delete set of an update that deletes nothing. */
const NO_DELETIONS = new Uint8Array([0]);

function encodeChunk(runs: Run[]): Uint8Array {
  return encodeRuns(runs, (i) => encoding.toUint8Array(runs[i]!.bytes), NO_DELETIONS); // deletions travel in the last chunk
}

/**
 * Splits a Yjs (v1) update into updates of about `target` bytes or less that, applied in order,
 * make the same change: structs in order (long text cut into pieces), the deletions last. A single
 * item that cannot be cut (an embedded object) may still exceed `target`. An update already under
 * `target` comes back as it is. Structs keep the update's order (client by client), so when one
 * update holds several clients' changes that refer to each other, a piece may depend on a later
 * one (a server keeps it aside until that arrives); one client's change (a paste) applies piece
 * by piece.
 */
export function splitUpdate(update: Uint8Array, target: number): Uint8Array[] {
  if (update.length <= target) return [update];
  target = Math.max(64, target - HEADER_BYTES);
  const { structs, ds } = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet };
  const chunks: Uint8Array[] = [];
  let runs: Run[] = [];
  let size = 0;
  let run: Run | null = null;
  const flush = () => {
    if (runs.length > 0) chunks.push(encodeChunk(runs));
    runs = [];
    run = null;
    size = 0;
  };
  for (const [struct, bytes] of pieces(structs, target)) {
    const { client, clock } = struct.id;
    if (struct instanceof Y.Skip) {
      // a gap: the next struct of this client starts a new run (in a later chunk, one run per client)
      if (run?.client === client) flush();
      continue;
    }
    if (size > 0 && size + bytes > target) flush();
    if (!run || run.client !== client || run.clock + run.length !== clock) {
      if (runs.some((r) => r.client === client)) flush();
      run = { client, clock, count: 0, length: 0, bytes: encoding.createEncoder() };
      runs.push(run);
    }
    const encoder = new Y.UpdateEncoderV1();
    encoder.restEncoder = run.bytes;
    struct.write(encoder, 0);
    run.count++;
    run.length += struct.length;
    size += bytes;
  }
  flush();
  chunks.push(...deletionChunks(ds, target));
  return chunks;
}


/** One client's contiguous structs inside a piece: bytes [start, end) of the original update. */
interface ByteRun {
  client: number;
  clock: number;
  count: number;
  start: number;
  end: number;
}

/** Most bytes a run's header takes (three varUints: struct count, client, clock). */
const RUN_HEADER_BYTES = 15;
/** Room for a piece's run count and empty delete set. */
const PIECE_HEADER_BYTES = 8;

function encodeByteRuns(update: Uint8Array, runs: readonly ByteRun[], deletions: Uint8Array): Uint8Array {
  return encodeRuns(runs, (i) => update.subarray(runs[i]!.start, runs[i]!.end), deletions);
}

/**
 * Splits a Yjs (v1) update at struct boundaries into updates of about `target` bytes that,
 * applied in order, make the same change: structs in order, the deletions in the last piece. It
 * walks the bytes once and builds no Yjs objects (a server splits a large document's sync answer
 * with it: `splitUpdate` decodes every struct, which for a document of millions of structs costs
 * seconds and far more memory than the bytes). Structs are never cut, so one struct larger than
 * `target` (a big paste) is a piece of its own. An update already under `target` comes back as it
 * is. Throws DecodeError when the update does not decode.
 */
export function splitUpdateAtStructs(update: Uint8Array, target: number): Uint8Array[] {
  if (update.length <= target) return [update];
  const budget = Math.max(1, target - PIECE_HEADER_BYTES);
  const pieces: Uint8Array[] = [];
  let runs: ByteRun[] = [];
  let run: ByteRun | null = null;
  let size = 0;
  let client = 0;
  let clock = 0;
  let deletionsAt = update.length;
  const flush = (deletions: Uint8Array) => {
    pieces.push(encodeByteRuns(update, runs, deletions));
    runs = [];
    run = null;
    size = 0;
  };
  assertBoundedUpdate(update, {
    client(c, firstClock) {
      client = c;
      clock = firstClock;
      run = null;
    },
    struct(start, end, length) {
      const cost = end - start + (run ? 0 : RUN_HEADER_BYTES);
      if (size > 0 && size + cost > budget) flush(NO_DELETIONS);
      if (!run) {
        run = { client, clock, count: 0, start, end: start };
        runs.push(run);
        size += RUN_HEADER_BYTES;
      }
      run.count++;
      run.end = end;
      size += end - start;
      clock += length;
    },
    deletions(at) {
      deletionsAt = at;
    },
  });
  flush(update.subarray(deletionsAt));
  return pieces;
}
