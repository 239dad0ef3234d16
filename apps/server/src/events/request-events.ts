import type { Context, MiddlewareHandler } from 'hono';
import type { AuthEnv } from '../auth/auth-services.js';
import { clientIp } from '../security/client-ip.js';
import type { Actor, ServerEvent, ServerEventInput, ServerEvents } from './server-events.js';

/** Puts the bus in every request's variables (`c.var.events`); mounted once in app.ts. */
export function provideEvents(events: ServerEvents): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    c.set('events', events);
    await next();
  };
}

/**
 * Who is asking, for an event: the signed-in person, else the verified token a docAccess guard
 * found (its `sub`), else the ADMIN_TOKEN (`admin`), else a share link, else nobody known.
 */
export function requestActor(c: Context<AuthEnv>): Actor {
  const { caller, auth } = c.var;
  if (caller.user) return { kind: 'account', id: caller.user.id, name: caller.user.name, email: caller.user.email };
  const claims = c.get('grant')?.claims;
  if (claims) {
    const actor: Actor = { kind: 'token' };
    if (claims.sub) actor.id = claims.sub;
    if (claims.name) actor.name = claims.name;
    return actor;
  }
  if (caller.token && auth.tokens.isAdmin(caller.token)) return { kind: 'token', id: 'admin' };
  if (caller.share) return { kind: 'share' };
  return { kind: 'anonymous' };
}

/** The request's client address (X-Forwarded-For only from TRUST_PROXY hops). */
export function requestIp(c: Context<AuthEnv>): string | undefined {
  const remote = c.env?.incoming?.socket?.remoteAddress;
  if (!remote) return undefined;
  return clientIp(remote, c.req.header('x-forwarded-for'), c.var.auth.trustProxy);
}

/** The request's User-Agent, cut to 256 characters (it is the client's to write: only ever recorded, never trusted). */
export function requestUserAgent(c: Context<AuthEnv>): string | undefined {
  const ua = c.req.header('user-agent');
  return ua ? ua.slice(0, 256) : undefined;
}

/**
 * Emits an event caused by this request, with its actor (the caller, unless the event names one:
 * a sign-in names the person it signed in), address and user agent filled in.
 */
export function announce(c: Context<AuthEnv>, event: Omit<ServerEventInput, 'ip' | 'userAgent'>): ServerEvent | null {
  const events = c.get('events');
  if (!events) return null;
  const ip = requestIp(c);
  const userAgent = requestUserAgent(c);
  return events.emit({ ...event, actor: event.actor ?? requestActor(c), ...(ip ? { ip } : {}), ...(userAgent ? { userAgent } : {}) });
}

/** The actor of a person just signed in or made (the request's caller is still who they were before). */
export function userActor(user: { id: string; name: string; email: string }): Actor {
  return { kind: 'account', id: user.id, name: user.name, email: user.email };
}
