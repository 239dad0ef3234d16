import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '@tandem/accounts-store';
import { SERVER_EVENT_TYPES, type ServerEvent, type ServerEventType } from '../events/server-events.js';

/**
 * The events the audit log leaves out: `document.changed` (every stored edit: the document's own
 * history keeps those) and `comment.created` (content, like edits).
 */
export const UNAUDITED_EVENTS: readonly ServerEventType[] = ['document.changed', 'comment.created'];

/**
 * The events the audit log records: everything else on the bus, that is what a person or the
 * server did to documents, access, accounts and settings (a new event type is audited unless it
 * is added to UNAUDITED_EVENTS).
 */
export const AUDITED_EVENTS: readonly ServerEventType[] = SERVER_EVENT_TYPES.filter((t) => !UNAUDITED_EVENTS.includes(t));

/** Keys whose values are never written, wherever they sit in `data` (defence in depth: no emitter should send them). */
const SECRET_KEY = /token|secret|password|cookie|authorization|invite_?link|^link$|url$/i;
const MAX_STRING = 500;

/** `data` made safe to keep: secrets dropped, long strings cut, depth bounded. */
export function scrubData(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return String(value);
  if (depth >= 3) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrubData(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => !SECRET_KEY.test(k) && v !== undefined)
      .map(([k, v]) => [k, scrubData(v, depth + 1)]),
  );
}

let counter = 0;
/** An id that sorts by time first (then this process's counter), unique across nodes (random tail). */
export function auditId(at: number): string {
  counter = (counter + 1) % 36 ** 4;
  return `${at.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}

/** The audit entry of a bus event. */
export function auditEntryOf(event: ServerEvent): AuditEntry {
  const actor = event.actor ?? { kind: 'system' as const };
  const data = event.data ? (scrubData(event.data) as Record<string, unknown>) : null;
  return {
    id: auditId(event.at),
    at: event.at,
    action: event.type,
    actorKind: actor.kind,
    actorId: actor.id ?? null,
    actorName: actor.name ?? null,
    actorEmail: actor.email ?? null,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
    docId: event.docId ?? null,
    data: data && Object.keys(data).length ? data : null,
  };
}

/** An entry as the API answers it and the stream writes it: ISO time, the actor as one object. */
export function auditJson(entry: AuditEntry): Record<string, unknown> {
  const actor: Record<string, unknown> = { kind: entry.actorKind };
  if (entry.actorId !== null) actor.id = entry.actorId;
  if (entry.actorName !== null) actor.name = entry.actorName;
  if (entry.actorEmail !== null) actor.email = entry.actorEmail;
  return {
    id: entry.id,
    time: new Date(entry.at).toISOString(),
    action: entry.action,
    actor,
    ip: entry.ip,
    userAgent: entry.userAgent,
    docId: entry.docId,
    data: entry.data,
  };
}

/** One line of the audit stream: `{"stream":"audit",...}` and a newline. */
export function auditLine(entry: AuditEntry): string {
  return `${JSON.stringify({ stream: 'audit', ...auditJson(entry) })}\n`;
}
