import { DecodeError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A bounds-checked cursor over one frame. Unlike lib0's decoder it never reads past the view it
 * was given (even when the view is a slice of a larger pooled buffer) and it fails with a typed
 * DecodeError instead of a generic one.
 */
export class ByteReader {
  private pos = 0;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** Bytes read so far (where the next read starts). */
  get offset(): number {
    return this.pos;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Reads one byte. */
  readByte(): number {
    if (this.pos >= this.bytes.length) throw new DecodeError('truncated', 'byte');
    return this.bytes[this.pos++]!;
  }

  /** Reads an unsigned LEB128 integer of at most 53 bits (lib0's varUint). */
  readVarUint(): number {
    let num = 0;
    let mult = 1;
    for (let i = 0; ; i++) {
      if (this.pos >= this.bytes.length) throw new DecodeError('truncated', 'varUint');
      const byte = this.bytes[this.pos++]!;
      num += (byte & 0x7f) * mult;
      if (byte < 0x80) return num;
      mult *= 128;
      if (i >= 7 || num > Number.MAX_SAFE_INTEGER) throw new DecodeError('varint-overflow');
    }
  }

  /** Reads a length-prefixed byte array as a view (no copy); the length must fit in what remains. */
  readVarUint8Array(): Uint8Array {
    const len = this.readVarUint();
    if (len > this.remaining) throw new DecodeError('length-exceeds-frame', `${len} > ${this.remaining}`);
    const view = this.bytes.subarray(this.pos, this.pos + len);
    this.pos += len;
    return view;
  }

  /** Reads a length-prefixed UTF-8 string; invalid UTF-8 is an error, not a replacement character. */
  readVarString(): string {
    const raw = this.readVarUint8Array();
    try {
      return utf8.decode(raw);
    } catch {
      throw new DecodeError('invalid-utf8');
    }
  }

  /** Fails when bytes are left over: one frame carries exactly one message. */
  expectEnd(): void {
    if (this.remaining !== 0) throw new DecodeError('trailing-bytes', `${this.remaining} left`);
  }
}
