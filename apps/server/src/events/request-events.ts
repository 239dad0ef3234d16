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
  if (caller.user) return { kind: 'account', id: caller.user.id, name: caller.user.name };
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

/** Emits an event caused by this request, with its actor and address filled in. */
export function announce(c: Context<AuthEnv>, event: Omit<ServerEventInput, 'actor' | 'ip'>): ServerEvent | null {
  const events = c.get('events');
  if (!events) return null;
  const ip = requestIp(c);
  return events.emit({ ...event, actor: requestActor(c), ...(ip ? { ip } : {}) });
}
