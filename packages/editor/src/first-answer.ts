import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** The y-websocket sync message types (y-protocols/sync). */
const SYNC = 0;
const STEP2 = 1;
const UPDATE = 2;

/** Pieces held at most (bytes) before they are applied anyway: a very large document shows as it comes. */
export const MAX_HELD_BYTES = 8 << 20;
/** Pieces held at most this long (ms) before they are applied anyway: a slow link shows progress. */
export const MAX_HELD_MS = 1000;

/** What `holdAnswerPieces` gives back. */
export interface HeldPieces {
  /** Puts the provider's own sync handler back, applying what is held. */
  release(): void;
}

/**
 * Applies a large sync answer in one Yjs transaction instead of one per piece. The server sends an
 * answer over its piece size (256 KiB) as update messages with the last piece as the sync step 2
 * (@tandem/sync's `answerFrames`), and y-websocket applies each message on its own: every piece
 * of a 1 MB document's first answer was then its own transaction, its own y-prosemirror rebuild
 * over all top-level blocks and its own ProseMirror update and layout. Until the provider is
 * synced, this handler holds the update messages and applies them with the step 2, in one
 * transaction whose origin is the provider (so y-websocket does not send them back, and
 * y-indexeddb stores them as one write). Held pieces are applied anyway past `MAX_HELD_BYTES` or
 * `MAX_HELD_MS`. Once synced, updates apply as they come, as before.
 */
export function holdAnswerPieces(provider: WebsocketProvider): HeldPieces {
  const handlers = provider.messageHandlers;
  const original = handlers[SYNC]!;
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const apply = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const pieces = held;
    held = [];
    heldBytes = 0;
    if (!pieces.length) return;
    provider.doc.transact(() => {
      for (const piece of pieces) {
        try {
          Y.applyUpdate(provider.doc, piece, provider);
        } catch (err) {
          console.error('tandem: a piece of the sync answer did not apply', err);
        }
      }
    }, provider);
  };

  handlers[SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    const start = decoder.pos;
    const type = decoding.readVarUint(decoder);
    if (type === UPDATE && !provider.synced) {
      const update = decoding.readVarUint8Array(decoder);
      held.push(update);
      heldBytes += update.length;
      if (heldBytes >= MAX_HELD_BYTES) apply();
      else timer ??= setTimeout(() => apply(), MAX_HELD_MS);
      return;
    }
    if (type === STEP2 && held.length) {
      // the held pieces and the step 2 in one transaction, then synced (as y-websocket's own handler does)
      held.push(decoding.readVarUint8Array(decoder));
      apply();
      if (emitSynced && !provider.synced) provider.synced = true;
      return;
    }
    decoder.pos = start;
    original(encoder, decoder, p, emitSynced, messageType);
  };

  return {
    release() {
      apply();
      handlers[SYNC] = original;
    },
  };
}
