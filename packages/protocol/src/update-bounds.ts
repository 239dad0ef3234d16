import { DecodeError } from './errors.js';
import { ByteReader } from './reader.js';

/** Deepest nesting of `any` values (arrays and objects in map/array content) accepted. */
const MAX_ANY_DEPTH = 128;
/** Largest clock (and clock + length) accepted: no real client inserts 2^31 items under one id. */
const MAX_CLOCK = 2 ** 31;
/** Client ids are unsigned 32-bit numbers (Yjs draws them with `random.uint32`). */
const MAX_CLIENT = 2 ** 32 - 1;

function clock(r: ByteReader): number {
  const n = r.readVarUint();
  if (n > MAX_CLOCK) throw new DecodeError('count-exceeds-frame', 'clock');
  return n;
}

function client(r: ByteReader): number {
  const n = r.readVarUint();
  if (n > MAX_CLIENT) throw new DecodeError('count-exceeds-frame', 'client id');
  return n;
}

/**
 * An id (client, clock) a struct points at. An item can only point at items that existed when it
 * was made, so a reference to its own client must be to an earlier clock (Yjs does not check this
 * and fails mid-apply when it is not so).
 */
function id(r: ByteReader, ownClient: number, ownClock: number): void {
  const refClient = client(r);
  const refClock = clock(r);
  if (refClient === ownClient && refClock >= ownClock) throw new DecodeError('count-exceeds-frame', 'reference to a later item');
}

/** Skips a varUint / varInt (both end at the first byte below 0x80) without building a number. */
function skipVarInt(r: ByteReader): void {
  r.readVarUint();
}

/** A length or count Yjs itself never writes as zero (struct lengths, delete ranges). */
function positive(r: ByteReader): number {
  const n = r.readVarUint();
  if (n === 0) throw new DecodeError('zero-length');
  return n;
}

function count(r: ByteReader, minBytesEach: number): number {
  const n = r.readVarUint();
  if (n * minBytesEach > r.remaining) throw new DecodeError('count-exceeds-frame', String(n));
  return n;
}

function skipBytes(r: ByteReader, n: number): void {
  if (n > r.remaining) throw new DecodeError('truncated');
  for (let i = 0; i < n; i++) r.readByte();
}

/** lib0 `readAny`: a type byte, then the value. */
function skipAny(r: ByteReader, depth: number): void {
  if (depth > MAX_ANY_DEPTH) throw new DecodeError('too-deep');
  const type = r.readByte();
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125: // varInt
      return skipVarInt(r);
    case 124: // float32
      return skipBytes(r, 4);
    case 123: // float64
    case 122: // bigint64
      return skipBytes(r, 8);
    case 119: // string
      r.readVarString();
      return;
    case 118: {
      // object: count, then key/value pairs
      const n = count(r, 2);
      for (let i = 0; i < n; i++) {
        r.readVarString();
        skipAny(r, depth + 1);
      }
      return;
    }
    case 117: {
      // array
      const n = count(r, 1);
      for (let i = 0; i < n; i++) skipAny(r, depth + 1);
      return;
    }
    case 116: // Uint8Array
      r.readVarUint8Array();
      return;
    default:
      throw new DecodeError('unknown-tag', `any ${type}`);
  }
}

