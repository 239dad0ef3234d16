import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { AccountError, type Accounts, publicUser } from '../auth/accounts.js';
import type { AuthEnv } from '../auth/auth-services.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../auth/cookies.js';
import { announce, requestIp, userActor } from '../events/request-events.js';

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
  type Method = 'password' | 'setup' | 'signup';
  const signedInAs = async (c: Context<AuthEnv>, accounts: Accounts, user: Parameters<Accounts['startSession']>[0], status: 200 | 201, method: Method) => {
    const session = await accounts.startSession(user);
    setSessionCookie(c, c.var.auth, session.secret, session.expiresAt);
    const actor = userActor(user);
    if (method !== 'password') announce(c, { type: 'account.created', actor, data: { userId: user.id, email: user.email, via: method, admin: user.admin } });
    announce(c, { type: 'auth.signed_in', actor, data: { method } });
    return c.json({ user: publicUser(user) }, status);
  };
  /** Announces a refused sign-in or sign-up (the email tried, the reason; never the password), then lets answering() reply. */
  const refused = (c: Context<AuthEnv>, method: Method, body: Record<string, unknown>) => (err: unknown) => {
    if (err instanceof AccountError) {
      const email = typeof body.email === 'string' ? body.email.trim().slice(0, 254) : undefined;
      announce(c, { type: 'auth.sign_in_failed', actor: { kind: 'anonymous' }, data: { method, ...(email ? { email } : {}), status: err.status, reason: err.message } });
    }
    throw err;
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
      return answering(c, async () => signedInAs(c, accounts, await accounts.setup(body).catch(refused(c, 'setup', body)), 201, 'setup'));
    })
    .post('/auth/signup', async (c) => {
      const accounts = accountsOf(c);
      const body = await jsonBody(c);
      return answering(c, async () => signedInAs(c, accounts, await accounts.signup(body).catch(refused(c, 'signup', body)), 201, 'signup'));
    })
    .post('/auth/signin', async (c) => {
      const accounts = accountsOf(c);
      const body = await jsonBody(c);
      const ip = requestIp(c) ?? 'unknown';
      return answering(c, async () => signedInAs(c, accounts, await accounts.signIn(body, ip).catch(refused(c, 'password', body)), 200, 'password'));
    })
    .post('/auth/signout', async (c) => {
      const accounts = accountsOf(c);
      const body = c.req.header('content-type')?.includes('json') ? await jsonBody(c) : {};
      const user = c.var.caller.user;
      const everywhere = body.everywhere === true && user !== null;
      if (everywhere) await accounts.endAllSessions(user);
      else await accounts.endSession(getCookie(c, SESSION_COOKIE));
      clearSessionCookie(c, c.var.auth);
      if (user) announce(c, { type: 'auth.signed_out', data: { everywhere } });
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
        announce(c, { type: 'account.password_changed', data: { userId: user.id } });
        return c.json({ changed: true });
      });
    });
}
