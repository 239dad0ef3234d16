import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from '@tandem/sync';
import type { SecurityConfig } from '../config/security-config.js';

/** The Node server a Tandem app listens with: HTTP, or HTTPS/WSS when TLS_CERT and TLS_KEY are set. */
export type TandemHttpServer = ReturnType<typeof createAdaptorServer>;

/** The node server's `upgrade` listener (see routes/sync-upgrade.ts). */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>;

/**
 * The node:http server options that bound a slow client: it gets HANDSHAKE_TIMEOUT to send its
 * request headers (a WebSocket upgrade is only headers), so slow-loris upgrades are dropped, not
 * held for minutes. A host that mounts Tandem in its own server passes these to `createServer`.
 */
export function serverTimeouts(security: Pick<SecurityConfig, 'handshakeTimeoutMs'>) {
  const timeout = security.handshakeTimeoutMs;
  return {
    headersTimeout: timeout,
    requestTimeout: Math.max(120_000, timeout),
    connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(timeout / 4))),
  };
}

/**
 * Creates the listening server, over TLS when configured: Hono's `fetch` answers every HTTP
 * request, `upgrade` every WebSocket upgrade. A client error closes only its connection.
 */
export function createTransport(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  upgrade: UpgradeHandler,
  security: SecurityConfig,
  logger: Logger,
): TandemHttpServer {
  const tls = security.tls ? { cert: readFileSync(security.tls.cert), key: readFileSync(security.tls.key) } : null;
  const limits = { ...serverTimeouts(security), ...(tls ? { handshakeTimeout: security.handshakeTimeoutMs } : {}) };
  const server = createAdaptorServer({
    fetch,
    serverOptions: { ...limits, ...tls },
    ...(tls ? { createServer: createHttpsServer } : {}),
  });
  server.on('upgrade', upgrade);
  server.on('clientError', (err: Error, socket) => {
    logger.debug('http.client_error', { error: err.message });
    socket.destroy();
  });
  return server;
}
