/**
 * The ceiling: a bare `ws` relay with no Yjs. Every binary frame is sent as it is to every other
 * socket on the same URL path. It keeps no state, so it cannot answer a sync handshake.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { announceListening } from './announce.js';

const rooms = new Map<string, Set<WebSocket>>();
const server = http.createServer((_req, res) => res.end('okay'));
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  const name = req.url ?? '/';
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  room.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const peer of room) if (peer !== ws && peer.readyState === 1) peer.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    room.delete(ws);
    if (room.size === 0) rooms.delete(name);
  });
  ws.on('error', () => {});
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => announceListening((server.address() as AddressInfo).port));
