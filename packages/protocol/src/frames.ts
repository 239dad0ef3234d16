import * as encoding from 'lib0/encoding';
import { DecodeError } from './errors.js';
import { AuthMessageType, type Message, MessageType, SyncMessageType } from './messages.js';
import { ByteReader } from './reader.js';
import { buildFrame } from './writer.js';

/** Frame asking the peer for what it has beyond `stateVector` (sync step 1). */
export function writeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return buildFrame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** Frame answering a sync step 1 with the missing update (sync step 2). */
export function writeSyncStep2(update: Uint8Array): Uint8Array {
  return buildFrame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.step2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Frame carrying one incremental document update. */
export function writeUpdate(update: Uint8Array): Uint8Array {
  return buildFrame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.update);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Frame carrying an encoded awareness update (y-protocols/awareness format). */
export function writeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  return buildFrame((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });
}

/** Frame asking the peer to send every awareness state it knows. */
export function writeQueryAwareness(): Uint8Array {
  return buildFrame((e) => encoding.writeVarUint(e, MessageType.queryAwareness));
}

/** Frame telling the client it lacks permission; y-websocket clients report it via `auth`. */
export function writeAuthDenied(reason: string): Uint8Array {
  return buildFrame((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, AuthMessageType.permissionDenied);
    encoding.writeVarString(e, reason);
  });
}

/**
 * Decodes one y-websocket frame. Throws DecodeError on anything malformed: an empty frame, an
 * unknown type, a length or varint that runs past the frame, or bytes left over.
 */
export function readMessage(frame: Uint8Array): Message {
  if (frame.length === 0) throw new DecodeError('empty-frame');
  const r = new ByteReader(frame);
  const type = r.readVarUint();
  let message: Message;
  switch (type) {
    case MessageType.sync: {
      const sub = r.readVarUint();
      const payload = r.readVarUint8Array();
      if (sub === SyncMessageType.step1) message = { type: 'sync-step1', stateVector: payload };
      else if (sub === SyncMessageType.step2) message = { type: 'sync-step2', update: payload };
      else if (sub === SyncMessageType.update) message = { type: 'sync-update', update: payload };
      else throw new DecodeError('unknown-sync-type', String(sub));
      break;
    }
    case MessageType.awareness:
      message = { type: 'awareness', update: r.readVarUint8Array() };
      break;
    case MessageType.auth: {
      const sub = r.readVarUint();
      if (sub === AuthMessageType.permissionDenied) message = { type: 'auth-denied', reason: r.readVarString() };
      else if (sub === AuthMessageType.access) message = { type: 'auth-access', json: r.readVarString() };
      else throw new DecodeError('unknown-auth-type', String(sub));
      break;
    }
    case MessageType.queryAwareness:
      message = { type: 'query-awareness' };
      break;
    default:
      throw new DecodeError('unknown-message-type', String(type));
  }
  r.expectEnd();
  return message;
}
