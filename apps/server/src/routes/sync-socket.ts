import { Hono } from 'hono';
import { type HttpBindings, upgradeWebSocket } from '@hono/node-server';
import { isValidDocId } from '@tandem/protocol';
import type { Logger, SyncServer } from '@tandem/sync';
import type { SocketPolicy } from '../security/socket-policy.js';
import type { TrafficMeter } from '../traffic-meter.js';
import { type GatePasses, syncGate } from './sync-gate.js';
import { type SyncSocketDeps, SyncSocketLink } from './sync-socket-link.js';

/**
 * `GET /sync/:docId` upgraded to a WebSocket speaking the y-websocket protocol. The id, Origin,
 * token, connection caps and `beforeConnect` hook are checked before the upgrade (see sync-gate),
 * so a refused request loads nothing. An open socket is rate limited and closed when its token
 * expires (see SyncSocketLink).
 *
 * With the patched @hono/node-server (patches/) the request's Hono context is not kept once the
 * upgrade is answered; the Node request is let go as soon as the checks have read it, and the
 * socket context's URL once the socket is open (see SyncSocketLink). The gate's findings are
 * handed over beside the context, not in its variables.
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
      // The link is the event handlers object itself: no closures kept per socket.
      return new SyncSocketLink(deps, c.req.param('docId')!, access, ip);
    }),
  );
}
