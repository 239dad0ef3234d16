import type { AuditEntry } from './audit-types.js';

/** The audit table, one migration per entry (SQLite and PostgreSQL read the same SQL). */
export const AUDIT_MIGRATIONS = [
  `CREATE TABLE tandem_audit (
     id TEXT PRIMARY KEY, at BIGINT NOT NULL, action TEXT NOT NULL, actor_kind TEXT NOT NULL,
     actor_id TEXT, actor_name TEXT, actor_email TEXT, ip TEXT, user_agent TEXT, doc TEXT, data TEXT);
   CREATE INDEX tandem_audit_at ON tandem_audit (at, id);
   CREATE INDEX tandem_audit_doc ON tandem_audit (doc, at);
   CREATE INDEX tandem_audit_actor ON tandem_audit (actor_id, at);`,
];

/** The schema version of the audit table this build writes (SQLite user_version, PostgreSQL tandem_audit_migrations). */
export const AUDIT_SCHEMA_VERSION = AUDIT_MIGRATIONS.length;

/** A row of tandem_audit as either database returns it. */
export interface AuditRow {
  id: string;
  at: number | string;
  action: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  ip: string | null;
  user_agent: string | null;
  doc: string | null;
  data: string | null;
}

export const toAuditEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: Number(r.at),
  action: r.action,
  actorKind: r.actor_kind,
  actorId: r.actor_id,
  actorName: r.actor_name,
  actorEmail: r.actor_email,
  ip: r.ip,
  userAgent: r.user_agent,
  docId: r.doc,
  data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>),
});

/** The row values of an entry, in the table's column order. */
export const auditValues = (e: AuditEntry): unknown[] => [
  e.id,
  e.at,
  e.action,
  e.actorKind,
  e.actorId,
  e.actorName,
  e.actorEmail,
  e.ip,
  e.userAgent,
  e.docId,
  e.data === null ? null : JSON.stringify(e.data),
];

/** A page cursor: where the last entry of a page sits in the (at, id) order. */
export function encodeCursor(e: Pick<AuditEntry, 'at' | 'id'>): string {
  return Buffer.from(JSON.stringify([e.at, e.id])).toString('base64url');
}

/** The (at, id) of a cursor; RangeError when it is not one this store made. */
export function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'number' && Number.isSafeInteger(at) && typeof id === 'string' && id.length <= 64) return { at, id };
  } catch {
    // fall through
  }
  throw new RangeError('cursor is not one a page of the audit log gave');
}
