import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AuthEnv } from '../auth/auth-services.js';
import { adminOnly } from '../auth/guards.js';
import { WEBHOOK_EVENTS, webhookUrlProblem } from '../webhooks/webhook-config.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import { jsonBody } from './auth-api.js';
import { announce } from '../events/request-events.js';

function eventsOf(raw: unknown): string[] {
  if (raw === undefined) return [...WEBHOOK_EVENTS];
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((e) => (WEBHOOK_EVENTS as readonly unknown[]).includes(e))) {
    throw new HTTPException(400, { message: `events must be a non-empty list of ${WEBHOOK_EVENTS.join(', ')}` });
  }
  return [...new Set(raw as string[])];
}

/** What the audit log keeps of a receiver URL: its origin only (a path or query may hold a secret, as Slack's do). */
const originOf = (url: string) => new URL(url).origin;

function urlOf(raw: unknown): string {
  const problem = typeof raw === 'string' && raw.length <= 2000 ? webhookUrlProblem(raw) : 'is required (at most 2000 characters)';
  if (problem) throw new HTTPException(400, { message: `url ${problem}` });
  return raw as string;
}

/**
 * The admin's webhooks under `/api/admin/webhooks` (admins and the ADMIN_TOKEN): list the
 * receivers (the WEBHOOK_URL one is read-only), add one (its secret is answered once), change,
 * remove, send a test, and read the delivery log and retry a delivery.
 */
export function webhooksApi(webhooks: Webhooks): Hono<AuthEnv> {
  const reachable = async (url: string) => {
    const problem = await webhooks.problemWith(url);
    if (problem) throw new HTTPException(400, { message: `url: ${problem}` });
    return url;
  };
  return new Hono<AuthEnv>()
    .get('/admin/webhooks', adminOnly(), async (c) => c.json({ endpoints: await webhooks.endpoints(), events: WEBHOOK_EVENTS }))
    .post('/admin/webhooks', adminOnly(), async (c) => {
      const body = await jsonBody(c);
      const url = await reachable(urlOf(body.url));
      const added = await webhooks.addEndpoint(url, eventsOf(body.events));
      announce(c, { type: 'admin.webhook_changed', data: { action: 'added', webhookId: added.id, origin: originOf(url), events: added.events } });
      return c.json(added, 201);
    })
    .patch('/admin/webhooks/:id', adminOnly(), async (c) => {
      const body = await jsonBody(c);
      if (body.enabled !== undefined && typeof body.enabled !== 'boolean') throw new HTTPException(400, { message: 'enabled must be true or false' });
      const changed = await webhooks.updateEndpoint(c.req.param('id'), {
        ...(body.url !== undefined ? { url: await reachable(urlOf(body.url)) } : {}),
        ...(body.events !== undefined ? { events: eventsOf(body.events) } : {}),
        ...(typeof body.enabled === 'boolean' ? { enabled: body.enabled } : {}),
      });
      if (!changed) throw new HTTPException(404, { message: 'no such webhook (the WEBHOOK_URL one is changed in the environment)' });
      const fields = {
        ...(body.url !== undefined ? { origin: originOf(changed.url) } : {}),
        ...(body.events !== undefined ? { events: changed.events } : {}),
        ...(body.enabled !== undefined ? { enabled: changed.enabled } : {}),
      };
      announce(c, { type: 'admin.webhook_changed', data: { action: 'updated', webhookId: c.req.param('id'), ...fields } });
      return c.json(changed);
    })
    .delete('/admin/webhooks/:id', adminOnly(), async (c) => {
      if (!(await webhooks.removeEndpoint(c.req.param('id')))) throw new HTTPException(404, { message: 'no such webhook' });
      announce(c, { type: 'admin.webhook_changed', data: { action: 'removed', webhookId: c.req.param('id') } });
      return c.json({ removed: true });
    })
    .post('/admin/webhooks/:id/test', adminOnly(), async (c) => {
      const delivery = await webhooks.ping(c.req.param('id'));
      if (!delivery) throw new HTTPException(404, { message: 'no such webhook' });
      announce(c, { type: 'admin.webhook_changed', data: { action: 'tested', webhookId: c.req.param('id') } });
      return c.json(delivery);
    })
    .get('/admin/webhooks/deliveries', adminOnly(), async (c) => {
      const limit = Number(c.req.query('limit') ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HTTPException(400, { message: 'limit must be 1-500' });
      return c.json({ deliveries: await webhooks.deliveries(c.req.query('endpoint') || undefined, limit) });
    })
    .post('/admin/webhooks/deliveries/:id/retry', adminOnly(), async (c) => {
      if (!(await webhooks.retry(c.req.param('id')))) throw new HTTPException(404, { message: 'no such delivery waiting or failed' });
      announce(c, { type: 'admin.webhook_changed', data: { action: 'retried', deliveryId: c.req.param('id') } });
      return c.json({ retrying: true });
    });
}
