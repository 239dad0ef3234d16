import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnTestServer } from '../helpers/server.js';
import { createRandom, testSeed } from '../helpers/random.js';

/** Posts one new thread in open mode; resolves with the HTTP status (201 once stored). */
async function comment(server: ServerProcess, docId: string, id: string): Promise<number> {
  const res = await fetch(`${server.url}/api/docs/${docId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, body: `comment ${id}`, authorName: 'Kim' }),
  });
  await res.body?.cancel();
  return res.status;
}

describe('durability: SIGKILL loses no acknowledged comment', () => {
  const seed = testSeed();
  const rnd = createRandom(seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-comments-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every comment the server answered 201 for (seed ${seed})`, { timeout: 60_000 }, async () => {
    const docId = 'kill-comments';
    const env = { DATA_DIR: dataDir };
    let server = await spawnTestServer(env);
    const acknowledged: string[] = [];
    const killAfter = 10 + rnd.int(30);
    // four writers post without pause; the server is killed mid-stream, after a random count
    let running = true;
    const writers = [0, 1, 2, 3].map(async (w) => {
      for (let i = 0; running; i++) {
        const id = `kill-w${w}-${String(i).padStart(4, '0')}`;
        try {
          if ((await comment(server, docId, id)) === 201) acknowledged.push(id);
        } catch {
          return; // the server is gone: this request was never answered
        }
      }
    });
    while (acknowledged.length < killAfter) await new Promise((r) => setTimeout(r, 5));
    await server.stop('SIGKILL');
    running = false;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    server = await spawnTestServer(env);
    try {
      const res = await fetch(`${server.url}/api/docs/${docId}/comments`);
      const { threads } = (await res.json()) as { threads: Array<{ id: string; author: { name: string } }> };
      const kept = new Set(threads.map((t) => t.id));
      expect(acknowledged.filter((id) => !kept.has(id))).toEqual([]);
      expect(threads.every((t) => t.author.name === 'Kim')).toBe(true);
    } finally {
      await server.dispose();
    }
  });
});
