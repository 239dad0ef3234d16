import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { DocStore } from '@tandem/store';
import type { Logger, SyncServer } from '@tandem/sync';
import { docsApi } from './routes/docs-api.js';
import { healthRoutes } from './routes/health.js';
import { refuseInvalidSyncPaths } from './routes/raw-sync-path.js';
import { syncSocketRoutes } from './routes/sync-socket.js';
import { embedRoutes } from './routes/embed.js';
import { recentDocsApi } from './routes/recent-docs.js';
import { webRoutes } from './routes/web.js';

/** What the HTTP app serves from. */
export interface AppDeps {
  store: DocStore;
  sync: SyncServer;
  logger: Logger;
}

/** The Hono app: health, REST API, the sync WebSocket, the embed bundle and the web app. Thin: no sync logic lives here. */
export function createApp({ store, sync, logger }: AppDeps): Hono {
  const app = new Hono();
  app.use('*', refuseInvalidSyncPaths());
  app.route('/', healthRoutes(store, sync));
  app.route('/api', docsApi(store, sync));
  app.route('/', syncSocketRoutes(sync, logger));
  app.route('/api', recentDocsApi(store, sync));
  app.route('/', embedRoutes());
  app.route('/', webRoutes());
  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    logger.error('http.error', { path: c.req.path, error: String(err) });
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
