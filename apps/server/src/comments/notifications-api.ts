import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AuthEnv } from '../auth/auth-services.js';
import { signedIn } from '../auth/guards.js';
import { jsonBody } from '../routes/auth-api.js';

/**
 * The signed-in person's notifications: `GET /api/notifications` (newest first, with the unread
 * count) and `POST /api/notifications/read` with `{ ids: [...] }` or `{ all: true }`.
 */
export function notificationsApi(): Hono<AuthEnv> {
  const storeOf = (c: { var: AuthEnv['Variables'] }) => {
    const store = c.var.auth.accounts?.store;
    if (!store) throw new HTTPException(404, { message: 'this server runs without accounts (AUTH_MODE=open)' });
    return store;
  };
  return new Hono<AuthEnv>()
    .get('/notifications', signedIn(), async (c) => {
      const store = storeOf(c);
      const user = c.var.caller.user!;
      const [notifications, unread] = await Promise.all([store.notifications(user.id, 50), store.unreadNotifications(user.id)]);
      return c.json({ notifications, unread });
    })
    .post('/notifications/read', signedIn(), async (c) => {
      const store = storeOf(c);
      const body = await jsonBody(c);
      const ids = body.all === true ? 'all' : Array.isArray(body.ids) && body.ids.length <= 200 && body.ids.every((id) => typeof id === 'string') ? (body.ids as string[]) : null;
      if (!ids) throw new HTTPException(400, { message: 'send { ids: [...] } or { all: true }' });
      const changed = await store.markNotificationsRead(c.var.caller.user!.id, ids, Date.now());
      return c.json({ changed, unread: await store.unreadNotifications(c.var.caller.user!.id) });
    });
}
