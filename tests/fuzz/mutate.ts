import { writeUpdate } from '@tandem/protocol';
import type { Random } from '../helpers/random.js';

const HUGE_VARINTS = [
  [0xff, 0xff, 0xff, 0x03],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
];

/** Changes 1-4 bytes. */
function flip(rng: Random, input: Uint8Array): Uint8Array {
  const out = input.slice();
  for (let n = 1 + rng.int(4); n > 0 && out.length > 0; n--) out[rng.int(out.length)] = rng.int(256);
  return out;
}

/** Inserts a huge declared length or count somewhere. */
function hugeCount(rng: Random, input: Uint8Array): Uint8Array {
  const at = rng.int(input.length + 1);
  const v = rng.pick(HUGE_VARINTS);
  const replace = rng.next() < 0.5 ? 1 : 0;
  return new Uint8Array([...input.subarray(0, at), ...v, ...input.subarray(Math.min(input.length, at + replace))]);
}

/** Cuts the bytes short. */
function truncate(rng: Random, input: Uint8Array): Uint8Array {
  return input.slice(0, rng.int(Math.max(1, input.length)));
}

/** Joins the head of one and the tail of another. */
function splice(rng: Random, a: Uint8Array, b: Uint8Array): Uint8Array {
  return new Uint8Array([...a.subarray(0, rng.int(a.length + 1)), ...b.subarray(rng.int(b.length + 1))]);
}

/** Bytes `payload` of a sync frame `frame` ([0, sub, len..., payload]); null when not a sync frame. */
function syncPayload(frame: Uint8Array): Uint8Array | null {
  if (frame[0] !== 0 || frame.length < 3) return null;
  let pos = 2;
  while (pos < frame.length && frame[pos]! >= 0x80) pos++;
  return frame.subarray(pos + 1);
}

/**
 * One mutation of a real frame. Half of the mutations re-wrap the changed Yjs payload in a correct
 * frame, so they get past the framing and reach the update decoder itself.
 */
export function mutateFrame(rng: Random, corpus: readonly Uint8Array[]): Uint8Array {
  const base = rng.pick(corpus);
  const payload = syncPayload(base);
  const inner = payload && rng.next() < 0.5;
  const target = inner ? payload : base;
  let out: Uint8Array;
  switch (rng.int(4)) {
    case 0:
      out = flip(rng, target);
      break;
    case 1:
      out = hugeCount(rng, target);
      break;
    case 2:
      out = truncate(rng, target);
      break;
    default:
      out = splice(rng, target, inner ? (syncPayload(rng.pick(corpus)) ?? target) : rng.pick(corpus));
  }
  return inner ? writeUpdate(out) : out;
}
