import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Finds dead connections (a peer that vanished without closing, a half-open TCP link): every
 * `intervalMs` each socket that has not answered the previous ping is terminated, and the others
 * are pinged again. A dead socket is therefore closed within two intervals. Returns a stop function.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  const alive = new WeakMap<WebSocket, boolean>();
  // One listener shared by every socket (an emitter calls it with `this` = the socket), so a
  // connection costs no closure of its own.
  function onPong(this: WebSocket): void {
    alive.set(this, true);
  }
  const onConnection = (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', onPong);
  };
  wss.on('connection', onConnection);
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', onConnection);
  };
}
