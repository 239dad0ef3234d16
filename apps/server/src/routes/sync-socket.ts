import { Hono } from 'hono';

/**
 * `GET /sync/:docId` as a plain HTTP request: 426, a WebSocket upgrade is expected (a bad id got
 * 400 from refuseInvalidSyncPaths first). The upgrade itself never reaches Hono: the node
 * server's `upgrade` handler takes it (sync-upgrade.ts).
 */
export function syncSocketRoutes() {
  return new Hono().get('/sync/:docId', (c) => c.text('expected a WebSocket upgrade', 426));
}
