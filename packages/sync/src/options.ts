import type { DocStore } from '@tandem/store';
import type { SyncHooks } from './hooks.js';
import { type Logger, silentLogger } from './logger.js';
import { OutboundBudget } from './outbound-budget.js';

/** Options of the sync core. Only `store` is required; everything else has a default. */
export interface SyncServerOptions {
  /** Where accepted updates are stored before they are relayed. */
  store: DocStore;
  /** Lifecycle hooks (authorization, load, change, disconnect). */
  hooks?: SyncHooks;
  /** Where the core reports events. */
  logger?: Logger;
  /** Compact a document's log into one snapshot after this many appended updates. */
  compactAfterUpdates?: number;
  /** ...or after this many appended bytes, whichever comes first. */
  compactAfterBytes?: number;
  /**
   * Bytes one connection may have queued to send (its socket's bufferedAmount, counting the frame
   * about to go). Past half of it the connection's input is paused (nothing it asks for is
   * answered) until it drains to a quarter; a send that would pass it, or a pause longer than
   * `slowReaderMs`, closes it with 1013. A first frame larger than this (a big document's sync
   * answer) still goes to a connection holding nothing.
   */
  maxBufferedBytes?: number;
  /**
   * A sync answer larger than this (a large document's whole state) goes out as several messages
   * of about this size, cut at struct boundaries, each a valid update, the last one the sync step 2:
   * a stock client gets a message every piece, never waiting past its 30 s timeout mid-transfer. A
   * piece goes out once the connection's socket holds less than four pieces, so a storm of joiners
   * holds the shared answer once plus a few pieces each.
   */
  answerPieceBytes?: number;
  /**
   * How long a large answer may wait for its connection's socket to drain before the connection
   * is closed (1013). Longer than `slowReaderMs`: a waiting answer holds only a few pieces of its
   * own (the rest is shared), and a joiner of a large document on a slow link reads for a while.
   */
  answerStallMs?: number;
  /** How long a connection may stay paused for not reading before it is closed (1013). */
  slowReaderMs?: number;
  /**
   * Bytes of sync answers one connection may ask for per second after its first (which may be the
   * whole document); past it: close 1008. An honest client asks once, then for small differences.
   * The delete set every answer carries counts at most a sixteenth of this per answer (see
   * answerCharge), so a client of a heavily edited document may still confirm its changes often.
   */
  maxAnswerBytesPerSecond?: number;
  /** Bytes queued to send across every connection of the server; a send past it closes its connection (1013). */
  maxOutboundBytes?: number;
  /** Documents loaded in memory at once; a connection to one more is refused with 1013 / 503. */
  maxDocuments?: number;
  /** Largest awareness update a connection may send, in bytes; over it: close 1008. */
  maxAwarenessBytes?: number;
  /**
   * Updates of one document that may wait for missing dependencies (kept aside by the room, never
   * inside Yjs); past it, or past `maxWaitingBytes`, their sender is closed with 1008.
   */
  maxWaitingUpdates?: number;
  /** Bytes of one document's updates that may wait for missing dependencies. */
  maxWaitingBytes?: number;
  /** Yjs client ids one identity may write under in a document, for the room's life (each page load uses one). */
  maxClientIdsPerIdentity?: number;
  /** Bytes of presence state one document may hold in total (over it new states are refused, not relayed). */
  maxRoomAwarenessBytes?: number;
  /**
   * Bytes of presence frames one document may send out per second, all receivers counted; past
   * it, gathered changes wait for the next interval (the latest state per client wins).
   */
  maxAwarenessFanOutBytesPerSecond?: number;
  /** Awareness client ids one connection may hold (the stock client uses one). */
  maxAwarenessClients?: number;
  /**
   * Presence changes arriving within this many ms of the last relayed one are gathered and relayed
   * together, one frame per receiver (the latest state per client wins). 0 relays each at once.
   */
  awarenessIntervalMs?: number;
  /**
   * A document with no change for this many ms (everything stored, nothing pending) drops its live
   * Y.Doc and is held as encoded bytes until a change needs it again. 0 keeps documents live.
   */
  dehydrateAfterMs?: number;
}

/** The options with every default filled in, and what every session of the server shares. */
export type ResolvedSyncOptions = Required<SyncServerOptions> & {
  /** The server-wide count of bytes queued to send (see maxOutboundBytes). */
  outbound: OutboundBudget;
};

/** Merges options over the defaults, in one place. */
export function resolveOptions(options: SyncServerOptions): ResolvedSyncOptions {
  if (!options.store) throw new RangeError('SyncServerOptions.store is required');
  const resolved: Omit<ResolvedSyncOptions, 'outbound'> = {
    hooks: {},
    logger: silentLogger,
    compactAfterUpdates: 500,
    compactAfterBytes: 1 << 20,
    maxBufferedBytes: 16 << 20,
    answerPieceBytes: 256 << 10,
    answerStallMs: 120_000,
    slowReaderMs: 10_000,
    maxOutboundBytes: 512 << 20,
    maxAnswerBytesPerSecond: 2 << 20,
    maxDocuments: 10_000,
    maxAwarenessBytes: 64 << 10,
    maxAwarenessClients: 16,
    maxRoomAwarenessBytes: 1 << 20,
    maxAwarenessFanOutBytesPerSecond: 8 << 20,
    maxWaitingUpdates: 64,
    maxClientIdsPerIdentity: 1000,
    maxWaitingBytes: 1 << 20,
    awarenessIntervalMs: 50,
    dehydrateAfterMs: 30_000,
    ...options,
  };
  for (const key of ['compactAfterUpdates', 'compactAfterBytes', 'maxBufferedBytes', 'answerPieceBytes', 'answerStallMs', 'slowReaderMs', 'maxOutboundBytes', 'maxAnswerBytesPerSecond', 'maxDocuments', 'maxAwarenessBytes', 'maxAwarenessClients', 'maxWaitingUpdates', 'maxWaitingBytes', 'maxClientIdsPerIdentity', 'maxRoomAwarenessBytes', 'maxAwarenessFanOutBytesPerSecond'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`SyncServerOptions.${key} must be a positive number`);
  }
  for (const key of ['awarenessIntervalMs', 'dehydrateAfterMs'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`SyncServerOptions.${key} must be 0 or a positive number`);
  }
  return { ...resolved, outbound: new OutboundBudget(resolved.maxOutboundBytes) };
}
