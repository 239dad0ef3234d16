import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type AuditStore, createPostgresAuditStore, createSqliteAuditStore } from '@tandem/accounts-store';
import type { Logger } from '@tandem/sync';
import type { ServerConfig } from '../config/config.js';
import { ConfigError } from '../config/env-readers.js';
import type { ServerEvents } from '../events/server-events.js';
import { type AuditLog, type AuditSink, createAuditLog } from './audit-log.js';

/** A sink over a standard stream. */
function streamSink(out: NodeJS.WritableStream): AuditSink {
  return { write: (line) => void out.write(line), close: async () => {} };
}

/**
 * A sink appending to a file, created 0600: each line written at once with one write(2) (an
 * entry is on disk, in order, before the request that caused it answers), synced at close.
 */
export function fileSink(path: string): AuditSink {
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o600);
  } catch (err) {
    throw new ConfigError('AUDIT_LOG', `cannot open ${JSON.stringify(path)} to append (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let open = true;
  return {
    write(line) {
      if (open) writeSync(fd, line);
    },
    async close() {
      if (!open) return;
      open = false;
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}

/** The sink AUDIT_LOG names (null for `off`). */
export function auditSink(config: ServerConfig['audit']): AuditSink | null {
  const { output } = config;
  if (output.kind === 'off') return null;
  if (output.kind === 'stdout') return streamSink(process.stdout);
  if (output.kind === 'stderr') return streamSink(process.stderr);
  return fileSink(output.path);
}

/** The store beside the others: `tandem_audit` in PostgreSQL with DATABASE_URL, else DATA_DIR/audit.db; null with retention 0. */
export async function openAuditStore(config: ServerConfig): Promise<AuditStore | null> {
  if (config.audit.retentionDays === 0) return null;
  const { databaseUrl, databaseSchema, dataDir } = config.storage;
  return databaseUrl
    ? createPostgresAuditStore({ connectionString: databaseUrl, ...(databaseSchema ? { schema: databaseSchema } : {}) })
    : createSqliteAuditStore({ path: join(dataDir, 'audit.db') });
}

/** Starts the audit log of a server: its sink (AUDIT_LOG), its store, listening on the bus. */
export async function openAuditLog(config: ServerConfig, events: ServerEvents, logger: Logger): Promise<AuditLog> {
  const sink = auditSink(config.audit);
  let store: AuditStore | null;
  try {
    store = await openAuditStore(config);
  } catch (err) {
    await sink?.close();
    throw err;
  }
  return createAuditLog({ events, store, sink, retentionMs: config.audit.retentionDays * 86_400_000, logger });
}
