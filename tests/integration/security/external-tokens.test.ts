import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, SERVER_MAIN, spawnTestServer } from '../../helpers/server.js';
import { connectClient, synced, waitFor } from '../../helpers/clients.js';
import { makeToken, TEST_SECRET, upgradeStatus } from '../../helpers/sockets.js';

type Alg = 'RS256' | 'ES256' | 'EdDSA';
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A signing key of the test's identity provider: private half here, public half in the JWKS. */
interface SigningKey {
  alg: Alg;
  kid: string;
  privateKey: PrivateKey;
  jwk: JWK;
  pem: string;
}

async function signingKey(alg: Alg, kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, pem: await exportSPKI(publicKey) };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function sign(key: SigningKey, claims: Record<string, unknown>, kid = key.kid): Promise<string> {
  return new SignJWT({ sub: 'idp-user', ...claims }).setProtectedHeader({ alg: key.alg, kid }).setExpirationTime(nowSeconds() + 600).sign(key.privateKey);
}

/** Status of a WebSocket upgrade with `token` (101 when accepted); refusals carry no body, the reason is logged. */
const upgrade = (port: number, docId: string, token: string) => upgradeStatus(port, `/sync/${docId}?token=${encodeURIComponent(token)}`);

/** A loopback HTTP server standing in for an identity provider's JWKS endpoint; counts requests. */
async function startJwksServer(handler: (res: import('node:http').ServerResponse) => void): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    handler(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The reasons the server logged for refused upgrades, in order. */
function refusals(server: ServerProcess): string[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.includes('"event":"upgrade.refused"'))
    .map((line) => (JSON.parse(line) as { reason: string }).reason);
}

async function stop(server: ServerProcess | undefined): Promise<void> {
  await server?.stop();
}

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-ext-tokens-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('asymmetric tokens verified against a JWKS (real server process, stock y-websocket client)', () => {
  let keys: Record<Alg, SigningKey>;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let server: ServerProcess;

  beforeAll(async () => {
    keys = { RS256: await signingKey('RS256', 'rsa-1'), ES256: await signingKey('ES256', 'ec-1'), EdDSA: await signingKey('EdDSA', 'ed-1') };
    jwks = await startJwksServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: Object.values(keys).map((k) => k.jwk) }));
    });
    server = await spawnTestServer({ DATA_DIR: join(dataDir, 'jwks'), AUTH_JWKS_URL: jwks.url, AUTH_SECRET: TEST_SECRET, MAX_TOKEN_TTL: '1h', LOG_THROTTLE_WINDOW: 'off' });
  });
  afterAll(async () => {
    await stop(server);
    await jwks.close();
  });

  it('lets RS256, ES256 and EdDSA token holders edit together; read and comment tokens cannot write', async () => {
    const doc = 'jwks-doc';
    const writer = connectClient(server.url, doc, { params: { token: await sign(keys.RS256, { doc, role: 'write', name: 'Ada' }) } });
    const editor = connectClient(server.url, doc, { params: { token: await sign(keys.EdDSA, { doc: 'jwks-*', role: 'write' }) } });
    const reader = connectClient(server.url, doc, { params: { token: await sign(keys.ES256, { doc, role: 'read' }) } });
    const commenter = connectClient(server.url, doc, { params: { token: await sign(keys.EdDSA, { doc, role: 'comment' }) } });
    const hs = connectClient(server.url, doc, { params: { token: makeToken({ doc, role: 'write' }) } });
    const all = [writer, editor, reader, commenter, hs];
    try {
      await Promise.all(all.map(synced));
      writer.text.insert(0, 'rsa ');
      editor.text.insert(0, 'ed ');
      hs.text.insert(0, 'hs ');
      const everyone = (t: string) => all.every((c) => c.text.toString().length === t.length);
      await waitFor(() => everyone('hs ed rsa '), 'every client sees the three writers');
      reader.text.insert(0, 'READER ');
      commenter.text.insert(0, 'COMMENTER ');
      writer.text.insert(writer.text.length, 'end');
      await waitFor(() => editor.text.toString().endsWith('end'), 'a later write arrives');
      await new Promise((r) => setTimeout(r, 200));
      expect(editor.text.toString()).not.toMatch(/READER|COMMENTER/);
      expect(writer.text.toString()).not.toMatch(/READER|COMMENTER/);
    } finally {
      for (const c of all) c.destroy();
    }
    // the JWKS was fetched once and then served from the cache
    expect(jwks.requests()).toBe(1);
  });

  it('refuses unknown keys, key confusion, foreign documents and tokens past MAX_TOKEN_TTL', async () => {
    const stranger = await signingKey('ES256', 'ec-1'); // same kid, another key
    const unknownKid = await signingKey('RS256', 'rsa-unknown');
    expect(await upgrade(server.port, 'doc-a', await sign(stranger, { doc: 'doc-a', role: 'write' }))).toBe(401);
    expect(await upgrade(server.port, 'doc-a', await sign(unknownKid, { doc: 'doc-a', role: 'write' }))).toBe(401);
    // HS256 "signed" with the RSA public key as the secret: refused, HS256 is checked only against AUTH_SECRET
    expect(await upgrade(server.port, 'doc-a', makeToken({ doc: 'doc-a', role: 'write' }, keys.RS256.pem))).toBe(401);
    expect(await upgrade(server.port, 'doc-a', await sign(keys.ES256, { doc: 'doc-b', role: 'write' }))).toBe(403);
    expect(await upgrade(server.port, 'doc-a', await sign(keys.ES256, { doc: 'doc-a', role: 'owner' }))).toBe(401);
    const longLived = await new SignJWT({ doc: 'doc-a', role: 'write' }).setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).setExpirationTime(nowSeconds() + 7200).sign(keys.ES256.privateKey);
    expect(await upgrade(server.port, 'doc-a', longLived)).toBe(401);
    await waitFor(() => refusals(server).length >= 6, 'refusals logged');
    expect(refusals(server).slice(-6)).toEqual([
      'invalid token: bad-signature',
      'invalid token: unknown-key',
      'invalid token: bad-signature',
      'the token does not cover this document',
      'invalid token: bad-claims: role must be read, comment or write',
      'invalid token: too-long-lived: exp lies more than MAX_TOKEN_TTL (1h) ahead',
    ]);
    const rest = await fetch(`${server.url}/api/docs/doc-a`, { headers: { Authorization: `Bearer ${makeToken({ doc: 'doc-a', role: 'read', exp: nowSeconds() + 7200 })}` } });
    expect(rest.status).toBe(401);
    expect(await rest.text()).toContain('MAX_TOKEN_TTL');
    expect(await upgrade(server.port, 'doc-a', makeToken({ doc: 'doc-a', role: 'read', exp: nowSeconds() + 3500 }))).toBe(101);
  });
});

