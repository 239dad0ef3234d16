import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * What nodes tell each other about one document, over its Redis channel. Every message names its
 * sender and when it was sent (ms since the epoch, for the relay-lag metric).
 */
export type RelayMessage =
  /** An update the sender has durably stored under store clock `clock`. */
  | { type: 'update'; node: string; sentAt: number; clock: number; update: Uint8Array }
  /** A change of presence of the sender's own connections (an y-protocols awareness update). */
  | { type: 'awareness'; node: string; sentAt: number; update: Uint8Array }
  /** The sender just started relaying this document: others answer with their presence. */
  | { type: 'hello'; node: string; sentAt: number }
  /** The sender closed every connection of this document (e.g. it was deleted): close yours. */
  | { type: 'evict'; node: string; sentAt: number; code: number; reason: string };

const TYPES = ['update', 'awareness', 'hello', 'evict'] as const;

/** Encodes a relay message as bytes (lib0 varints and length-prefixed byte arrays). */
export function encodeRelayMessage(message: RelayMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, TYPES.indexOf(message.type));
  encoding.writeVarString(e, message.node);
  encoding.writeVarUint(e, message.sentAt);
  if (message.type === 'update') {
    encoding.writeVarUint(e, message.clock);
    encoding.writeVarUint8Array(e, message.update);
  } else if (message.type === 'awareness') {
    encoding.writeVarUint8Array(e, message.update);
  } else if (message.type === 'evict') {
    encoding.writeVarUint(e, message.code);
    encoding.writeVarString(e, message.reason);
  }
  return encoding.toUint8Array(e);
}

/** Decodes a relay message; throws RangeError when the bytes are not one. */
export function decodeRelayMessage(bytes: Uint8Array): RelayMessage {
  try {
    const d = decoding.createDecoder(bytes);
    const type = TYPES[decoding.readVarUint(d)];
    const node = decoding.readVarString(d);
    const sentAt = decoding.readVarUint(d);
    let message: RelayMessage;
    if (type === 'update') {
      const clock = decoding.readVarUint(d);
      message = { type, node, sentAt, clock, update: decoding.readVarUint8Array(d) };
    } else if (type === 'awareness') {
      message = { type, node, sentAt, update: decoding.readVarUint8Array(d) };
    } else if (type === 'hello') {
      message = { type, node, sentAt };
    } else if (type === 'evict') {
      const code = decoding.readVarUint(d);
      message = { type, node, sentAt, code, reason: decoding.readVarString(d) };
    } else {
      throw new Error('unknown type');
    }
    if (decoding.hasContent(d)) throw new Error('trailing bytes');
    return message;
  } catch (err) {
    throw new RangeError(`not a relay message: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
