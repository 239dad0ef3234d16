import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type DocStore, hasLifecycle } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import { publicUser } from '../auth/accounts.js';
import type { AuthEnv } from '../auth/auth-services.js';
import { baseUrl } from '../auth/cookies.js';
import { adminOnly } from '../auth/guards.js';
import { answering, jsonBody } from './auth-api.js';
import { docSummaries } from './doc-summaries.js';
import { isReservedDocId } from '../comments/comments-room.js';
import { announce } from '../events/request-events.js';

/**
 * The admin page's API under `/api/admin` (admins and the ADMIN_TOKEN): people (list, disable,
 * make admin), every document with its owner, size and trash state, the sign-up policy, and
 * invites to the server.
 */
export function adminApi(store: DocStore, sync: SyncServer): Hono<AuthEnv> {
  const summaryOf = docSummaries(store, sync);
  const accountsOf = (c: { var: AuthEnv['Variables'] }) => {
    const accounts = c.var.auth.accounts;
    if (!accounts) throw new HTTPException(404, { message: 'this server runs without accounts (AUTH_MODE=open)' });
    return accounts;
  };
  return new Hono<AuthEnv>()
    .use('/admin/*', adminOnly())
    .get('/admin/users', async (c) => {
      const users = await accountsOf(c).store.listUsers();
      return c.json({
        users: users.map((u) => ({ ...publicUser(u), disabled: u.disabled, createdAt: new Date(u.createdAt).toISOString() })),
      });
    })
    .patch('/admin/users/:id', async (c) => {
      const accounts = accountsOf(c);
      const body = await jsonBody(c);
      return answering(c, async () => {
        const user = await accounts.setFlags(c.var.caller.user, c.req.param('id'), body);
        const flags = Object.fromEntries((['admin', 'disabled'] as const).filter((k) => body[k] !== undefined).map((k) => [k, user[k]]));
        announce(c, { type: 'admin.user_changed', data: { userId: user.id, email: user.email, ...flags } });
        return c.json({ ...publicUser(user), disabled: user.disabled });
      });
    })
    .get('/admin/docs', async (c) => {
      const accounts = accountsOf(c);
      await sync.flush();
      const trash = new Map(hasLifecycle(store) ? (await store.listTrash()).map((t) => [t.id, t.deletedAt]) : []);
      const owners = new Map<string, string>();
      for (const g of await accounts.store.listOwners()) if (!owners.has(g.docId)) owners.set(g.docId, g.userId);
      const emails = new Map((await accounts.store.listUsers()).map((u) => [u.id, u.email]));
      const infos = (await store.list()).filter((info) => !isReservedDocId(info.id));
      const docs = await Promise.all(
        infos.map(async (info) => {
          const owner = owners.get(info.id);
          const deletedAt = trash.get(info.id);
          return {
            id: info.id,
            title: (await summaryOf(info.id, info.updatedAt)).title,
            owner: owner ? (emails.get(owner) ?? null) : null,
            size: info.size,
            updatedAt: new Date(info.updatedAt).toISOString(),
            deletedAt: deletedAt === undefined ? null : new Date(deletedAt).toISOString(),
          };
        }),
      );
      return c.json({ docs });
    })
    .get('/admin/settings', async (c) => c.json({ signup: await accountsOf(c).signupPolicy() }))
    .put('/admin/settings', async (c) => {
      const accounts = accountsOf(c);
      const body = await jsonBody(c);
      return answering(c, async () => {
        const signup = await accounts.setSignupPolicy(body.signup);
        announce(c, { type: 'admin.settings_changed', data: { signup } });
        return c.json({ signup });
      });
    })
    .post('/admin/invites', async (c) => {
      const { sharing } = c.var.auth;
      const inviter = c.var.caller.user;
      if (!sharing || !inviter) throw new HTTPException(403, { message: 'sign in as an admin to invite people' });
      const body = await jsonBody(c);
      return answering(c, async () => {
        const invite = await sharing.inviteToServer(inviter, body.email, baseUrl(c, c.var.auth));
        announce(c, { type: 'admin.invite_created', data: { email: String(body.email).trim() } });
        return c.json(invite, 201);
      });
    });
}
