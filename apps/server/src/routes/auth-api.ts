import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { AccountError, type Accounts, publicUser } from '../auth/accounts.js';
import type { AuthEnv } from '../auth/auth-services.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../auth/cookies.js';
import { clientIp } from '../security/client-ip.js';

/** Reads a JSON object body (400 otherwise). */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await c.req.json();
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HTTPException(400, { message: 'body must be a JSON object' });
}

/** Runs an account operation, answering its AccountError as JSON with its status. */
export async function answering<T>(c: Context, work: () => Promise<T>): Promise<T | Response> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof AccountError)) throw err;
    if (err.retryAfterSeconds) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json({ error: err.message }, err.status);
  }
}

const accountsOf = (c: Context<AuthEnv>): Accounts => {
  const accounts = c.var.auth.accounts;
  if (!accounts) throw new HTTPException(404, { message: 'this server runs without accounts (AUTH_MODE=open)' });
  return accounts;
};

/**
 * `/api/auth/*`: who am I (`GET me`), the first account (`POST setup`), `signup`, `signin`,
 * `signout` (`{everywhere: true}` ends every session) and `password`. Sessions are the
 * `tandem_session` cookie (HttpOnly, SameSite=Lax, Secure under TLS).
 */
export function authApi(): Hono<AuthEnv> {
  const signedInAs = async (c: Context<AuthEnv>, accounts: Accounts, user: Parameters<Accounts['startSession']>[0], status: 200 | 201) => {
    const session = await accounts.startSession(user);
    setSessionCookie(c, c.var.auth, session.secret, session.expiresAt);
    return c.json({ user: publicUser(user) }, status);
  };

  return new Hono<AuthEnv>()
    .get('/auth/me', async (c) => {
      const { auth, caller } = c.var;
      c.header('Cache-Control', 'no-store');
      return c.json({
        mode: auth.mode,
        user: caller.user ? publicUser(caller.user) : null,
        needsSetup: auth.accounts ? await auth.accounts.needsSetup() : false,
        signup: auth.accounts ? await auth.accounts.signupPolicy() : 'closed',
        oidc: auth.oidc ? { enabled: true, name: auth.oidc.client.name } : { enabled: false },
      });
    })
    .post('/auth/setup', async (c) => {
      const accounts = accountsOf(c);
      const body = await jsonBody(c);
      return answering(c, async () => signedInAs(c, accounts, await accounts.setup(body), 201));
    })
    .post('/auth/signup', async (c) => {
      const accounts = accountsOf(c);
      const body = await jsonBody(c);
      return answering(c, async () => signedInAs(c, accounts, await accounts.signup(body), 201));
    })
    .post('/auth/signin', async (c) => {
      const accounts = accountsOf(c);
      const body = await jsonBody(c);
      const { auth } = c.var;
      const ip = clientIp(c.env?.incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'), auth.trustProxy);
      return answering(c, async () => signedInAs(c, accounts, await accounts.signIn(body, ip), 200));
    })
    .post('/auth/signout', async (c) => {
      const accounts = accountsOf(c);
      const body = c.req.header('content-type')?.includes('json') ? await jsonBody(c) : {};
      const user = c.var.caller.user;
      if (body.everywhere === true && user) await accounts.endAllSessions(user);
      else await accounts.endSession(getCookie(c, SESSION_COOKIE));
      clearSessionCookie(c, c.var.auth);
      return c.json({ signedOut: true });
    })
    .post('/auth/password', async (c) => {
      const accounts = accountsOf(c);
      const user = c.var.caller.user;
      if (!user) throw new HTTPException(401, { message: 'sign in first' });
      const body = await jsonBody(c);
      return answering(c, async () => {
        await accounts.changePassword(user, body);
        // every session ended with the old password; this browser stays signed in with a new one
        const session = await accounts.startSession(user);
        setSessionCookie(c, c.var.auth, session.secret, session.expiresAt);
        return c.json({ changed: true });
      });
    });
}
