import { Hono } from 'hono';
import { isValidDocId } from '@tandem/protocol';
import { type Logger, type Session, SyncError, type SyncServer } from '@tandem/sync';
import { wsConnection } from '../ws-connection.js';
import type { UpgradeBindings } from '../ws-upgrade.js';

/**
 * `GET /sync/:docId` upgraded to a WebSocket speaking the y-websocket protocol. The id and the
 * `beforeConnect` hook are checked before the upgrade, so a refused request loads nothing.
 */
export function syncSocketRoutes(sync: SyncServer, logger: Logger) {
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
    (c) => {
      const env = c.env as Partial<UpgradeBindings> | undefined;
      if (!env?.incoming) return c.text('WebSocket upgrades are not served here', 500);
      const docId = c.req.param('docId')!;
      const readOnly = c.get('readOnly');
      env.acceptWebSocket = (ws) => {
        let session: Session;
        try {
          session = sync.connect(wsConnection(ws), { docId, readOnly });
        } catch {
          return; // connect already closed the socket (shutting down)
        }
        logger.debug('socket.open', { doc: docId, session: session.id, readOnly });
        ws.on('message', (data: Buffer, isBinary: boolean) => session.receive(isBinary ? data : data.toString('utf8')));
        ws.on('close', (code: number) => {
          logger.debug('socket.close', { doc: docId, session: session.id, code });
          session.socketClosed();
        });
        ws.on('error', (error: Error) => logger.warn('socket.error', { doc: docId, session: session.id, error: String(error) }));
      };
      return c.body(null, 200);
    },
  );
}
