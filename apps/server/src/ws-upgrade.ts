import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * What the upgrade listener passes a route as its Hono `env` (the node-server bindings plus
 * `acceptWebSocket`). A route that accepts the upgrade calls `acceptWebSocket` with what to do
 * with the socket; anything else it answers is sent as the refusal.
 */
export interface UpgradeBindings {
  incoming: IncomingMessage;
  outgoing: undefined;
  /** Set by a route to take the upgrade: called with the socket once the handshake is done. */
  acceptWebSocket?: (ws: WebSocket) => void;
}

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.append(key, Array.isArray(value) ? (value[0] ?? '') : value);
  }
  const path = req.url?.startsWith('/') ? req.url : '/';
  return new Request(`http://${req.headers.host ?? 'localhost'}${path}`, { headers });
}

/** Swallows socket errors during the handshake (a module-level function, so it retains nothing). */
function ignoreError(): void {}

function refuse(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  const text = Buffer.from(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${text.length}\r\n\r\n${body}`,
  );
}

/**
 * Routes WebSocket upgrade requests through the Hono app (so every middleware and check of the
 * route runs) and, when the route accepts, completes the handshake with `wss` and hands the raw
 * `ws` socket to the route's callback. Unlike a per-connection framework wrapper, nothing of the
 * request is kept once the socket is open, and frames reach the callback's listeners as they are.
 */
export function routeUpgrades(http: Server, app: Hono, wss: WebSocketServer): void {
  http.on('upgrade', async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', ignoreError);
    const env: UpgradeBindings = { incoming: req, outgoing: undefined };
    let res: Response;
    try {
      res = await app.fetch(toRequest(req), env);
    } catch {
      refuse(socket, 500, 'internal error');
      return;
    }
    const accept = env.acceptWebSocket;
    if (!accept || res.status >= 300) {
      refuse(socket, res.status >= 300 ? res.status : 400, await res.text().catch(() => ''));
      return;
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', ignoreError);
      accept(ws);
    });
  });
}
