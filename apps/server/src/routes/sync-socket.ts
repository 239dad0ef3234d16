import { Hono } from 'hono';
import { type HttpBindings, upgradeWebSocket } from '@hono/node-server';
import { CloseCode, isValidDocId } from '@tandem/protocol';
import type { Logger, Session, SyncServer } from '@tandem/sync';
import type { WebSocket } from 'ws';
import { onExpiry } from '../security/expiry-timer.js';
import type { SocketPolicy } from '../security/socket-policy.js';
import { type TrafficMeter, wsConnection } from '../ws-connection.js';
import { type GateVariables, syncGate } from './sync-gate.js';

/**
 * `GET /sync/:docId` upgraded to a WebSocket speaking the y-websocket protocol. The id, Origin,
 * token, connection caps and `beforeConnect` hook are checked before the upgrade (see sync-gate),
 * so a refused request loads nothing. An open socket is rate limited and closed when its token
 * expires.
 */
export function syncSocketRoutes(sync: SyncServer, logger: Logger, policy: SocketPolicy, meter?: TrafficMeter) {
  return new Hono<{ Bindings: HttpBindings; Variables: GateVariables }>().get(
    '/sync/:docId',
    async (c, next) => {
      if (!isValidDocId(c.req.param('docId'))) return c.text('invalid document id', 400);
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return c.text('expected a WebSocket upgrade', 426);
      await next();
    },
    syncGate(sync, policy, logger),
    upgradeWebSocket((c) => {
      const docId = c.req.param('docId')!;
      const { readOnly, claims } = c.get('access');
      const ip = c.get('ip');
      const limiter = policy.rateLimiter();
      let session: Session | null = null;
      let counted = false;
      let cancelExpiry = () => {};
      const close = (raw: WebSocket, code: number, reason: string) => {
        if (session) session.close(code, reason);
        else raw.close(code, reason);
      };
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
          if (policy.connections.acquire(ip)) {
            raw.close(CloseCode.tryAgainLater, 'too many connections');
            return;
          }
          counted = true;
          try {
            session = sync.connect(wsConnection(raw, meter), { docId, readOnly, context: { claims, ip }, presenceName: claims?.name ?? null });
            logger.debug('socket.open', { doc: docId, session: session.id, readOnly, sub: claims?.sub ?? undefined });
          } catch {
            return; // connect already closed the socket (shutting down, at capacity)
          }
          if (claims) {
            cancelExpiry = onExpiry(claims.exp * 1000, () => close(raw, CloseCode.tokenExpired, 'token expired'));
          }
        },
        onMessage(event, ws) {
          const data = event.data;
          const size = typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
          meter?.received(size);
          if (!limiter.allow(size)) {
            logger.warn('socket.rate_limited', { doc: docId, session: session?.id, ip });
            close(ws.raw as WebSocket, CloseCode.policyViolation, 'rate limit exceeded');
            return;
          }
          // The adapter hands over an ArrayBuffer holding exactly this frame's bytes.
          session?.receive(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
        },
        onClose(event) {
          logger.debug('socket.close', { doc: docId, session: session?.id, code: event.code });
          cancelExpiry();
          if (counted) policy.connections.release(ip);
          counted = false;
          session?.socketClosed();
        },
        onError(event) {
          logger.warn('socket.error', { doc: docId, session: session?.id, error: String((event as Event & { error?: unknown }).error) });
        },
      };
    }),
  );
}
