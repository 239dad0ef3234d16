import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writeSyncStep1 } from '@tandem/protocol';
import { parseConfig } from './config.js';
import { type RunningServer, startServer } from './server.js';

function upgrade(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('WebSocket upgrades routed through the app', () => {
  let server: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'tandem-upgrade-'));
  beforeAll(async () => {
    server = await startServer(parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a refused upgrade with the route's status and text", async () => {
    expect(await upgrade(server.port, '/nowhere')).toMatchObject({ status: 404 });
    expect(await upgrade(server.port, '/sync/bad%20id')).toEqual({ status: 400, body: 'invalid document id' });
  });

  it('hands accepted sockets to a session that answers binary frames and refuses text ones', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/sync/upgrade-doc`);
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer) => frames.push(d));
    await new Promise((r) => ws.once('open', r));
    ws.send(writeSyncStep1(new Uint8Array([0])));
    for (let i = 0; i < 200 && frames.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(frames.map((f) => [f[0], f[1]])).toContainEqual([0, 1]); // a sync step 2 came back
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('text');
    expect(await closed).toBe(1003);
  });
});
