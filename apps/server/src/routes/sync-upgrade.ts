import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { Logger } from '@tandem/sync';
import { syncDocIdOf } from './raw-sync-path.js';
import { syncRoomOf } from '../comments/comments-channel.js';
import type { SyncGate } from './sync-gate.js';
import { type SyncSocketDeps, SyncSocketLink } from './sync-socket-link.js';

/** Answers an upgrade request with a plain-text HTTP refusal and closes the connection. */
function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

/** Swallows errors of a connection not upgraded yet (a client leaving mid-check must not crash the process). */
const ignore = () => {};

/**
 * The node server's `upgrade` handler, shaped like Hocuspocus's Server: the raw path's document id
 * (400 for a bad one, 404 off the sync endpoint, 426 for another protocol), then the access gate
 * (a plain function, sync-gate.ts), then `ws`'s `handleUpgrade`, then the socket's
 * SyncSocketLink. Under a base path (`/collab`) the endpoint is `<basePath>/sync/<id>`. Hono serves every HTTP route; nothing of the request is kept once the socket
 * is open but what the link needs (document id, access, IP).
 */
export function createSyncUpgrade(gate: SyncGate, wss: WebSocketServer, deps: SyncSocketDeps, logger: Logger, basePath = '') {
  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', ignore);
    const no = (status: number, message: string) => {
      deps.meter?.refused?.(status);
      refuse(socket, status, message);
    };
    const docId = syncDocIdOf(request.url, basePath);
    if (docId === undefined) return no(404, 'not found');
    if (docId === null) return no(400, 'invalid document id');
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') return no(426, 'expected a WebSocket upgrade');
    const decision = await gate(request, docId);
    if (!decision.ok) return no(decision.status, decision.message);
    if (socket.destroyed) return; // the client left while the gate was deciding
    const room = syncRoomOf(request.url, docId);
    if (room === null) return refuse(socket, 400, 'unknown channel');
    const link = new SyncSocketLink(deps, docId, room.readOnly ? { ...decision.access, readOnly: true } : decision.access, decision.ip, room.id);
    wss.handleUpgrade(request, socket, head, (ws) => {
      socket.off('error', ignore);
      wss.emit('connection', ws, request);
      try {
        link.attach(ws);
      } catch (err) {
        logger.error('socket.open_failed', { doc: docId, error: String(err) });
        ws.terminate();
      }
    });
  };
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    upgrade(request, socket, head).catch((err: unknown) => {
      logger.error('upgrade.error', { path: request.url?.split('?')[0], error: String(err) });
      refuse(socket, 500, 'internal error');
    });
  };
}
