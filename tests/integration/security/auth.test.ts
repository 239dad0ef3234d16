import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@tandem/protocol';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { makeToken, openRaw, TEST_ADMIN_TOKEN, TEST_SECRET, upgradeStatus } from '../../helpers/sockets.js';

describe('document tokens at the WebSocket upgrade', () => {
  let server: TestServer;
  let siblingsBefore: string[];

  beforeAll(async () => {
    server = await startTestServer({
      AUTH_SECRET: TEST_SECRET,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      ALLOWED_ORIGINS: 'https://app.example.com,http://localhost:5173',
    });
    siblingsBefore = readdirSync(dirname(server.dataDir));
  });
  afterAll(async () => {
    await server.dispose();
  });

  const status = (path: string, headers?: Record<string, string>) => upgradeStatus(server.port, path, headers);
  const withToken = (doc: string, token: string) => `/sync/${doc}?token=${encodeURIComponent(token)}`;

  it('refuses a missing, malformed, badly signed or expired token with 401', async () => {
    expect(await status('/sync/doc-a')).toBe(401);
    expect(await status(withToken('doc-a', 'not-a-jwt'))).toBe(401);
    expect(await status(withToken('doc-a', 'a.b.c'))).toBe(401);
    expect(await status(withToken('doc-a', makeToken({ doc: 'doc-a', role: 'write' }, 'another-secret-0123456789-abcdefghij')))).toBe(401);
    expect(await status(withToken('doc-a', makeToken({ doc: 'doc-a', role: 'write', exp: Math.floor(Date.now() / 1000) - 1 })))).toBe(401);
    expect(await status(withToken('doc-a', makeToken({ doc: 'doc-a', role: 'write', exp: undefined })))).toBe(401);
    expect(await status(withToken('doc-a', makeToken({ doc: 'doc-a', role: 'admin' })))).toBe(401);
    // alg "none" with the signature stripped
    const [, body] = makeToken({ doc: 'doc-a', role: 'write' }).split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${body}.`;
    expect(await status(withToken('doc-a', none))).toBe(401);
    expect(server.sync.stats().rooms).toBe(0);
  });

  it('refuses a token for another document, or a prefix that does not match, with 403', async () => {
    expect(await status(withToken('doc-a', makeToken({ doc: 'doc-b', role: 'write' })))).toBe(403);
    expect(await status(withToken('doc-a', makeToken({ doc: 'doc-', role: 'write' })))).toBe(403);
    expect(await status(withToken('other-1', makeToken({ doc: 'team-*', role: 'write' })))).toBe(403);
    expect(server.sync.stats().rooms).toBe(0);
    expect(await server.store.list()).toEqual([]);
  });

  it('accepts an exact token, a prefix token and a Bearer header', async () => {
    expect(await status(withToken('doc-a', makeToken({ doc: 'doc-a', role: 'write' })))).toBe(101);
    expect(await status(withToken('team-notes', makeToken({ doc: 'team-*', role: 'read' })))).toBe(101);
    expect(await status('/sync/doc-a', { Authorization: `Bearer ${makeToken({ doc: 'doc-a', role: 'read' })}` })).toBe(101);
    await waitFor(() => server.sync.stats().sessions === 0, 'probe sockets closed');
  });

  it('refuses a foreign Origin with 403 and allows listed ones and its own', async () => {
    const token = makeToken({ doc: 'doc-o', role: 'write' });
    expect(await status(withToken('doc-o', token), { Origin: 'https://evil.example.com' })).toBe(403);
    expect(await status(withToken('doc-o', token), { Origin: 'http://app.example.com' })).toBe(403);
    expect(await status(withToken('doc-o', token), { Origin: 'https://app.example.com:444' })).toBe(403);
    expect(await status(withToken('doc-o', token), { Origin: 'null' })).toBe(403);
    expect(await status(withToken('doc-o', token), { Origin: 'https://app.example.com' })).toBe(101);
    expect(await status(withToken('doc-o', token), { Origin: 'http://localhost:5173' })).toBe(101);
    expect(await status(withToken('doc-o', token), { Origin: `http://127.0.0.1:${server.port}` })).toBe(101);
    await waitFor(() => server.sync.stats().sessions === 0, 'probe sockets closed');
  });

  it('refuses invalid document names: nothing loaded, nothing written outside DATA_DIR', async () => {
    const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const names = ['../x', '..%2fx', '%2e%2e', '%2e%2e%2fescape', 'a%00b', '%00', 'x'.repeat(10_240)];
    for (const name of names) {
      expect(await status(`/sync/${name}`, admin), name).toBe(400);
      const token = makeToken({ doc: '*', role: 'write' });
      expect(await status(withToken(name, token)), name).toBe(400);
    }
    expect(server.sync.stats().rooms).toBe(0);
    // Nothing new beside DATA_DIR but other tests' own temporary folders (they run in parallel).
    const added = readdirSync(dirname(server.dataDir)).filter((f) => !siblingsBefore.includes(f) && !f.startsWith('tandem-'));
    expect(added).toEqual([]);
    expect(readdirSync(server.dataDir).every((f) => f === 'files' || f.startsWith('tandem.db') || f.startsWith('webhooks.db') || f.startsWith('audit.db'))).toBe(true);
  });

  it('closes a socket with 4408 when its token expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const raw = await openRaw(server.url, 'doc-exp', { token: makeToken({ doc: 'doc-exp', role: 'write', exp }) });
    const code = await raw.closed;
    expect(code).toBe(CloseCode.tokenExpired);
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 50);
  });

  it('stamps the token name into presence, whatever the client claims', async () => {
    const ada = connectClient(server.url, 'doc-name', { params: { token: makeToken({ doc: 'doc-name', role: 'write', name: 'Ada' }) } });
    const bob = connectClient(server.url, 'doc-name', { params: { token: makeToken({ doc: 'doc-name', role: 'read', name: 'Bob' }) } });
    try {
      await Promise.all([synced(ada), synced(bob)]);
      ada.provider.awareness.setLocalStateField('user', { name: 'Mallory', color: '#f00' });
      await waitFor(() => bob.provider.awareness.getStates().get(ada.doc.clientID)?.user?.color === '#f00', 'presence');
      expect(bob.provider.awareness.getStates().get(ada.doc.clientID)?.user).toEqual({ name: 'Ada', color: '#f00' });
    } finally {
      ada.destroy();
      bob.destroy();
    }
  });

  it('guards the REST API: doc token for one document, admin token for listing', async () => {
    const get = (path: string, token?: string) =>
      fetch(`${server.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }).then((r) => r.status);
    expect(await get('/api/docs')).toBe(401);
    expect(await get('/api/docs', makeToken({ doc: '*', role: 'write' }))).toBe(403);
    expect(await get('/api/docs', 'wrong-admin-token-xyz')).toBe(403);
    expect(await get('/api/docs', TEST_ADMIN_TOKEN)).toBe(200);
    expect(await get('/api/docs/doc-a')).toBe(401);
    expect(await get('/api/docs/doc-a', makeToken({ doc: 'doc-b', role: 'write' }))).toBe(403);
    expect(await get('/api/docs/doc-a', makeToken({ doc: 'doc-a', role: 'read', exp: 1 }))).toBe(401);
    expect([200, 404]).toContain(await get('/api/docs/doc-a', makeToken({ doc: 'doc-a', role: 'read' })));
    expect(await get(`/api/docs/doc-a?token=${makeToken({ doc: 'doc-*', role: 'read' })}`)).not.toBe(401);
    expect(await get('/api/docs/doc-a', TEST_ADMIN_TOKEN)).not.toBe(401);
    expect(await get('/healthz')).toBe(200);
  });
});
