import * as Y from 'yjs';
import { SyncError } from './errors.js';
import { CloseCode } from '@tandem/protocol';
import { assertBoundedStateVector, assertBoundedUpdate } from '@tandem/protocol';

/**
 * Refuses bytes that are not a complete Yjs (v1) update before anything is applied: a malformed
 * update must never half-apply, be stored or be relayed. The cheap bounded walk runs first, so
 * hostile declared counts never reach Yjs's decoder.
 */
export function assertDecodableUpdate(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  try {
    assertBoundedUpdate(update);
    return Y.decodeUpdate(update);
  } catch {
    throw new SyncError(CloseCode.invalidPayload, 'update does not decode');
  }
}

/** Refuses a state vector whose declared count does not fit its bytes (before Yjs decodes it). */
export function assertDecodableStateVector(stateVector: Uint8Array): void {
  try {
    assertBoundedStateVector(stateVector);
  } catch {
    throw new SyncError(CloseCode.invalidPayload, 'state vector does not decode');
  }
}
