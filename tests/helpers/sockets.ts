import { request } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';

/** A secret long enough for AUTH_SECRET. */
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnop';
/** An ADMIN_TOKEN for tests. */
export const TEST_ADMIN_TOKEN = 'admin-token-0123456789';

/**
 * Signs a document token with TEST_SECRET (HS256); `exp` defaults to one hour from now. Signed
 * here by hand, not by the server's own code (jose), so the server is checked against an
 * independent signer, and synchronously, so tests can build URLs inline.
 */
export function makeToken(claims: Record<string, unknown>, secret = TEST_SECRET): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'test', exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Sends a WebSocket upgrade request for `path` and resolves with the HTTP status (101 when accepted). */
export function upgradeStatus(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw `ws` client socket that records how it was closed. */
export interface RawSocket {
  ws: WebSocket;
  /** Binary frames received. */
  received: Uint8Array[];
  /** Resolves with the close code once the socket closes. */
  closed: Promise<number>;
}

/** Opens a raw WebSocket to `/sync/<docId>` (no y-websocket client) and resolves once it is open. */
export function openRaw(baseUrl: string, docId: string, options: { token?: string; headers?: Record<string, string> } = {}): Promise<RawSocket> {
  const query = options.token ? `?token=${encodeURIComponent(options.token)}` : '';
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sync/${docId}${query}`, { headers: options.headers });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  ws.on('error', () => {});
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, received, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/**
 * Completes a WebSocket handshake over a bare TCP socket and then stays silent, never answering a
 * ping: a half-open peer. Resolves with the socket once the server has answered 101.
 */
export function openSilentPeer(port: number, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
      socket.resume();
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}