/** Item content, by the low five bits of the struct's info byte (Yjs `contentRefs`). */
function skipContent(r: ByteReader, ref: number): number {
  switch (ref) {
    case 1: // deleted
      return positive(r);
    case 2: {
      // JSON: count, then strings
      const n = count(r, 1);
      if (n === 0) throw new DecodeError('zero-length', 'content');
      for (let i = 0; i < n; i++) r.readVarString();
      return n;
    }
    case 3: // binary
      r.readVarUint8Array();
      return 1;
    case 4: {
      // string (never empty: an item has a length of at least one); its length counts UTF-16 units
      const length = r.readVarString().length;
      if (length === 0) throw new DecodeError('zero-length', 'string');
      return length;
    }
    case 5: // embed (JSON text)
      r.readVarString();
      return 1;
    case 6: // format: key, JSON value
      r.readVarString();
      r.readVarString();
      return 1;
    case 7: {
      // type: a type ref, XmlElement (3) and XmlHook (5) also carry a name
      const typeRef = r.readVarUint();
      if (typeRef > 6) throw new DecodeError('unknown-tag', `type ${typeRef}`);
      if (typeRef === 3 || typeRef === 5) r.readVarString();
      return 1;
    }
    case 8: {
      // any: count, then values
      const n = count(r, 1);
      if (n === 0) throw new DecodeError('zero-length', 'content');
      for (let i = 0; i < n; i++) skipAny(r, 0);
      return n;
    }
    case 9: // subdocument: guid, options
      r.readVarString();
      skipAny(r, 0);
      return 1;
    default:
      throw new DecodeError('unknown-tag', `content ${ref}`);
  }
}

/** Told where each struct of an update starts and ends, as the bounded walk passes it. */
export interface UpdateVisitor {
  /** A run of `structs` structs of `client` starting at `clock` begins (its structs follow at `at`). */
  client(client: number, clock: number, structs: number, at: number): void;
  /** One struct of the current client, bytes [start, end) of the update, `length` clocks long. */
  struct(start: number, end: number, length: number): void;
  /** The delete set starts at byte `at` (it runs to the end of the update). */
  deletions(at: number): void;
}

/**
 * Walks a Yjs v1 update without building anything, refusing it (DecodeError) when a declared
 * count is larger than the bytes that remain could hold, a length runs past the end, nesting is
 * too deep, a tag is unknown, or bytes are left over. Its cost is linear in the update's length,
 * so a few bytes that declare millions of structs are refused before Yjs allocates for them.
 */
export function assertBoundedUpdate(update: Uint8Array, visit?: UpdateVisitor): void {
  const r = new ByteReader(update);
  const clients = count(r, 3);
  for (let c = 0; c < clients; c++) {
    const structs = count(r, 2);
    if (structs === 0) throw new DecodeError('zero-length', 'structs');
    const own = client(r);
    let at = clock(r);
    visit?.client(own, at, structs, r.offset);
    for (let s = 0; s < structs; s++) {
      const start = r.offset;
      const startClock = at;
      const info = r.readByte();
      const ref = info & 0b11111;
      if (ref === 0 || ref === 10) {
        at += positive(r); // GC or skip: length
      } else {
        if (info & 0x80) id(r, own, at); // origin
        if (info & 0x40) id(r, own, at); // right origin
        if ((info & 0xc0) === 0) {
          if (r.readVarUint() === 1) r.readVarString(); // parent: root type name
          else id(r, own, at); // parent: an item
          if (info & 0x20) r.readVarString(); // parent sub (map key)
        }
        at += skipContent(r, ref);
      }
      if (at > MAX_CLOCK) throw new DecodeError('count-exceeds-frame', 'clock');
      visit?.struct(start, r.offset, at - startClock);
    }
  }
  visit?.deletions(r.offset);
  const dsClients = count(r, 2);
  for (let c = 0; c < dsClients; c++) {
    client(r);
    const ranges = count(r, 2);
    for (let i = 0; i < ranges; i++) {
      if (clock(r) + positive(r) > MAX_CLOCK) throw new DecodeError('count-exceeds-frame', 'clock');
    }
  }
  r.expectEnd();
}

/** Same for an encoded state vector: a count of (client, clock) pairs that must fit the bytes. */
export function assertBoundedStateVector(stateVector: Uint8Array): void {
  const r = new ByteReader(stateVector);
  const n = count(r, 2);
  for (let i = 0; i < n; i++) {
    client(r);
    r.readVarUint(); // clock: any value only makes the answer smaller
  }
  r.expectEnd();
}
