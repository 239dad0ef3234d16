import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor } from '../helpers/clients.js';
import { makeToken, openSilentPeer, TEST_SECRET, upgradeStatus } from '../helpers/sockets.js';

/**
 * The mounting examples (examples/hono-mount, examples/node-http), run as a developer runs them:
 * `node server.ts` in the example's folder, configured by the environment. Tandem lives under
 * `/collab` beside the host's own route; every defence of the standalone server holds there.
 */
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const ALLOWED = 'https://app.example';

interface Example {
  proc: ChildProcess;
  url: string;
  port: number;
  output(): string;
}

async function runExample(name: string, dataDir: string): Promise<Example> {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const proc = spawn(process.execPath, ['server.ts'], {
    cwd: join(EXAMPLES, name),
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, AUTH_SECRET: TEST_SECRET, ALLOWED_ORIGINS: ALLOWED, LOG_LEVEL: 'warn', PING_INTERVAL: '200ms' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 20_000);
    proc.stdout!.on('data', () => {
      const m = /"event":"example\.listening","port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${out}`));
    });
  });
  return { proc, port, url: `http://127.0.0.1:${port}`, output: () => out };
}

describe.each(['hono-mount', 'node-http'])('examples/%s', (name) => {
  const dataDir = mkdtempSync(join(tmpdir(), `tandem-${name}-`));
  let example: Example;
  beforeAll(async () => {
    example = await runExample(name, dataDir);
  });
  afterAll(async () => {
    if (example && example.proc.exitCode === null) {
      const exited = new Promise((resolve) => example.proc.once('exit', resolve));
      example.proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the host app its own and serves Tandem under /collab', async () => {
    const home = await fetch(`${example.url}/`);
    expect(await home.text()).toMatch(/the host app/);
    const health = await fetch(`${example.url}/collab/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toHaveProperty('sessions');
    // Tandem's routes are not at the root, and the web app is off under a base path
    expect(await (await fetch(`${example.url}/healthz`)).text()).not.toMatch(/sessions/);
    expect((await fetch(`${example.url}/collab/d/some-doc`)).status).toBe(404);
  });

  it('syncs two stock y-websocket clients through /collab/sync', async () => {
    const token = makeToken({ doc: 'mounted-doc', role: 'write' });
    const a = connectClient(`${example.url}/collab`, 'mounted-doc', { params: { token } });
    const b = connectClient(`${example.url}/collab`, 'mounted-doc', { params: { token } });
    try {
      await Promise.all([synced(a), synced(b)]);
      a.text.insert(0, `written through ${name}`);
      await waitFor(() => b.text.toString() === `written through ${name}`, 'the edit at the other client');
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('runs the access gate: no token 401, a foreign Origin 403, a bad id 400, off-path 404', async () => {
    const token = makeToken({ doc: 'mounted-doc', role: 'write' });
    const path = `/collab/sync/mounted-doc?token=${token}`;
    expect(await upgradeStatus(example.port, path, { Origin: ALLOWED })).toBe(101);
    expect(await upgradeStatus(example.port, '/collab/sync/mounted-doc', { Origin: ALLOWED })).toBe(401);
    expect(await upgradeStatus(example.port, path, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(example.port, `/collab/sync/${encodeURIComponent('bad id!')}?token=${token}`)).toBe(400);
    // Tandem's endpoint is only under the base path: the example drops other upgrades
    await expect(upgradeStatus(example.port, `/sync/mounted-doc?token=${token}`)).rejects.toThrow();
  });

  it('runs the heartbeat: a half-open peer is dropped within two ping intervals', async () => {
    const silent = await openSilentPeer(example.port, `/collab/sync/mounted-doc?token=${makeToken({ doc: 'mounted-doc', role: 'write' })}`);
    const opened = Date.now();
    await new Promise<void>((resolve) => silent.on('close', () => resolve()));
    expect(Date.now() - opened).toBeLessThanOrEqual(2 * 200 + 300);
  });

  it('stops on SIGTERM with exit 0', async () => {
    const exited = new Promise<number | null>((resolve) => example.proc.once('exit', (code) => resolve(code)));
    example.proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
