import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AuditQuery } from '@tandem/accounts-store';
import type { AuthEnv } from '../auth/auth-services.js';
import { adminOnly } from '../auth/guards.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditJson } from '../audit/audit-entry.js';

/** A time parameter: an ISO date (or date-time) or ms since the epoch. */
function timeParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw new HTTPException(400, { message: `${name} must be an ISO date or time (2026-12-02T10:00:00Z) or ms since the epoch` });
  return ms;
}

/** A text filter: at most 254 characters. */
function textParam(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > 254) throw new HTTPException(400, { message: `${name} must be at most 254 characters` });
  return raw;
}

/**
 * `GET /api/admin/audit?since=&until=&actor=&doc=&action=&limit=&cursor=` (admins and the
 * ADMIN_TOKEN): the audit log, newest first, a page at a time (`next` is the cursor of the page
 * after; null at the end). `actor` is an id, email, name or kind; `action` an action or a family
 * (`document.*`).
 */
export function auditApi(audit: AuditLog): Hono<AuthEnv> {
  return new Hono<AuthEnv>().get('/admin/audit', adminOnly(), async (c) => {
    const q = c.req.query();
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HTTPException(400, { message: 'limit must be 1-500' });
    const query: AuditQuery = { limit };
    const since = timeParam('since', q.since);
    const until = timeParam('until', q.until);
    const actor = textParam('actor', q.actor);
    const doc = textParam('doc', q.doc);
    const action = textParam('action', q.action);
    const cursor = textParam('cursor', q.cursor);
    if (since !== undefined) query.since = since;
    if (until !== undefined) query.until = until;
    if (actor !== undefined) query.actor = actor;
    if (doc !== undefined) query.docId = doc;
    if (action !== undefined) query.action = action;
    if (cursor !== undefined) query.cursor = cursor;
    c.header('Cache-Control', 'no-store');
    try {
      const page = await audit.query(query);
      return c.json({ entries: page.entries.map(auditJson), next: page.next, stored: audit.stored });
    } catch (err) {
      if (err instanceof RangeError) throw new HTTPException(400, { message: err.message });
      throw err;
    }
  });
}
