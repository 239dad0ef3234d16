import type { DocStore } from '@tandem/store';
import type { SyncHooks } from './hooks.js';
import { type Logger, silentLogger } from './logger.js';

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
  /** Close a connection whose unsent bytes exceed this (it cannot keep up); it will re-sync. */
  maxBufferedBytes?: number;
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

/** The options with every default filled in. */
export type ResolvedSyncOptions = Required<SyncServerOptions>;

/** Merges options over the defaults, in one place. */
export function resolveOptions(options: SyncServerOptions): ResolvedSyncOptions {
  if (!options.store) throw new RangeError('SyncServerOptions.store is required');
  const resolved: ResolvedSyncOptions = {
    hooks: {},
    logger: silentLogger,
    compactAfterUpdates: 500,
    compactAfterBytes: 1 << 20,
    maxBufferedBytes: 32 << 20,
    maxDocuments: 10_000,
    maxAwarenessBytes: 64 << 10,
    maxAwarenessClients: 16,
    maxWaitingUpdates: 64,
    maxClientIdsPerIdentity: 1000,
    maxWaitingBytes: 1 << 20,
    awarenessIntervalMs: 50,
    dehydrateAfterMs: 30_000,
    ...options,
  };
  for (const key of ['compactAfterUpdates', 'compactAfterBytes', 'maxBufferedBytes', 'maxDocuments', 'maxAwarenessBytes', 'maxAwarenessClients', 'maxWaitingUpdates', 'maxWaitingBytes', 'maxClientIdsPerIdentity'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`SyncServerOptions.${key} must be a positive number`);
  }
  for (const key of ['awarenessIntervalMs', 'dehydrateAfterMs'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`SyncServerOptions.${key} must be 0 or a positive number`);
  }
  return resolved;
}