describe('a JWKS endpoint that does not answer', () => {
  it('refuses tokens with 401 after the time-out, and the server keeps serving', async () => {
    const key = await signingKey('ES256', 'slow');
    const silent = await startJwksServer(() => {}); // accepts, never answers
    const server = await spawnTestServer({ DATA_DIR: join(dataDir, 'silent'), AUTH_JWKS_URL: silent.url });
    try {
      const started = Date.now();
      expect(await upgrade(server.port, 'doc-s', await sign(key, { doc: 'doc-s', role: 'write' }))).toBe(401);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
      expect(Date.now() - started).toBeLessThan(10_000);
      await waitFor(() => refusals(server).length === 1, 'refusal logged');
      expect(refusals(server)).toEqual(['invalid token: keys-unavailable: the signing keys could not be fetched']);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await stop(server);
      await silent.close();
    }
  });
});

describe('asymmetric tokens verified against a public key file', () => {
  it('accepts an EdDSA token from the stock client and refuses one signed by another key', async () => {
    const key = await signingKey('EdDSA', 'file');
    const file = join(dataDir, 'ed25519.pem');
    writeFileSync(file, key.pem);
    const server = await spawnTestServer({ DATA_DIR: join(dataDir, 'file'), AUTH_PUBLIC_KEY_FILE: file });
    try {
      const a = connectClient(server.url, 'pem-doc', { params: { token: await sign(key, { doc: 'pem-doc', role: 'write' }) } });
      const b = connectClient(server.url, 'pem-doc', { params: { token: await sign(key, { doc: 'pem-doc', role: 'write' }) } });
      try {
        await Promise.all([synced(a), synced(b)]);
        a.text.insert(0, 'signed with Ed25519');
        await waitFor(() => b.text.toString() === 'signed with Ed25519', 'edit relayed');
      } finally {
        a.destroy();
        b.destroy();
      }
      const other = await signingKey('EdDSA', 'file');
      expect(await upgrade(server.port, 'pem-doc', await sign(other, { doc: 'pem-doc', role: 'write' }))).toBe(401);
      expect(await upgrade(server.port, 'pem-doc', makeToken({ doc: 'pem-doc', role: 'write' }))).toBe(401);
      await waitFor(() => refusals(server).length === 2, 'refusals logged');
      expect(refusals(server)).toEqual(['invalid token: bad-signature', 'invalid token: unsupported-alg']);
    } finally {
      await stop(server);
    }
  });
});

describe('token configuration at start-up', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [SERVER_MAIN], { env: { ...process.env, PORT: '0', DATA_DIR: join(dataDir, 'bad'), ...env }, encoding: 'utf8', timeout: 30_000 });

  // four start-ups in a row: on a busy machine each can take seconds
  it('stops with exit 2 naming the variable', { timeout: 150_000 }, () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ AUTH_JWKS_URL: 'http://idp.example.com/jwks' }, /AUTH_JWKS_URL: must be an https:\/\/ URL/],
      [{ AUTH_PUBLIC_KEY_FILE: join(dataDir, 'nope.pem') }, /AUTH_PUBLIC_KEY_FILE: must be a readable PEM file/],
      [{ MAX_TOKEN_TTL: 'forever' }, /MAX_TOKEN_TTL: must be a duration/],
      [{ MAX_TOKEN_TTL: '1000d' }, /MAX_TOKEN_TTL: must be a duration from 1m to 366d/],
    ];
    for (const [env, message] of cases) {
      const result = run(env);
      expect(result.status, JSON.stringify(env)).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
