import * as encoding from 'lib0/encoding';
import { DecodeError } from './errors.js';
import { ByteReader } from './reader.js';
import { buildFrame } from './writer.js';

/**
 * One client's entry in an awareness update. `state` is the raw JSON text; the literal `null`
 * means the client removed its state (it left).
 */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/** Smallest encoded size of one entry (three one-byte fields), used to bound declared counts. */
const MIN_ENTRY_BYTES = 3;

/**
 * Decodes an awareness update (y-protocols format) into entries, checking that the declared count
 * fits in the bytes present and that every state is valid JSON.
 */
export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const r = new ByteReader(update);
  const count = r.readVarUint();
  if (count * MIN_ENTRY_BYTES > r.remaining) throw new DecodeError('count-exceeds-frame', String(count));
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = r.readVarUint();
    const clock = r.readVarUint();
    const state = r.readVarString();
    try {
      JSON.parse(state);
    } catch {
      throw new DecodeError('invalid-json');
    }
    entries.push({ clientId, clock, state });
  }
  r.expectEnd();
  return entries;
}

/** Encodes entries as an awareness update (y-protocols format). */
export function writeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  return buildFrame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.state);
    }
  });
}
