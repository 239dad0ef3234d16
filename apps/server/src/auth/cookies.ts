import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { parse } from 'hono/utils/cookie';
import type { AuthEnv, AuthServices } from './auth-services.js';

/** The session cookie's name (shared contract). */
export const SESSION_COOKIE = 'tandem_session';

/** The session secret in a `Cookie` header, if any. */
export function sessionFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return parse(header, SESSION_COOKIE)[SESSION_COOKIE];
  } catch {
    return undefined;
  }
}

/**
 * True when the browser reached us over HTTPS: the server serves TLS itself, or the peer is a
 * trusted proxy (TRUST_PROXY) saying `X-Forwarded-Proto: https`.
 */
export function isSecureRequest(c: Context<AuthEnv>, auth: AuthServices): boolean {
  if (auth.tls) return true;
  const peer = (c.env?.incoming?.socket?.remoteAddress ?? '').replace(/^::ffff:/, '');
  const trusted = auth.trustProxy.some((p) => p.replace(/^::ffff:/, '') === peer);
  return trusted && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/** The server's address as this request reached it (PUBLIC_URL when set), for links it hands out. */
export function baseUrl(c: Context<AuthEnv>, auth: AuthServices): string {
  if (auth.publicUrl) return auth.publicUrl;
  const host = c.req.header('host') ?? 'localhost';
  return `${isSecureRequest(c, auth) ? 'https' : 'http'}://${host}`;
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure under TLS, for the session's life. */
export function setSessionCookie(c: Context<AuthEnv>, auth: AuthServices, secret: string, expiresAt: number): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecureRequest(c, auth),
    path: '/',
    maxAge: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)),
  });
}

export function clearSessionCookie(c: Context<AuthEnv>, auth: AuthServices): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isSecureRequest(c, auth), httpOnly: true, sameSite: 'Lax' });
}
