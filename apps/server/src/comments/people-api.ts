import { Hono } from 'hono';
import type { AuthEnv } from '../auth/auth-services.js';
import { docAccess, docIdOf } from '../auth/guards.js';

/**
 * `GET /api/docs/:id/people`: who can be mentioned in the document's comments, for anyone who may
 * comment: the people on its access list (id and name only; e-mail addresses stay with owners,
 * in the access API), without the caller. Empty in open mode (there are no accounts).
 */
export function peopleApi(): Hono<AuthEnv> {
  return new Hono<AuthEnv>().get('/docs/:id/people', docAccess('commenter'), async (c) => {
    const store = c.var.auth.accounts?.store;
    if (!store) return c.json({ people: [] });
    const docId = docIdOf(c.req.param('id'));
    const people: Array<{ id: string; name: string }> = [];
    for (const grant of await store.members(docId)) {
      if (grant.userId === c.var.caller.user?.id) continue;
      const user = await store.userById(grant.userId);
      if (user && !user.disabled) people.push({ id: user.id, name: user.name });
    }
    people.sort((a, b) => a.name.localeCompare(b.name));
    return c.json({ people });
  });
}
