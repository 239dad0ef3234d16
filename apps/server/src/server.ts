import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createRedisCluster, type RedisCluster } from '@tandem/cluster-redis';
import { createImportSandbox, createTrashPurger, createVersionKeeper, trashGuard } from '@tandem/history';
import type { BlobStore } from '@tandem/blob-store';
import { type DocStore, hasLifecycle } from '@tandem/store';
import { composeHooks, createSyncServer, type Logger, type RoomMember, type SyncHooks, type SyncServer } from '@tandem/sync';
import { createApp } from './app.js';
import { type AuthOptions, createAuth } from './auth/create-auth.js';
import type { AuthServices } from './auth/auth-services.js';
import type { ServerConfig } from './config/config.js';
import { createJsonLogger } from './logger.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { createFileSweeper, type FileSweeper } from './files/file-sweeper.js';
import { openBlobStore, openStore } from './open-store.js';
import { tokensEnabled } from './config/token-config.js';
import { startHeartbeat } from './security/heartbeat.js';
import { createSocketPolicy } from './security/socket-policy.js';
import { createTransport } from './security/transport.js';
import { createSyncGate } from './routes/sync-gate.js';
import { createSyncUpgrade } from './routes/sync-upgrade.js';
import { commentsRoomId } from './comments/comments-room.js';
import { documentsOnly } from './comments/documents-only.js';
import { ServerEvents } from './events/server-events.js';
import { syncEventHooks } from './events/sync-events.js';
import { openWebhooks } from './webhooks/open-webhooks.js';
import { openAuditLog } from './audit/open-audit.js';
import type { AuditLog } from './audit/audit-log.js';
import { THROTTLED_EVENTS, throttleLogger } from './log-throttle.js';

/** A running Tandem server. */
export interface RunningServer {
  /** The port it listens on (useful with PORT=0). */
  port: number;
  sync: SyncServer;
  store: DocStore;
  /** Files attached to documents. */
  blobs: BlobStore;
  /** The relay to the other nodes, when REDIS_URL is set. */
  cluster: RedisCluster | null;
  metrics: ServerMetrics;
  /** Collects unreferenced files after the trash retention (null without a lifecycle store). */
  fileSweeper: FileSweeper | null;
  /** Who people are and what they may do (accounts, sessions, roles). */
  auth: AuthServices;
  /** What happened to documents (created, changed, deleted, ...): subscribe with `events.on`. */
  events: ServerEvents;
  /** Who did what, when, from where (AUDIT_LOG, AUDIT_RETENTION_DAYS): the admin API reads it. */
  audit: AuditLog;
  /** Graceful stop: refuse new connections, store what is pending, close sockets with 1001. */
  close(): Promise<void>;
}

/** Extra pieces a caller (a test, an embedding host) may inject instead of the defaults. */
export interface StartOptions extends AuthOptions {
  store?: DocStore;
  blobs?: BlobStore;
  logger?: Logger;
}

/** Starts the server described by `config` and resolves once it listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const tandem = await assembleTandem(config, options);
  const { logger } = tandem;
  const { security } = config;
  const http = createTransport(tandem.app.fetch, tandem.upgrade, security, logger);
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await tandem.close();
    throw err;
  }
  const port = (http.address() as AddressInfo).port;
  logger.info('server.listening', {
    host: config.host,
    port,
    node: config.cluster.nodeId,
    store: config.storage.databaseUrl ? 'postgres' : 'sqlite',
    cluster: tandem.cluster ? 'redis' : 'none',
    tls: security.tls !== null,
    auth: tandem.auth.mode,
  });
  const { app: _app, upgrade: _upgrade, logger: _logger, wss: _wss, ...parts } = tandem;
  const listener: Listener = {
    stopAccepting: () => new Promise<void>((resolve) => http.close(() => resolve())),
    dropConnections: () => {
      if ('closeAllConnections' in http) http.closeAllConnections();
    },
  };
  return { ...parts, port, close: () => tandem.close(listener) };
}

/** The listening server as the close sequence sees it: stop accepting, then drop what is left. */
export interface Listener {
  /** Stops accepting connections; resolves once the last one has gone. */
  stopAccepting(): Promise<void>;
  /** Closes the connections still open (idle keep-alive ones) once the sockets are closed. */
  dropConnections(): void;
}

