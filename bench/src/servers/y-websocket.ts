/**
 * y-websocket's reference server (`@y/websocket-server` 0.1.1: 0.1.5 runs on the Yjs 14
 * prerelease and relays nothing to the Yjs 13 clients the benchmark uses), as its own `server.js` runs it:
 * in memory, no persistence, one document per URL path. Listens on PORT (0: a free port).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';
import { announceListening } from './announce.js';

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => announceListening((server.address() as AddressInfo).port));
