import { Hono } from 'hono';
import { upgradeWebSocket } from '@hono/node-server';
import { isValidDocId } from '@tandem/protocol';
import { type Logger, type Session, SyncError, type SyncServer } from '@tandem/sync';
import type { WebSocket } from 'ws';
import { type TrafficMeter, wsConnection } from '../ws-connection.js';

/**
 * `GET /sync/:docId` upgraded to a WebSocket speaking the y-websocket protocol. The id and the
 * `beforeConnect` hook are checked before the upgrade, so a refused request loads nothing.
 */
export function syncSocketRoutes(sync: SyncServer, logger: Logger, meter?: TrafficMeter) {
  return new Hono<{ Variables: { readOnly: boolean } }>().get(
    '/sync/:docId',
    async (c, next) => {
      const docId = c.req.param('docId');
      if (!isValidDocId(docId)) return c.text('invalid document id', 400);
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return c.text('expected a WebSocket upgrade', 426);
      try {
        const decision = await sync.authorize(docId, null);
        c.set('readOnly', decision.readOnly ?? false);
      } catch (err) {
        if (err instanceof SyncError) return c.text(err.message, err.httpStatus as 400);
        throw err;
      }
      await next();
    },
    upgradeWebSocket((c) => {
      const docId = c.req.param('docId')!;
      const readOnly = c.get('readOnly');
      let session: Session | null = null;
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
          try {
            session = sync.connect(wsConnection(raw, meter), { docId, readOnly });
            logger.debug('socket.open', { doc: docId, session: session.id, readOnly });
          } catch {
            // connect already closed the socket (shutting down)
          }
        },
        onMessage(event) {
          const data = event.data;
          meter?.received(typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength);
          session?.receive(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
        },
        onClose(event) {
          logger.debug('socket.close', { doc: docId, session: session?.id, code: event.code });
          session?.socketClosed();
        },
        onError(event) {
          logger.warn('socket.error', { doc: docId, session: session?.id, error: String((event as Event & { error?: unknown }).error) });
        },
      };
    }),
  );
}
