import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AuthEnv } from '../auth/auth-services.js';
import { baseUrl } from '../auth/cookies.js';
import { docAccess, docIdOf } from '../auth/guards.js';
import type { Sharing } from '../auth/sharing.js';
import { answering, jsonBody } from './auth-api.js';
import { announce } from '../events/request-events.js';

/**
 * A document's access list, under `/api/docs/:id/access`: read it (anyone with access; invite
 * and share links only for owners), share with someone by email (`POST members`), change or
 * remove a role (`PATCH`/`DELETE members/:userId`), cancel an invite (`DELETE invites/:email`),
 * link sharing on/off with a role (`PUT link`) and rotation (`POST link/rotate`). Owners only.
 */
export function accessApi(): Hono<AuthEnv> {
  const sharingOf = (auth: AuthEnv['Variables']['auth']): Sharing => {
    if (!auth.sharing) throw new HTTPException(404, { message: 'this server runs without accounts (AUTH_MODE=open)' });
    return auth.sharing;
  };
  return new Hono<AuthEnv>()
    .get('/docs/:id/access', docAccess('viewer'), async (c) => {
      const sharing = sharingOf(c.var.auth);
      return c.json(await sharing.describe(docIdOf(c.req.param('id')), c.var.role, baseUrl(c, c.var.auth)));
    })
    .post('/docs/:id/access/members', docAccess('owner'), async (c) => {
      const sharing = sharingOf(c.var.auth);
      const inviter = c.var.caller.user;
      if (!inviter) throw new HTTPException(403, { message: 'sign in to share documents' });
      const body = await jsonBody(c);
      const id = docIdOf(c.req.param('id'));
      return answering(c, async () => {
        const shared = await sharing.share(id, inviter, body, baseUrl(c, c.var.auth));
        announce(c, { type: 'share.changed', docId: id, data: { action: 'member.added', email: body.email, role: body.role } });
        return c.json(shared, 201);
      });
    })
    .patch('/docs/:id/access/members/:userId', docAccess('owner'), async (c) => {
      const sharing = sharingOf(c.var.auth);
      const body = await jsonBody(c);
      return answering(c, async () => {
        const id = docIdOf(c.req.param('id'));
        await sharing.setRole(id, c.req.param('userId'), body.role);
        announce(c, { type: 'share.changed', docId: id, data: { action: 'member.role', userId: c.req.param('userId'), role: body.role } });
        return c.json({ changed: true });
      });
    })
    .delete('/docs/:id/access/members/:userId', docAccess('owner'), async (c) => {
      const sharing = sharingOf(c.var.auth);
      return answering(c, async () => {
        const id = docIdOf(c.req.param('id'));
        await sharing.remove(id, c.req.param('userId'));
        announce(c, { type: 'share.changed', docId: id, data: { action: 'member.removed', userId: c.req.param('userId') } });
        return c.json({ removed: true });
      });
    })
    .delete('/docs/:id/access/invites/:email', docAccess('owner'), async (c) => {
      const sharing = sharingOf(c.var.auth);
      return answering(c, async () => {
        const id = docIdOf(c.req.param('id'));
        await sharing.cancelInvite(id, decodeURIComponent(c.req.param('email')));
        announce(c, { type: 'share.changed', docId: id, data: { action: 'invite.cancelled', email: decodeURIComponent(c.req.param('email')) } });
        return c.json({ cancelled: true });
      });
    })
    .put('/docs/:id/access/link', docAccess('owner'), async (c) => {
      const sharing = sharingOf(c.var.auth);
      const body = await jsonBody(c);
      const id = docIdOf(c.req.param('id'));
      return answering(c, async () => {
        await sharing.setLink(id, body.role ?? null);
        announce(c, { type: 'share.changed', docId: id, data: { action: 'link.set', role: body.role ?? null } });
        return c.json((await sharing.describe(id, 'owner', baseUrl(c, c.var.auth))).link);
      });
    })
    .post('/docs/:id/access/link/rotate', docAccess('owner'), async (c) => {
      const sharing = sharingOf(c.var.auth);
      const id = docIdOf(c.req.param('id'));
      return answering(c, async () => {
        await sharing.rotateLink(id);
        announce(c, { type: 'share.changed', docId: id, data: { action: 'link.rotated' } });
        return c.json((await sharing.describe(id, 'owner', baseUrl(c, c.var.auth))).link);
      });
    });
}
