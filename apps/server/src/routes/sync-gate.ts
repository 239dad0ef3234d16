import type { MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { type Logger, SyncError, type SyncServer } from '@tandem/sync';
import { AccessError } from '../auth/access.js';
import type { AuthServices } from '../auth/auth-services.js';
import { authenticateSocket, type SocketAccess } from '../auth/socket-auth.js';
import { clientIp } from '../security/client-ip.js';
import { isOriginAllowed } from '../security/origin.js';
import { isHostAllowed, UNKNOWN_HOST } from '../security/host-check.js';
import type { SocketPolicy } from '../security/socket-policy.js';

/** What the gate found out about an upgrade it let through. */
export interface GateVariables {
  access: SocketAccess;
  ip: string;
}

/** What the sync core's `beforeConnect` hook receives as context for a socket connection. */
export interface SocketContext extends GateVariables {
  origin: string | null;
}

/**
 * Checks a WebSocket upgrade to `/sync/:docId` before anything is loaded or stored, in order:
 * Host (421, DNS rebinding), Origin (403), who it is and their role (session cookie, share link or token, see
 * authenticateSocket: 401 nobody, 403 no access), connection caps (503
 * total, 429 per IP), then the core's `authorize` (document cap 503, `beforeConnect` hook). What
 * it found is left in the request's variables (`access`, `ip`) for the upgrade.
 */
export function syncGate(
  sync: SyncServer,
  policy: SocketPolicy,
  logger: Logger,
  auth: AuthServices,
): MiddlewareHandler<{ Bindings: HttpBindings; Variables: GateVariables }> {
  return async (c, next) => {
    const docId = c.req.param('docId')!;
    const origin = c.req.header('origin');
    // Also checked for every request in app.ts; here too, so the gate stands on its own.
    if (!isHostAllowed(c.req.header('host'), policy.allowedHosts)) {
      logger.warn('upgrade.refused', { doc: docId, reason: 'host', host: c.req.header('host') });
      return c.text(UNKNOWN_HOST, 421);
    }
    if (!isOriginAllowed(origin, c.req.header('host'), policy.allowedOrigins)) {
      logger.warn('upgrade.refused', { doc: docId, reason: 'origin', origin });
      return c.text('origin not allowed', 403);
    }
    const ip = clientIp(c.env?.incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'), policy.trustProxy);
    let access: SocketAccess;
    try {
      access = await authenticateSocket(auth, {
        docId,
        origin,
        host: c.req.header('host'),
        cookie: c.req.header('cookie'),
        authorization: c.req.header('authorization'),
        query: new URL(c.req.url).searchParams,
      });
    } catch (err) {
      if (!(err instanceof AccessError)) throw err;
      logger.warn('upgrade.refused', { doc: docId, reason: err.message, status: err.status, ip });
      return c.text(err.message, err.status);
    }
    const refusal = policy.connections.check(ip);
    if (refusal) {
      logger.warn('upgrade.refused', { doc: docId, reason: `connection cap (${refusal})`, ip });
      return c.text('too many connections', refusal === 'total' ? 503 : 429);
    }
    try {
      const context: SocketContext = { access, ip, origin: origin ?? null };
      const decision = await sync.authorize(docId, context);
      c.set('access', decision.readOnly ? { ...access, readOnly: true } : access);
    } catch (err) {
      if (err instanceof SyncError) return c.text(err.message, err.httpStatus as 400);
      throw err;
    }
    c.set('ip', ip);
    await next();
  };
}
