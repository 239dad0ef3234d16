import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AccountError } from '../auth/accounts.js';
import type { AuthEnv } from '../auth/auth-services.js';
import { baseUrl, isSecureRequest, setSessionCookie } from '../auth/cookies.js';
import { OidcError } from '../oidc/oidc-client.js';
import { PENDING_SIGN_IN_SECONDS } from '../oidc/oidc-state.js';
import { announce, userActor } from '../events/request-events.js';

/** The cookie that carries a sealed pending sign-in from `start` to `callback`. */
export const OIDC_COOKIE = 'tandem_oidc';
const COOKIE_PATH = '/api/auth/oidc';
const CALLBACK_PATH = '/api/auth/oidc/callback';

/** Sends the browser back to the web app with a reason it shows on the sign-in page (a callback's refusal is announced). */
function backWithError(c: Context<AuthEnv>, message: string, failedSignIn = false): Response {
  if (failedSignIn) announce(c, { type: 'auth.sign_in_failed', actor: { kind: 'anonymous' }, data: { method: 'oidc', reason: message.slice(0, 300) } });
  return c.redirect(`/?auth_error=${encodeURIComponent(message.slice(0, 300))}`, 302);
}

/**
 * `GET /api/auth/oidc/start[?return=/d/x]` sends the browser to the identity provider
 * (authorization code + PKCE, state, nonce) with the pending sign-in sealed in a 10-minute
 * HttpOnly cookie; `GET /api/auth/oidc/callback` checks it, exchanges the code, signs the person
 * in through the accounts module's `signInExternal` and sets the normal session cookie. 404 when
 * no provider is configured.
 */
export function oidcApi(): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .get('/auth/oidc/start', async (c) => {
      const { auth } = c.var;
      if (!auth.oidc) return c.json({ error: 'sign-in with an identity provider is not configured (OIDC_ISSUER)' }, 404);
      c.header('Cache-Control', 'no-store');
      try {
        const { url, pending } = await auth.oidc.client.start(`${baseUrl(c, auth)}${CALLBACK_PATH}`, c.req.query('return') ?? '/');
        setCookie(c, OIDC_COOKIE, await auth.oidc.seal.seal(pending), {
          httpOnly: true,
          sameSite: 'Lax', // the provider's redirect back is a top-level GET: Lax cookies come with it
          secure: isSecureRequest(c, auth),
          path: COOKIE_PATH,
          maxAge: PENDING_SIGN_IN_SECONDS,
        });
        return c.redirect(url.href, 302);
      } catch (err) {
        if (err instanceof OidcError) return backWithError(c, err.message);
        throw err;
      }
    })
    .get('/auth/oidc/callback', async (c) => {
      const { auth } = c.var;
      if (!auth.oidc || !auth.accounts) return c.json({ error: 'sign-in with an identity provider is not configured (OIDC_ISSUER)' }, 404);
      c.header('Cache-Control', 'no-store');
      const pending = await auth.oidc.seal.open(getCookie(c, OIDC_COOKIE));
      deleteCookie(c, OIDC_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c, auth) });
      if (!pending) return backWithError(c, `the sign-in with ${auth.oidc.client.name} expired or was started in another browser: try again`, true);
      try {
        const identity = await auth.oidc.client.finish(new URL(c.req.url).search, pending);
        const started = Date.now();
        const user = await auth.accounts.signInExternal(identity);
        const session = await auth.accounts.startSession(user);
        setSessionCookie(c, auth, session.secret, session.expiresAt);
        const actor = userActor(user);
        if (user.createdAt >= started) announce(c, { type: 'account.created', actor, data: { userId: user.id, email: user.email, via: 'oidc', admin: user.admin } });
        announce(c, { type: 'auth.signed_in', actor, data: { method: 'oidc' } });
        return c.redirect(pending.returnTo, 302);
      } catch (err) {
        if (err instanceof OidcError || err instanceof AccountError) return backWithError(c, err.message, true);
        throw err;
      }
    });
}
