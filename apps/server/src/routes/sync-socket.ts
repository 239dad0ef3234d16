import { Hono } from 'hono';
import { type HttpBindings, upgradeWebSocket } from '@hono/node-server';
import { isValidDocId } from '@tandem/protocol';
import type { Logger, SyncServer } from '@tandem/sync';
import type { WebSocket } from 'ws';
import type { SocketPolicy } from '../security/socket-policy.js';
import type { TrafficMeter } from '../ws-connection.js';
import { type GatePasses, syncGate } from './sync-gate.js';
import { type SyncSocketDeps, SyncSocketLink } from './sync-socket-link.js';

/**
 * `GET /sync/:docId` upgraded to a WebSocket speaking the y-websocket protocol. The id, Origin,
 * token, connection caps and `beforeConnect` hook are checked before the upgrade (see sync-gate),
 * so a refused request loads nothing. An open socket is rate limited and closed when its token
 * expires (see SyncSocketLink).
 *
 * @hono/node-server's upgrade helper keeps the request's Hono context for as long as the socket is
 * open, so what can be let go through public API is: the Node request once the upgrade is under
 * way; the (empty) upgrade response and the socket context's URL once the socket is open. The
 * gate's findings are handed over beside the context, not in its variables.
 */
export function syncSocketRoutes(sync: SyncServer, logger: Logger, policy: SocketPolicy, meter?: TrafficMeter) {
  const deps: SyncSocketDeps = { sync, logger, policy, meter };
  const passes: GatePasses = new WeakMap();
  return new Hono<{ Bindings: HttpBindings }>().get(
    '/sync/:docId',
    async (c, next) => {
      if (!isValidDocId(c.req.param('docId'))) return c.text('invalid document id', 400);
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return c.text('expected a WebSocket upgrade', 426);
      await next();
      // Every check has read the Node request by now, and the upgrade goes on from the socket.
      (c.env as Partial<HttpBindings>).incoming = undefined;
    },
    syncGate(sync, policy, logger, passes),
    upgradeWebSocket((c) => {
      const { access, ip } = passes.get(c)!; // the gate ran just before
      passes.delete(c);
      const link = new SyncSocketLink(deps, c.req.param('docId')!, access, ip);
      let upgrade: typeof c | null = c;
      return {
        onOpen(_event, ws) {
          if (upgrade) upgrade.res = undefined; // the 101 is written; nothing reads this response again
          upgrade = null;
          ws.url = null; // a parsed URL per socket, never read: the document id is in the link
          link.open(ws.raw as WebSocket);
        },
        onMessage: (event) => link.message(event.data),
        onClose: (event) => link.closed(event.code),
        onError: (event) => link.error((event as Event & { error?: unknown }).error),
      };
    }),
  );
}
