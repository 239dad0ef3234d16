import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnTestServer } from '../../helpers/server.js';
import { HONEST_P99_MS, startHonestCollaborator } from '../../helpers/honest-collaborator.js';
import { postOversized } from '../../helpers/oversized-post.js';

/**
 * Issue 13 item 1: one import request with deeply nested HTML used to kill the server (happy-dom's
 * un-awaited teardown threw outside any try). Imports now parse in a sandbox thread; the attacker
 * gets a clear 4xx and everyone else keeps editing.
 */
describe('hostile imports against a real server process', () => {
  let server: ServerProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tandem-attack-import-'));
    server = await spawnTestServer({ DATA_DIR: dataDir, MAX_IMPORT_BYTES: String(1 << 20) });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (path: string, body: string | Uint8Array<ArrayBuffer>, type = 'text/plain') => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', body, headers: { 'content-type': type } });
    return { status: res.status, body: (await res.json()) as { error?: string; id?: string } };
  };

  it('refuses nested HTML and Markdown, too-large bodies and bad Yjs with 4xx, stays up, and an honest collaborator keeps editing', async () => {
    const honest = await startHonestCollaborator(server.url, 'honest-doc', { everyMs: 40 });
    let exited = false;
    void server.exited.then(() => (exited = true));
    const deepDiv = '<div>'.repeat(3000) + 'x' + '</div>'.repeat(3000);
    const attacks: { path: string; body: string | Uint8Array<ArrayBuffer>; expect: number[] }[] = [];
    for (let i = 0; i < 10; i++) {
      attacks.push({ path: `/api/docs/deep-html-${i}/import?format=html`, body: deepDiv, expect: [400] });
      attacks.push({ path: `/api/docs/deep-b-${i}/import?format=html`, body: '<b><i>'.repeat(20_000), expect: [400] });
      attacks.push({ path: `/api/docs/deep-md-${i}/import?format=md`, body: '> - '.repeat(50_000) + 'x', expect: [201, 400] });
      attacks.push({ path: `/api/docs/deep-json-${i}/import?format=json`, body: '{"type":"doc","content":['.repeat(20_000), expect: [400] });
      attacks.push({ path: `/api/docs/bad-yjs-${i}/import?format=yjs`, body: new Uint8Array([1, 1, 5, 0, 0x81, 0xff, 0xff, 0xff, 0x0f]), expect: [400] });
    }
    for (const attack of attacks) {
      const { status } = await post(attack.path, attack.body);
      expect(attack.expect, `${attack.path} answered ${status}`).toContain(status);
    }
    const tooBig = await postOversized(`${server.url}/api/docs/too-big/import?format=html`, 'x'.repeat(2 << 20), { 'content-type': 'text/plain' });
    expect(tooBig.status).toBe(413);
    const deep = await post('/api/docs/deep-once-more/import?format=html', deepDiv);
    expect(deep).toEqual({ status: 400, body: { error: 'HTML nests elements deeper than 128 levels' } });
    // The server is still up and still imports honest content.
    await new Promise((r) => setTimeout(r, 500));
    expect(exited).toBe(false);
    const fine = await post('/api/docs/fine-after/import?format=html', '<h1>Still here</h1><p>after the attack</p>');
    expect(fine.status).toBe(201);
    const report = await honest.finish();
    expect(exited).toBe(false);
    expect(report.closeCodes).toEqual([]);
    expect(report.nothingLost).toBe(true);
    expect(report.edits).toBeGreaterThan(10);
    expect(report.p99).toBeLessThan(HONEST_P99_MS);
    expect(server.output()).not.toContain('Maximum call stack');
  });
});
