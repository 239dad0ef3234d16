import type { IncomingMessage } from 'node:http';
import { type Logger, SyncError, type SyncServer } from '@tandem/sync';
import { AccessError } from '../auth/access.js';
import type { AuthServices } from '../auth/auth-services.js';
import { authenticateSocket, type SocketAccess } from '../auth/socket-auth.js';
import { clientIp } from '../security/client-ip.js';
import { isOriginAllowed } from '../security/origin.js';
import { isHostAllowed, UNKNOWN_HOST } from '../security/host-check.js';
import type { SocketPolicy } from '../security/socket-policy.js';

/** What the sync core's `beforeConnect` hook receives as context for a socket connection. */
export interface SocketContext {
  access: SocketAccess;
  ip: string;
  origin: string | null;
}

/**
 * The gate's answer to one upgrade: let it through with what it found out, or refuse it with an
 * HTTP status and a short reason (the body of the refusal, and what the log says).
 */
export type GateDecision = { ok: true; access: SocketAccess; ip: string } | { ok: false; status: number; message: string };

/** Decides one WebSocket upgrade to `/sync/<docId>` (docId already valid). */
export type SyncGate = (request: IncomingMessage, docId: string) => Promise<GateDecision>;

/** The first value of a request header (Node gives arrays for a few repeated ones). */
function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Who an upgrade request is and what it may do with `docId`: the session cookie, a share link
 * (`?share=`) or a token (`?token=`, `Authorization`); see authenticateSocket. Throws AccessError
 * (401 nobody, 403 no access). The one place an upgrade's identity is read from the request.
 */
export function authenticateUpgrade(auth: AuthServices, request: IncomingMessage, docId: string): Promise<SocketAccess> {
  return authenticateSocket(auth, {
    docId,
    origin: header(request, 'origin'),
    host: header(request, 'host'),
    cookie: header(request, 'cookie'),
    authorization: header(request, 'authorization'),
    query: new URLSearchParams((request.url ?? '').split('?')[1] ?? ''),
  });
}

/**
 * The access gate of the sync endpoint, a plain function run before the upgrade is answered, so
 * a refused request loads and stores nothing. In order: Host (421, DNS rebinding: upgrades never
 * pass app.ts's hostGuard), Origin (403), who it is and their role
 * (authenticateUpgrade: 401, 403), connection caps (503 total, 429 per IP), then the core's
 * `authorize` (document cap 503, the `beforeConnect` hook).
 */
export function createSyncGate(sync: SyncServer, policy: SocketPolicy, logger: Logger, auth: AuthServices): SyncGate {
  return async (request, docId) => {
    const origin = header(request, 'origin');
    const host = header(request, 'host');
    if (!isHostAllowed(host, policy.allowedHosts)) {
      logger.warn('upgrade.refused', { doc: docId, reason: 'host', host });
      return { ok: false, status: 421, message: UNKNOWN_HOST };
    }
    if (!isOriginAllowed(origin, host, policy.allowedOrigins)) {
      logger.warn('upgrade.refused', { doc: docId, reason: 'origin', origin });
      return { ok: false, status: 403, message: 'origin not allowed' };
    }
    const ip = clientIp(request.socket.remoteAddress, header(request, 'x-forwarded-for'), policy.trustProxy);
    let access: SocketAccess;
    try {
      access = await authenticateUpgrade(auth, request, docId);
    } catch (err) {
      if (!(err instanceof AccessError)) throw err;
      logger.warn('upgrade.refused', { doc: docId, reason: err.message, status: err.status, ip });
      return { ok: false, status: err.status, message: err.message };
    }
    const refusal = policy.connections.check(ip);
    if (refusal) {
      logger.warn('upgrade.refused', { doc: docId, reason: `connection cap (${refusal})`, ip });
      return { ok: false, status: refusal === 'total' ? 503 : 429, message: 'too many connections' };
    }
    try {
      const context: SocketContext = { access, ip, origin: origin ?? null };
      const decision = await sync.authorize(docId, context);
      return { ok: true, access: decision.readOnly ? { ...access, readOnly: true } : access, ip };
    } catch (err) {
      if (err instanceof SyncError) return { ok: false, status: err.httpStatus, message: err.message };
      throw err;
    }
  };
}
