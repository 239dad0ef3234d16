import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';
import { TEST_ADMIN_TOKEN } from '../helpers/sockets.js';

const headers = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

/** Backends a server can store documents in on this machine (PostgreSQL when DATABASE_URL is set). */
const backends: [string, Record<string, string>][] = [['SQLite', {}]];
if (process.env.DATABASE_URL) backends.push(['PostgreSQL', { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: `empty_create_${Date.now().toString(36)}` }]);

describe.each(backends)('a document created empty (%s)', (_name, env) => {
  it('exists: it reads, is listed, keeps its id taken, and can be deleted and restored', { timeout: 60_000 }, async () => {
    const server = await startTestServer({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env });
    try {
      const made = await fetch(`${server.url}/api/docs`, { method: 'POST', headers, body: '{}' });
      expect(made.status).toBe(201);
      const { id } = (await made.json()) as { id: string };
      const content = await fetch(`${server.url}/api/docs/${id}/content`, { headers });
      expect(content.status).toBe(200);
      expect(((await content.json()) as { content: unknown }).content).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
      const list = (await (await fetch(`${server.url}/api/docs`, { headers })).json()) as { docs: { id: string }[] };
      expect(list.docs.map((d) => d.id)).toContain(id);
      expect((await fetch(`${server.url}/api/docs`, { method: 'POST', headers, body: JSON.stringify({ id }) })).status).toBe(409);
      expect((await fetch(`${server.url}/api/docs/${id}`, { method: 'DELETE', headers })).status).toBe(200);
      expect((await fetch(`${server.url}/api/docs/${id}/restore`, { method: 'POST', headers })).status).toBe(200);
      // an empty Markdown import is a document too
      expect((await fetch(`${server.url}/api/docs/empty-md/import?format=md`, { method: 'POST', headers, body: '' })).status).toBe(201);
      expect((await fetch(`${server.url}/api/docs/empty-md`, { method: 'DELETE', headers })).status).toBe(200);
    } finally {
      await server.dispose();
    }
  });
});
