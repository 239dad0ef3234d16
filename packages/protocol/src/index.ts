/**
 * @tandem/protocol: the y-websocket wire protocol as pure functions over bytes. No I/O.
 * See PROTOCOL.md beside this package.
 */
export { DecodeError, type DecodeErrorCode } from './errors.js';
export { MessageType, SyncMessageType, AuthMessageType, type Message } from './messages.js';
export {
  readMessage,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
  writeAwareness,
  writeQueryAwareness,
  writeAuthDenied,
} from './frames.js';
export { readAwarenessUpdate, writeAwarenessUpdate, type AwarenessEntry } from './awareness.js';
export { ROLES, type Role, roleAtLeast, higherRole, isRole, type AccessInfo, writeAccess, readAccess } from './access.js';
export { CloseCode, type CloseCodeValue } from './close-codes.js';
export { ByteReader } from './reader.js';
