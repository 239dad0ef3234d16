import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createAdaptorServer } from '@hono/node-server';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '@tandem/sync';
import type { SecurityConfig } from '../security-config.js';

/** The Node server a Tandem app listens with: HTTP, or HTTPS/WSS when TLS_CERT and TLS_KEY are set. */
export type TandemHttpServer = ReturnType<typeof createAdaptorServer>;

/**
 * Creates the listening server for `fetch`, over TLS when configured, upgrading WebSockets through
 * `wss`. Every socket gets an error listener, so a broken connection can never crash the process.
 */
export function createTransport(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  wss: WebSocketServer,
  security: SecurityConfig,
  logger: Logger,
): TandemHttpServer {
  const tls = security.tls ? { cert: readFileSync(security.tls.cert), key: readFileSync(security.tls.key) } : null;
  // A client gets HANDSHAKE_TIMEOUT_MS to finish its TLS handshake and send its request headers
  // (a WebSocket upgrade is only headers): slow-loris upgrades are dropped, not held for minutes.
  const timeout = security.handshakeTimeoutMs;
  const limits = {
    headersTimeout: timeout,
    requestTimeout: Math.max(120_000, timeout),
    connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(timeout / 4))),
    ...(tls ? { handshakeTimeout: timeout } : {}),
  };
  const server = createAdaptorServer({
    fetch,
    websocket: { server: wss },
    serverOptions: { ...limits, ...tls },
    ...(tls ? { createServer: createHttpsServer } : {}),
  });
  const onSocketError = (err: Error) => logger.debug('socket.error', { error: err.message });
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', onSocketError); // one listener for every socket: no closure per connection
  });
  wss.on('error', (err) => logger.warn('wss.error', { error: err.message }));
  server.on('clientError', (err: Error, socket) => {
    logger.debug('http.client_error', { error: err.message });
    socket.destroy();
  });
  return server;
}
