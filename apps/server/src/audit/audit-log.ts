import type { AuditPage, AuditQuery, AuditStore } from '@tandem/accounts-store';
import type { Logger } from '@tandem/sync';
import type { ServerEvents } from '../events/server-events.js';
import { AUDITED_EVENTS, auditEntryOf, auditLine } from './audit-entry.js';

/** What the audit log writes its lines to: a stream's `write` (stdout, stderr, a file), or nothing. */
export interface AuditSink {
  write(line: string): void;
  /** Resolves once everything written is flushed (a file is closed). */
  close(): Promise<void>;
}

/** The audit log as the server holds it: the admin API's query, and the close at shutdown. */
export interface AuditLog {
  /** Whether entries are kept in the database (AUDIT_RETENTION_DAYS > 0). */
  readonly stored: boolean;
  /** A page of entries, newest first (an empty page when nothing is stored). */
  query(query: AuditQuery): Promise<AuditPage>;
  /** Deletes what is older than the retention; resolves with how many. */
  prune(): Promise<number>;
  /** Stops listening, finishes the pending writes, closes the store and the sink. */
  close(): Promise<void>;
}

/** What createAuditLog needs. */
export interface AuditLogOptions {
  events: ServerEvents;
  /** Where entries are kept; null: not kept (retention 0). */
  store: AuditStore | null;
  /** Where lines go; null: AUDIT_LOG=off. */
  sink: AuditSink | null;
  retentionMs: number;
  logger: Logger;
  /** How often old entries are pruned (default hourly). */
  pruneEveryMs?: number;
  now?: () => number;
}

/**
 * The audit log: subscribes to the events bus and, for each audited event (AUDITED_EVENTS),
 * writes one JSON line to its sink at once and appends the entry to the store (in order, one
 * write at a time; a store that fails is logged as `audit.store_failed`, never thrown at the
 * request). Entries older than the retention are pruned at start and then every hour.
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { events, store, sink, retentionMs, logger } = options;
  const now = options.now ?? Date.now;
  let writes: Promise<void> = Promise.resolve();
  const audited = new Set<string>(AUDITED_EVENTS);
  const off = events.on('*', (event) => {
    if (!audited.has(event.type)) return;
    const entry = auditEntryOf(event);
    sink?.write(auditLine(entry));
    if (!store) return;
    writes = writes.then(() =>
      store.append(entry).catch((err: unknown) => logger.error('audit.store_failed', { action: entry.action, error: String(err) })),
    );
  });
  const prune = async () => (store ? store.prune(now() - retentionMs) : 0);
  const pruneLogged = () =>
    void prune().then(
      (n) => n > 0 && logger.info('audit.pruned', { entries: n }),
      (err: unknown) => logger.warn('audit.prune_failed', { error: String(err) }),
    );
  pruneLogged();
  const timer = store ? setInterval(pruneLogged, options.pruneEveryMs ?? 3_600_000) : null;
  timer?.unref();
  return {
    stored: store !== null,
    async query(query) {
      if (!store) return { entries: [], next: null };
      await writes; // what this node was told is in the answer
      return store.query(query);
    },
    prune,
    async close() {
      off();
      if (timer) clearInterval(timer);
      await writes;
      await store?.close();
      await sink?.close();
    },
  };
}
