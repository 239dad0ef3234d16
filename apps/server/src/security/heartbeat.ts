import type { Socket } from 'node:net';
import type { WebSocket, WebSocketServer } from 'ws';

/** The TCP socket under a `ws` WebSocket (ws keeps it as `_socket`; absent once it is closed). */
function tcpOf(ws: WebSocket): Socket | undefined {
  return (ws as unknown as { _socket?: Socket | null })._socket ?? undefined;
}

/**
 * Finds dead connections (a peer that vanished without closing, a half-open TCP link): every
 * `intervalMs` each socket is pinged, and a socket from which not one byte arrived since the
 * previous round (no pong, no message, no part of one) is terminated. A dead socket is therefore
 * closed within two intervals.
 *
 * Any byte counts as a sign of life, not only the pong: a client uploading a large document sends
 * its pong behind megabytes of its own updates in the same TCP stream, and waiting for the pong
 * alone would kill the very socket that is busiest. Returns a stop function.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  // Bytes read from each socket at the previous round. No per-socket listener or closure: a
  // connection costs one entry here.
  const readAtLastRound = new WeakMap<WebSocket, number>();
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      const read = tcpOf(ws)?.bytesRead ?? 0;
      const before = readAtLastRound.get(ws);
      if (before !== undefined && read <= before) {
        ws.terminate();
        continue;
      }
      readAtLastRound.set(ws, read);
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
  };
}
