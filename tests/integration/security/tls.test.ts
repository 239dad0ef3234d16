import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

describe('TLS: HTTPS and WSS from TLS_CERT and TLS_KEY', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  let server: TestServer;

  beforeAll(async () => {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    server = await startTestServer({ TLS_CERT: cert, TLS_KEY: key });
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS, and a stock client syncs over WSS trusting only that certificate', async () => {
    const ca = readFileSync(cert);
    const status = await new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port: server.port, path: '/healthz', ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(200);

    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca });
      }
    }
    const base = `https://127.0.0.1:${server.port}`;
    const a = connectClient(base, 'tls-doc', { WebSocketPolyfill: TrustingWebSocket });
    const b = connectClient(base, 'tls-doc', { WebSocketPolyfill: TrustingWebSocket });
    try {
      await Promise.all([synced(a), synced(b)]);
      expect(a.provider.url.startsWith('wss://')).toBe(true);
      a.text.insert(0, 'over tls');
      await waitFor(() => b.text.toString() === 'over tls', 'edit over wss');
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('refuses plain HTTP on the TLS port', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(res).not.toBe(200);
  });
});
