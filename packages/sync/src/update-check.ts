import * as Y from 'yjs';
import { SyncError } from './errors.js';
import { CloseCode } from '@tandem/protocol';

/**
 * Refuses bytes that are not a complete Yjs (v1) update before anything is applied: a malformed
 * update must never half-apply, be stored or be relayed.
 */
export function assertDecodableUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch {
    throw new SyncError(CloseCode.invalidPayload, 'update does not decode');
  }
}
