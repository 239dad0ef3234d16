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
  const server = createAdaptorServer({
    fetch,
    websocket: { server: wss },
    ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}),
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