/** Where an assembled Tandem serves (see createTandem): its base path and whether the web app is on. */
export interface MountOptions {
  /** Normalised base path ('' or `/collab`). */
  basePath?: string;
  web?: boolean;
}

/** Everything a Tandem node is, assembled but not listening: its Hono app and its upgrade handler. */
export interface AssembledTandem extends Omit<RunningServer, 'port' | 'close'> {
  app: ReturnType<typeof createApp>;
  upgrade: ReturnType<typeof createSyncUpgrade>;
  logger: Logger;
  wss: WebSocketServer;
  /**
   * Graceful stop: refuse new connections, store what is pending, close sockets with 1001, then
   * close the stores. `listener`, when Tandem owns the listening server, is closed along the way.
   */
  close(listener?: Listener): Promise<void>;
}

/**
 * Builds a Tandem node from `config` without listening: stores, sync core, auth, cluster relay,
 * background jobs, the Hono app and the upgrade handler with the access gate and heartbeats.
 * startServer listens with it; createTandem (tandem.ts) hands it to a host app.
 */
export async function assembleTandem(config: ServerConfig, options: StartOptions & MountOptions = {}): Promise<AssembledTandem> {
  const baseLogger = options.logger ?? createJsonLogger(config.logLevel);
  const logger = config.metrics.logThrottleMs > 0 ? throttleLogger(baseLogger, { events: THROTTLED_EVENTS, windowMs: config.metrics.logThrottleMs }) : baseLogger;
  const metrics = new ServerMetrics();
  const store = metrics.timeStore(options.store ?? (await openStore(config)));
  const blobs = options.blobs ?? (await openBlobStore(config));
  const { redisUrl, redisPrefix, nodeId, nodeTtlMs } = config.cluster;
  const cluster = redisUrl
    ? createRedisCluster({
        url: redisUrl,
        nodeId,
        store,
        prefix: redisPrefix,
        nodeTtlMs,
        logger,
        onRelay: ({ lagMs }) => metrics.relayLagSeconds.observe(lagMs / 1000),
      })
    : null;
  const lifecycle = hasLifecycle(store) ? store : null;
  const events = new ServerEvents({ logger });
  const audit = await openAuditLog(config, events, logger);
  const hookSets: SyncHooks[] = [documentsOnly(syncEventHooks(events))];
  if (cluster) hookSets.push(cluster.hooks);
  let sync: SyncServer | null = null;
  const keeper = lifecycle
    ? createVersionKeeper({
        store: lifecycle,
        sync: () => sync!,
        settleMs: config.versionSettleMs,
        minIntervalMs: config.versionIntervalMs,
        authorOf: (session) => authorName(session, sync!),
        logger,
      })
    : null;
  // A purged document's access list goes with it (the accounts are opened further down).
  let forgetAccess: ((docId: string) => Promise<void>) | null = null;
  const purger = lifecycle
    ? createTrashPurger({
        store: lifecycle,
        retentionMs: config.trashRetentionMs,
        logger,
        onPurged: (id) => {
          events.emit({ type: 'document.purged', docId: id, actor: { kind: 'system' } });
          return Promise.all([forgetAccess?.(id), store.delete(commentsRoomId(id))]).then(() => {});
        },
      })
    : null;
  if (lifecycle) hookSets.push(trashGuard(lifecycle), documentsOnly(keeper!.hooks));
  const { security } = config;
  const syncServer = createSyncServer({
    store,
    logger,
    hooks: composeHooks(...hookSets),
    maxDocuments: security.maxDocuments,
    maxAwarenessBytes: security.maxAwarenessBytes,
    maxBufferedBytes: security.maxBufferedBytes,
    maxOutboundBytes: security.maxOutboundBytes,
  });
  sync = syncServer;
  await cluster?.attach(syncServer);
  metrics.watch(syncServer, nodeId, cluster);
  const fileSweeper = lifecycle ? createFileSweeper({ blobs, store: lifecycle, sync: syncServer, retentionMs: config.trashRetentionMs, logger }) : null;
  fileSweeper?.start();
  let closing: Promise<void> | null = null;
  const policy = createSocketPolicy(security);
  const started = await createAuth(config, policy, logger, options);
  const { auth } = started;
  if (auth.accounts) forgetAccess = (id) => auth.accounts!.store.forgetDoc(id);
  purger?.start();
  const importSandbox = createImportSandbox();
  const webhooks = await openWebhooks(config, events, logger);
  const app = createApp({
    importSandbox,
    bodyLimits: { importBytes: security.maxImportBytes, otherBytes: security.maxBodyBytes },
    store,
    sync: syncServer,
    logger,
    policy,
    auth,
    metrics,
    metricsToken: config.metrics.token,
    trashRetentionMs: config.trashRetentionMs,
    readiness: cluster ? [{ name: 'redis', check: () => cluster.ping() }] : [],
    shuttingDown: () => closing !== null,
    blobs,
    maxUploadBytes: config.files.maxUploadBytes,
    events,
    webhooks,
    audit,
    basePath: options.basePath ?? '',
    web: options.web ?? true,
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: security.maxFrameBytes });
  wss.on('error', (err) => logger.warn('wss.error', { error: err.message }));
  const upgrade = createSyncUpgrade(
    createSyncGate(syncServer, policy, logger, auth),
    wss,
    { sync: syncServer, logger, policy, live: auth.live, meter: metrics },
    logger,
    options.basePath ?? '',
  );
  const stopHeartbeat = startHeartbeat(wss, security.pingIntervalMs);
  if (auth.mode === 'open' && !tokensEnabled(security.tokens)) {
    logger.warn('server.open_access', {
      message: 'AUTH_MODE=open and no token key is set (AUTH_SECRET, AUTH_JWKS_URL, AUTH_PUBLIC_KEY_FILE): anyone who can reach this server can read and edit every document',
    });
  }

  if (auth.accounts && (await auth.accounts.needsSetup())) {
    logger.info('server.needs_setup', { message: 'no account yet: open the web app to create the first (admin) account' });
  }

  const close = (listener?: Listener) =>
    (closing ??= (async () => {
      logger.info('server.stopping');
      stopHeartbeat();
      const stopped = listener?.stopAccepting();
      purger?.stop();
      fileSweeper?.stop();
      await syncServer.shutdown();
      await keeper?.close();
      await importSandbox.close();
      await webhooks.close();
      await audit.close();
      for (const client of wss.clients) client.terminate();
      listener?.dropConnections();
      await stopped;
      await cluster?.close();
      await started.close();
      await store.close();
      await blobs.close();
      logger.info('server.stopped');
    })());

  return { app, upgrade, logger, wss, sync: syncServer, store, blobs, cluster, metrics, auth, events, audit, fileSweeper, close };
}

/**
 * Who a connection is, for a version's authors: the name in its token, else the name it shows
 * collaborators in its presence, else its token's subject.
 */
function authorName(session: RoomMember, sync: SyncServer): string | null {
  const claims = session.context as { name?: unknown; sub?: unknown } | null; // the token's claims (see SyncSocketLink)
  if (typeof claims?.name === 'string' && claims.name) return claims.name;
  const shown = sync.roomOf(session)?.awareness.nameOf(session);
  if (shown) return shown;
  return typeof claims?.sub === 'string' && claims.sub ? claims.sub : null;
}
