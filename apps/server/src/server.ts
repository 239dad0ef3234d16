import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import type { DocStore } from '@tandem/store';
import { createSqliteStore } from '@tandem/store-sqlite';
import { createSyncServer, type Logger, type SyncServer } from '@tandem/sync';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import { createJsonLogger } from './logger.js';
import { routeUpgrades } from './ws-upgrade.js';

/** A running Tandem server. */
export interface RunningServer {
  /** The port it listens on (useful with PORT=0). */
  port: number;
  sync: SyncServer;
  store: DocStore;
  /** Graceful stop: refuse new connections, store what is pending, close sockets with 1001. */
  close(): Promise<void>;
}

/** Extra pieces a caller (a test, an embedding host) may inject instead of the defaults. */
export interface StartOptions {
  store?: DocStore;
  logger?: Logger;
}

/** Starts the server described by `config` and resolves once it listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createJsonLogger(config.logLevel);
  const store = options.store ?? createSqliteStore({ path: join(config.dataDir, 'tandem.db'), synchronous: config.sqliteSynchronous });
  const sync = createSyncServer({ store, logger });
  const app = createApp({ store, sync, logger });
  const wss = new WebSocketServer({ noServer: true });
  const http = createAdaptorServer({ fetch: app.fetch }) as Server;
  routeUpgrades(http, app, wss);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  logger.info('server.listening', { host: config.host, port, dataDir: config.dataDir });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      logger.info('server.stopping');
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
      await sync.shutdown();
      for (const client of wss.clients) client.terminate();
      if ('closeAllConnections' in http) http.closeAllConnections();
      await stopped;
      await store.close();
      logger.info('server.stopped');
    })());

  return { port, sync, store, close };
}
