import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { DocStore } from '@tandem/store';
import type { Logger, SyncServer } from '@tandem/sync';
import { apiGuard } from './routes/api-guard.js';
import { docsApi } from './routes/docs-api.js';
import { healthRoutes } from './routes/health.js';
import { refuseInvalidSyncPaths } from './routes/raw-sync-path.js';
import { syncSocketRoutes } from './routes/sync-socket.js';
import type { SocketPolicy } from './security/socket-policy.js';

/** What the HTTP app serves from. */
export interface AppDeps {
  store: DocStore;
  sync: SyncServer;
  logger: Logger;
  /** Access control and connection limits for the API and the sync endpoint. */
  policy: SocketPolicy;
}

/** The Hono app: health, REST API and the sync WebSocket. Thin: no sync logic lives here. */
export function createApp({ store, sync, logger, policy }: AppDeps): Hono {
  const app = new Hono();
  app.use('*', refuseInvalidSyncPaths());
  app.route('/', healthRoutes(store, sync));
  app.use('/api/*', apiGuard(policy.access));
  app.route('/api', docsApi(store, sync));
  app.route('/', syncSocketRoutes(sync, logger, policy));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    logger.error('http.error', { path: c.req.path, error: String(err) });
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
