import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../helpers/server.js';

const BACKUP_MAIN = join(dirname(fileURLToPath(import.meta.url)), '../../../apps/server/dist/backup-main.js');
const TOKEN = 'admin-token-0123456789-backup';

function backup(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BACKUP_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    proc.on('exit', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** A plain HTTP server answering with `handler`, recording every request's headers. */
async function fakeServer(handler: (path: string) => { status: number; body?: string; headers?: Record<string, string> }) {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    const answer = handler(req.url ?? '');
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Issue 13 item 6: the backup command against a hostile server, and a document named __proto__. */
describe('tandem-backup against a hostile server', () => {
  const root = mkdtempSync(join(tmpdir(), 'tandem-backup-hostile-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses ids that would name files outside --dir and never sends its token to an origin it was not given', async () => {
    const elsewhere = await fakeServer(() => ({ status: 200, body: '' }));
    const hostile = await fakeServer((path) => {
      if (path === '/api/docs') return { status: 200, body: JSON.stringify({ docs: [{ id: '../escaped', updatedAt: 'x' }] }) };
      return { status: 302, headers: { location: `${elsewhere.url}/steal` } };
    });
    const redirecting = await fakeServer((path) => {
      if (path === '/api/docs') return { status: 200, body: JSON.stringify({ docs: [{ id: 'fine', updatedAt: 'x' }] }) };
      return { status: 302, headers: { location: `${elsewhere.url}/steal` } };
    });
    try {
      const dir = join(root, 'out', 'inner');
      const first = await backup(['export', '--server', hostile.url, '--dir', dir], { ADMIN_TOKEN: TOKEN });
      expect(first.code).not.toBe(0);
      expect(first.err + first.out).toContain('not a valid id');
      expect(existsSync(join(root, 'out', 'escaped.yjs'))).toBe(false);
      const second = await backup(['export', '--server', redirecting.url, '--dir', dir], { ADMIN_TOKEN: TOKEN });
      expect(second.code).not.toBe(0);
      expect(elsewhere.seen).toEqual([]); // the token never reached another origin
      expect(redirecting.seen.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    } finally {
      await Promise.all([elsewhere.close(), hostile.close(), redirecting.close()]);
    }
  });

  it('backs up and restores a document named __proto__', async () => {
    const source = await startTestServer();
    const target = await startTestServer();
    try {
      const body = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'prototype' }] }] });
      expect((await fetch(`${source.url}/api/docs/__proto__/import`, { method: 'POST', body })).status).toBe(201);
      const dir = join(root, 'proto');
      const out = await backup(['export', '--server', source.url, '--dir', dir]);
      expect(out.code).toBe(0);
      expect(readdirSync(dir)).toContain('__proto__.yjs');
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { docs: Record<string, unknown> };
      expect(Object.keys(manifest.docs)).toContain('__proto__');
      const back = await backup(['import', '--server', target.url, '--dir', dir]);
      expect(back.code).toBe(0);
      const text = await (await fetch(`${target.url}/api/docs/__proto__/export?format=txt`)).text();
      expect(text).toContain('prototype');
    } finally {
      await Promise.all([source.dispose(), target.dispose()]);
    }
  });
});
