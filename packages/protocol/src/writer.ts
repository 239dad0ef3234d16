import * as encoding from 'lib0/encoding';

/** Builds one frame with lib0's encoder: `build(enc => ...)` returns the finished bytes. */
export function buildFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export { encoding };
