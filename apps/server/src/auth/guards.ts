import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { isValidDocId } from '@tandem/document';
import { type Role, roleAtLeast } from '@tandem/protocol';
import { AccessError, requestToken } from './access.js';
import type { AuthEnv, AuthServices } from './auth-services.js';
import type { DocGrant } from './doc-roles.js';
import { SESSION_COOKIE } from './cookies.js';
import { isReservedDocId } from '../comments/comments-room.js';

const SHARE_SECRET = /^[A-Za-z0-9_-]{1,128}$/;

/** A share-link secret from `?share=` or the `X-Tandem-Share` header, when well-formed. */
export function shareSecret(query: string | undefined, header: string | undefined): string | null {
  const value = query || header || null;
  return value && SHARE_SECRET.test(value) ? value : null;
}

/**
 * Finds out who is asking (session cookie, bearer token, share secret) and puts the services and
 * the caller in the request's variables. Mounted once before every guarded route.
 */
export function identify(auth: AuthServices): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    c.set('auth', auth);
    c.set('caller', {
      user: auth.accounts ? await auth.accounts.sessionUser(getCookie(c, SESSION_COOKIE)) : null,
      token: requestToken(c.req.header('authorization'), c.req.query('token')),
      share: shareSecret(c.req.query('share'), c.req.header('x-tandem-share')),
    });
    await next();
  };
}

function refuse(err: unknown): never {
  if (err instanceof AccessError) throw new HTTPException(err.status, { message: err.message });
  throw err;
}

/** The document id of a route's `:id`, checked (400 otherwise). The one doc-id check of the API. */
export function docIdOf(raw: string | undefined): string {
  if (!raw || !isValidDocId(raw) || isReservedDocId(raw)) throw new HTTPException(400, { message: 'invalid document id' });
  return raw;
}

/**
 * Guards a `/docs/:id/...` route: the caller needs at least `needed` on the document (401 when
 * they are nobody, 403 otherwise; the same whether or not it exists). The role found is left in
 * `c.var.role` (and the grant, with any token claims, in `c.var.grant`).
 */
export function docAccess(needed: Role): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const docId = docIdOf(c.req.param('id'));
    let grant: DocGrant;
    try {
      grant = await c.var.auth.roles.grantFor(c.var.caller, docId);
    } catch (err) {
      refuse(err);
    }
    const { role } = grant;
    if (!roleAtLeast(role, needed)) {
      throw new HTTPException(403, { message: `this needs the ${needed} role (you are ${role})` });
    }
    c.set('role', role);
    c.set('grant', grant);
    await next();
  };
}

/** Guards operator routes: the ADMIN_TOKEN or an admin's session (open mode: as before accounts). */
export function adminOnly(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const { auth, caller } = c.var;
    if (!auth.roles.isAdmin(caller)) {
      const nobody = !caller.user && !caller.token;
      throw new HTTPException(nobody ? 401 : 403, { message: nobody ? 'sign in as an admin' : 'this needs an admin' });
    }
    await next();
  };
}

/**
 * Guards creating documents: a signed-in person (who will own it) or the operator; in open mode
 * as before accounts (anyone, or the ADMIN_TOKEN when tokens are on).
 */
export function canCreate(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const { auth, caller } = c.var;
    if (auth.mode === 'accounts' ? !caller.user && !auth.roles.isAdmin(caller) : !auth.roles.isAdmin(caller)) {
      const nobody = !caller.user && !caller.token;
      throw new HTTPException(nobody ? 401 : 403, { message: nobody ? 'sign in to create documents' : 'you cannot create documents' });
    }
    await next();
  };
}

/** Guards a route for signed-in people (accounts mode only; 401 otherwise). */
export function signedIn(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!c.var.caller.user) throw new HTTPException(401, { message: 'sign in first' });
    await next();
  };
}
