import { Hono } from 'hono';
import { type HttpBindings, upgradeWebSocket } from '@hono/node-server';
import { isValidDocId } from '@tandem/protocol';
import type { Logger, SyncServer } from '@tandem/sync';
import type { AuthServices } from '../auth/auth-services.js';
import type { SocketPolicy } from '../security/socket-policy.js';
import type { TrafficMeter } from '../traffic-meter.js';
import { type GateVariables, syncGate } from './sync-gate.js';
import { type SyncSocketDeps, SyncSocketLink } from './sync-socket-link.js';

/**
 * `GET /sync/:docId` upgraded to a WebSocket speaking the y-websocket protocol. The id, Origin,
 * token, connection caps and `beforeConnect` hook are checked before the upgrade (see sync-gate),
 * so a refused request loads nothing. An open socket is rate limited and closed when its token
 * expires (see SyncSocketLink).
 *
 * With the patched @hono/node-server (patches/) the request's Hono context, its variables and the
 * Node request are not kept once the upgrade is answered; the socket context's URL is let go once
 * the socket is open (see SyncSocketLink).
 */
export function syncSocketRoutes(sync: SyncServer, logger: Logger, policy: SocketPolicy, auth: AuthServices, meter?: TrafficMeter) {
  const deps: SyncSocketDeps = { sync, logger, policy, live: auth.live, meter };
  return new Hono<{ Bindings: HttpBindings; Variables: GateVariables }>().get(
    '/sync/:docId',
    async (c, next) => {
      if (!isValidDocId(c.req.param('docId'))) return c.text('invalid document id', 400);
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return c.text('expected a WebSocket upgrade', 426);
      await next();
    },
    syncGate(sync, policy, logger, auth),
    upgradeWebSocket((c) => {
      // The link is the event handlers object itself: no closures kept per socket.
      return new SyncSocketLink(deps, c.req.param('docId')!, c.get('access'), c.get('ip'));
    }),
  );
}
