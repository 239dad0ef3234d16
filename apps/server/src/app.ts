import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { BlobStore } from '@tandem/blob-store';
import type { ImportSandbox } from '@tandem/history';
import { type DocStore, hasLifecycle } from '@tandem/store';
import type { Logger, SyncServer } from '@tandem/sync';
import type { ServerMetrics } from './metrics/server-metrics.js';
import { docsApi } from './routes/docs-api.js';
import { importApi } from './routes/import-api.js';
import { contentApi } from './routes/content-api.js';
import { webhooksApi } from './routes/webhooks-api.js';
import type { Webhooks } from './webhooks/webhooks.js';
import type { AuditLog } from './audit/audit-log.js';
import { auditApi } from './routes/audit-api.js';
import { type FileGuards, filesApi } from './routes/files-api.js';
import { lifecycleApi } from './routes/lifecycle-api.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { probeRoutes, type ReadinessCheck } from './routes/probes.js';
import { refuseInvalidSyncPaths } from './routes/raw-sync-path.js';
import { syncSocketRoutes } from './routes/sync-socket.js';
import { embedRoutes } from './routes/embed.js';
import { recentDocsApi } from './routes/recent-docs.js';
import { webRoutes } from './routes/web.js';
import type { SocketPolicy } from './security/socket-policy.js';
import type { AuthServices } from './auth/auth-services.js';
import { SESSION_COOKIE } from './auth/cookies.js';
import { docAccess, identify } from './auth/guards.js';
import { accessApi } from './routes/access-api.js';
import { adminApi } from './routes/admin-api.js';
import { authApi } from './routes/auth-api.js';
import { oidcApi } from './routes/oidc-api.js';
import { csrfGuard } from './security/csrf.js';
import { bodyLimits } from './security/body-limits.js';
import { hostGuard } from './security/host-check.js';
import { commentRoutes } from './comments/comment-routes.js';
import { provideEvents } from './events/request-events.js';
import { embedCors } from './security/embed-cors.js';
import { ServerEvents } from './events/server-events.js';

/** What the HTTP app serves from. */
export interface AppDeps {
  store: DocStore;
  sync: SyncServer;
  logger: Logger;
  /** Access control and connection limits for the API and the sync endpoint. */
  policy: SocketPolicy;
  /** Who people are and what they may do (sessions, roles, share links, tokens). */
  auth: AuthServices;
  /** How long deleted documents stay restorable (default 30 days). */
  trashRetentionMs?: number;
  /** Prometheus metrics served at /metrics (and socket traffic counted into them). */
  metrics?: ServerMetrics;
  /** Bearer token /metrics requires (METRICS_TOKEN); null: open. */
  metricsToken?: string | null;
  /** What /readyz checks besides the store (e.g. Redis). */
  readiness?: ReadinessCheck[];
  /** True once the server is shutting down (/readyz then answers 503). */
  shuttingDown?: () => boolean;
  /** Files attached to documents; without it the files routes are not served. */
  blobs?: BlobStore;
  /** Largest upload, bytes (default 10 MiB). */
  maxUploadBytes?: number;
  /** Where import content is parsed (a worker thread); without it the import routes are off. */
  importSandbox?: ImportSandbox;
  /** Largest request body, bytes: imports, and every other route (defaults: 5 MiB, 1 MiB). */
  bodyLimits?: { importBytes: number; otherBytes: number };
  /** The events bus routes announce to (`c.var.events`); a fresh one when not given. */
  events?: ServerEvents;
  /** Webhook receivers and their delivery log; without it the admin webhooks API is off. */
  webhooks?: Webhooks;
  /** The audit log; without it the admin audit API is off. */
  audit?: AuditLog;
  /** Where every route lives, '' (the root) or e.g. `/collab` (normalised: see base-path.ts). */
  basePath?: string;
  /** Serve the web app (default true; it works only at the root, its pages call `/api/...`). */
  web?: boolean;
}

/** A document's files: readable with the document, uploads for its editors. */
const fileGuards: FileGuards = { read: docAccess('viewer'), write: docAccess('editor') };

/** The Hono app: health, REST API, the sync WebSocket, the embed bundle and the web app. Thin: no sync logic lives here. */
export function createApp({
  store,
  sync,
  logger,
  policy,
  auth,
  trashRetentionMs = 30 * 86_400_000,
  metrics,
  metricsToken = null,
  readiness = [],
  shuttingDown = () => false,
  blobs,
  maxUploadBytes = 10 << 20,
  importSandbox,
  bodyLimits: limits = { importBytes: 5 << 20, otherBytes: 1 << 20 },
  events = new ServerEvents({ logger }),
  webhooks,
  audit,
  basePath = '',
  web = true,
}: AppDeps): Hono {
  const app: Hono = new Hono().basePath(basePath || '/');
  if (metrics) app.use('*', metrics.runtime.middleware());
  app.use('*', hostGuard(policy.allowedHosts));
  app.use('*', refuseInvalidSyncPaths(basePath));
  app.use('/api/*', bodyLimits(limits.importBytes, limits.otherBytes));
  app.route('/', healthRoutes(store, sync));
  app.route('/', probeRoutes([{ name: 'store', check: () => store.ping() }, ...readiness], shuttingDown));
  if (metrics) app.route('/', metricsRoutes(metrics, metricsToken));
  app.use('*', csrfGuard(policy.allowedOrigins, SESSION_COOKIE));
  app.use('/api/docs/:id', embedCors(policy.allowedOrigins));
  // Each route guards itself (docAccess / adminOnly / canCreate in auth/guards.ts).
  app.use('/api/*', identify(auth));
  app.use('/api/*', provideEvents(events));
  app.route('/api', authApi());
  app.route('/api', oidcApi());
  app.route('/api', accessApi());
  app.route('/api', adminApi(store, sync));
  if (webhooks) app.route('/api', webhooksApi(webhooks));
  if (audit) app.route('/api', auditApi(audit));
  app.route('/api', docsApi(store, sync));
  app.route('/api', commentRoutes({ store, sync, logger, auth }));
  if (blobs) app.route('/api', filesApi({ blobs, store, maxUploadBytes, guards: fileGuards }));
  if (hasLifecycle(store)) {
    app.route('/api', lifecycleApi(store, sync, trashRetentionMs));
    if (importSandbox) app.route('/api', importApi(store, sync, importSandbox)).route('/api', contentApi(store, sync, importSandbox));
  }
  app.route('/', syncSocketRoutes()); // the upgrade itself is the node server's (sync-upgrade.ts)
  app.route('/api', recentDocsApi(store, sync));
  app.route('/', embedRoutes());
  if (web) app.route('/', webRoutes());
  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    logger.error('http.error', { path: c.req.path, error: String(err) });
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
