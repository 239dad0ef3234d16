import { describe, expect, it } from 'vitest';
import { serverPerTest } from '../../helpers/attack-server.js';
import { connectClient, synced } from '../../helpers/clients.js';
import { postOversized } from '../../helpers/oversized-post.js';
import { TEST_ADMIN_TOKEN, TEST_SECRET, upgradeStatus } from '../../helpers/sockets.js';

const doc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

/** Issue 13 items 5 and 6 on REST: body limits, MAX_DOCUMENTS on imports, a deleted document's versions. */
describe('REST limits against a real server process', () => {
  const { start } = serverPerTest('rest');

  it('refuses a 20 MiB import with 413 before buffering it, and any other oversized body', async () => {
    const s = await start();
    const huge = new Uint8Array(20 << 20); // the issue sent 200 MiB; anything past MAX_IMPORT_BYTES (5 MiB) shows it
    expect((await postOversized(`${s.url}/api/docs/huge/import?format=yjs`, huge)).status).toBe(413);
    const rename = await fetch(`${s.url}/api/docs/x`, { method: 'PATCH', body: JSON.stringify({ title: 't'.repeat(2 << 20) }), headers: { 'content-type': 'application/json' } });
    expect(rename.status).toBe(413);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('applies MAX_DOCUMENTS to imports (503) while documents already open keep working', async () => {
    const s = await start({ MAX_DOCUMENTS: '2' });
    const a = connectClient(s.url, 'open-a');
    const b = connectClient(s.url, 'open-b');
    await Promise.all([synced(a), synced(b)]);
    const refused = await fetch(`${s.url}/api/docs/third/import`, { method: 'POST', body: doc('x') });
    expect(refused.status).toBe(503);
    a.text.insert(0, 'still editing');
    const again = connectClient(s.url, 'open-a');
    await synced(again);
    expect(again.text.toString()).toBe('still editing');
    for (const c of [a, b, again]) c.destroy();
  });

  it("hides a deleted document's versions with it", async () => {
    const s = await start();
    expect((await fetch(`${s.url}/api/docs/gone/import`, { method: 'POST', body: doc('secret') })).status).toBe(201);
    const { versions } = (await (await fetch(`${s.url}/api/docs/gone/versions`)).json()) as { versions: { id: number }[] };
    expect(versions.length).toBeGreaterThan(0);
    const version = `${s.url}/api/docs/gone/versions/${versions[0]!.id}?format=txt`;
    expect((await fetch(version)).status).toBe(200);
    expect((await fetch(`${s.url}/api/docs/gone`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(version)).status).toBe(404);
    expect((await fetch(`${s.url}/api/docs/gone/versions`)).status).toBe(404);
  });

  it('does not let ADMIN_TOKEN open a document socket (403): it stays a REST credential', async () => {
    const s = await start({ AUTH_SECRET: TEST_SECRET, ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    expect(await upgradeStatus(s.port, `/sync/any?token=${TEST_ADMIN_TOKEN}`)).toBe(403);
    expect(await upgradeStatus(s.port, '/sync/any', { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })).toBe(403);
    expect((await fetch(`${s.url}/api/docs`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })).status).toBe(200);
  });
});
